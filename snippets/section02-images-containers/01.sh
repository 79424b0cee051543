#!/usr/bin/env bash
# docs/section02-images-containers.md:15 — extracted by docktest; edit the page, not this file.
# 노드 이미지 다운로드
docker pull node:latest

# 노드 이미지 실행
docker run node

# 실행중인 컨테이너 확인하기
docker ps -a

# 컨테이너 interactive 모드로 실행하기
docker run -it node
