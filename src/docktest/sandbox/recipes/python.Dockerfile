# Stand-in for Docker Hub's `python` image, from Debian's python3 (offline mode only).
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python-is-python3 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/pkgcache.bin
CMD ["python3"]
