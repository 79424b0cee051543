"""Files written whole, then renamed into place: a parallel reader, a crash or Ctrl-C never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_whole(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Make PATH hold DATA (with permissions MODE) in one rename; on any failure PATH is as it was."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False) as out:
        out.write(data)
    try:
        os.chmod(out.name, mode)
        os.replace(out.name, path)
    except BaseException:
        Path(out.name).unlink(missing_ok=True)
        raise
