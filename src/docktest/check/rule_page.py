"""One page as the page rules see it (as rules.Block is one snippet): the page as extraction parsed it, and the docker
command tree of the client the site's settings name."""

from __future__ import annotations

from dataclasses import dataclass

from docktest.extract import markdown


@dataclass(frozen=True)
class RulePage:
    """What each page rule is handed: no rule reads the page again or looks its settings up itself."""

    path: str  # the page as findings name it
    page: markdown.Page
    docker: dict | None  # the docker command tree (docker_table.table of the settings' client); None: none readable
