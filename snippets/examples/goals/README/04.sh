#!/usr/bin/env bash
# docs/examples/goals/README.md:54 — extracted by docktest; edit the page, not this file.
docker rm -f goals
docker rmi goals
