# Stand-in for Docker Hub's `httpd` image (offline mode only): Debian's apache2, serving /usr/local/apache2/htdocs
# on port 80 as the official image does, logs on the container's stdout and stderr, `httpd-foreground` the command.
# Apache's configuration is Debian's (/etc/apache2), not the official image's /usr/local/apache2/conf.
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends apache2 \
 && mkdir -p /usr/local/apache2/htdocs \
 && echo '<html><body><h1>It works!</h1></body></html>' > /usr/local/apache2/htdocs/index.html \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/pkgcache.bin
COPY httpd-site.conf /etc/apache2/sites-available/000-default.conf
COPY httpd-foreground /usr/local/bin/httpd-foreground
WORKDIR /usr/local/apache2
EXPOSE 80
STOPSIGNAL SIGWINCH
CMD ["httpd-foreground"]
