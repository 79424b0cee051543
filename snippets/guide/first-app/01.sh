#!/usr/bin/env bash
# docs/guide/first-app.md:46 — extracted by docktest; edit the page, not this file.
docker build -t greeter .
docker run --rm greeter
