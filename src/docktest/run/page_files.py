"""A page's file blocks → files in the session's working folder inside the sandbox, exactly as shown, never outside it."""

from __future__ import annotations

from collections.abc import Sequence

from docktest.extract.file_blocks import path_problem
from docktest.model import FileBlock
from docktest.sandbox.launcher import Sandbox
from docktest.run.session import STATE_DIR

# In the session's working folder (its saved state's last line is `cd <folder>`), write stdin to "$1": refused when
# the path resolves outside that folder (`..`, or a symlink already there such as `etc -> /etc`).
_WRITE = f"""
. {STATE_DIR}/state >/dev/null 2>&1 || {{ echo "the session's working folder is gone"; exit 1; }}
here=$(pwd -P)
target=$(realpath -m -- "$1")
case $target in
  "$here"/*) ;;
  *) echo "it resolves to $target, outside the working folder $here"; exit 1 ;;
esac
mkdir -p -- "${{target%/*}}" 2>&1 && cat > "$target" 2>&1
"""


def write_files(sandbox: Sandbox, files: Sequence[FileBlock]) -> str:
    """Write FILES, in order, into the folder the page's commands run in now; "" when all were written, else why the
    first that could not be was not (the ones after it are not written either)."""
    for file in files:
        problem = path_problem(file.name)
        if problem is None:
            written = sandbox.docker.run("exec", "-i", sandbox.container, "bash", "-c", _WRITE, "-", file.name,
                                         input=file.code.encode("utf-8"), text=False)
            problem = (written.stdout + written.stderr).decode(errors="replace").strip() if written.returncode else None
        if problem is not None:
            return f"the file block at line {file.start_line - 1} ('{file.name}') was not written: {problem}"
    return ""
