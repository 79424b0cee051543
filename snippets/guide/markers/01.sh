#!/usr/bin/env bash
# docs/guide/markers.md:157 — extracted by docktest; edit the page, not this file.
docker ps -a
