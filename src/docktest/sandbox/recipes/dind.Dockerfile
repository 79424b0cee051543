# The sandbox's inner Docker daemon and the shell the notes' commands run in (offline mode): what a reader has,
# Engine 26 with BuildKit as the default builder, and buildx and Compose v2 as CLI plugins (Debian 13's packages).
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      docker.io docker-cli docker-buildx docker-compose sudo \
      iptables procps iproute2 curl ca-certificates less nano-tiny tar gzip xz-utils \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/pkgcache.bin
ENV TERM=dumb
WORKDIR /docs
CMD ["dockerd"]
