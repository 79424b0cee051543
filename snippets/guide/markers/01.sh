#!/usr/bin/env bash
# docs/guide/markers.md:153 — extracted by docktest; edit the page, not this file.
docker ps -a
