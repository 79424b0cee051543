# Stand-in for Docker Hub's `node` image, from Debian's nodejs (offline mode only).
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/pkgcache.bin
CMD ["node"]
