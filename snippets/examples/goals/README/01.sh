#!/usr/bin/env bash
# docs/examples/goals/README.md:15 — extracted by docktest; edit the page, not this file.
docker build -t goals .
docker run -d -p 3000:80 --name goals goals
