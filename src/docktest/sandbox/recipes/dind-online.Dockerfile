# Online mode's inner Docker daemon: the official docker:dind plus bash, the shell docktest's session runs the
# notes' commands in. The official image is Alpine and has none; an image that already has bash is kept as is.
ARG BASE
FROM ${BASE}
RUN command -v bash >/dev/null || apk add --no-cache bash
