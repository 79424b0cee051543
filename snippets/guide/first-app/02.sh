#!/usr/bin/env bash
# docs/guide/first-app.md:66 — extracted by docktest; edit the page, not this file.
docker compose up -d
docker compose ps
curl -s localhost:8000
docker compose down
