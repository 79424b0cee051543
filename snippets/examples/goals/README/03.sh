#!/usr/bin/env bash
# docs/examples/goals/README.md:44 — extracted by docktest; edit the page, not this file.
curl -s --data-urlencode "goal=컨테이너 익히기" http://localhost:3000/store-goal
curl -s http://localhost:3000/ | grep 'id="goal"'
