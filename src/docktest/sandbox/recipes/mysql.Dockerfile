# Stand-in for Docker Hub's `mysql` image (offline mode only): Debian has no MySQL, so this is MariaDB 11.8, MySQL's
# fork (`mysql --version` says so) — its server and its `mysql` client, with an entrypoint that reads the official
# image's variables (MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD) and
# runs /docker-entrypoint-initdb.d on the first start; port 3306.
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server-core mariadb-client-core \
 && groupadd --system mysql && useradd --system --gid mysql --home-dir /var/lib/mysql mysql \
 && mkdir -p /var/lib/mysql /run/mysqld /docker-entrypoint-initdb.d \
 && chown mysql:mysql /var/lib/mysql /run/mysqld \
 && printf '[mysqld]\nbind-address = 0.0.0.0\nskip-name-resolve\n' > /etc/mysql/conf.d/docker.cnf \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/pkgcache.bin
COPY mysql-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/mysql
EXPOSE 3306
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["mysqld"]
