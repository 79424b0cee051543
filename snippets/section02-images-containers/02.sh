#!/usr/bin/env bash
# docs/section02-images-containers.md:74 — extracted by docktest; edit the page, not this file.
docker ps -a  # 모든 컨테이너를 표시(중지되었거나, 실행 중인 컨테이너)

docker run {이미지 이름} # 이미지를 기반으로 새 컨테이너를 만들고 그 이후에 새 컨테이너가 시작
