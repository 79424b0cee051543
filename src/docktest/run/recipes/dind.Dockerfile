# The sandbox's inner Docker daemon and the shell the notes' commands run in (offline mode).
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      docker.io iptables procps iproute2 curl ca-certificates less nano-tiny tar gzip xz-utils \
 && rm -rf /var/lib/apt/lists/*
# `docker compose` inside the sandbox: the Compose binary of the project's environment.
COPY docker-compose /usr/libexec/docker/cli-plugins/docker-compose
ENV TERM=dumb
WORKDIR /docs
CMD ["dockerd"]
