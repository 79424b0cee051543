"""MkDocs hook: let Material's search find a Korean word whatever particle follows it (이미지는 → 이미지를).

Material writes its search index with the `separator` both the page text and the query are split
with; this hook extends that separator with Korean particles (docktest.korean), so the particle is
dropped on both sides. Nothing else in the index changes, and nothing is loaded from the network.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from notes_site.korean import with_particles

log = logging.getLogger("mkdocs.plugins.korean_search")


@event_priority(-50)  # after Material's search plugin writes the index, before its offline plugin copies it
def on_post_build(config, **_: object) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.is_file():
        log.debug("no %s (search plugin disabled): nothing to do", path)
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index["config"]["separator"] = with_particles(index["config"]["separator"])
    # Material's own format: compact, ASCII-escaped.
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
