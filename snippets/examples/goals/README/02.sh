#!/usr/bin/env bash
# docs/examples/goals/README.md:22 — extracted by docktest; edit the page, not this file.
curl -s http://localhost:3000/
