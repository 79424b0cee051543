#!/usr/bin/env bash
# docs/section02-images-containers.md:162 — extracted by docktest; edit the page, not this file.
docker build -t goals:latest .
