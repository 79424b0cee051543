#!/usr/bin/env bash
# docs/section02-images-containers.md:102 — extracted by docktest; edit the page, not this file.
docker build -f Dockerfile-rng -t section02-rng .

docker run -it section02-rng

# 또는 중지 시킨 뒤 아래의 명령을 실행해도 된다.
docker start -ai {컨테이너 이름}
