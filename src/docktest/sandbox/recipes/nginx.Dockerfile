# Stand-in for Docker Hub's `nginx` image (offline mode only): Debian's nginx, laid out as the official image is —
# the site in /usr/share/nginx/html served on port 80 (conf.d/default.conf), logs on the container's stdout and
# stderr (`docker logs`), nginx in the foreground.
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx \
 && rm -f /etc/nginx/sites-enabled/default \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/pkgcache.bin
COPY nginx-default.conf /etc/nginx/conf.d/default.conf
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
