#!/usr/bin/env bash
# docs/section02-images-containers.md:132 — extracted by docktest; edit the page, not this file.
# 중지된 컨테이너 삭제
docker rm $(docker ps -aq -f "status=exited")

# 필요없는 이미지 삭제(실행하고 있는 컨테이너가 사용하는 이미지는 삭제 안됨)
docker image prune
