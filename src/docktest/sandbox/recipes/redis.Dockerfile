# Stand-in for Docker Hub's `redis` image (offline mode only): Debian's redis-server and redis-cli, run as the
# official image runs them — in /data, on port 6379, without protected mode unless a config file says otherwise.
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server redis-tools \
 && mkdir -p /data && chown redis:redis /data \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/pkgcache.bin
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
