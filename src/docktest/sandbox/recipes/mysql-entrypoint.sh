#!/bin/bash
# The mysql stand-in's entrypoint (MariaDB): on the first start, a data directory whose root user has
# MYSQL_ROOT_PASSWORD (or none, with MYSQL_ALLOW_EMPTY_PASSWORD) from any host, the database MYSQL_DATABASE and the
# user MYSQL_USER with MYSQL_PASSWORD on it, then /docker-entrypoint-initdb.d/*.sh|*.sql; then the server as mysql.
set -Eeo pipefail
if [ "${1:0:1}" = - ]; then
    set -- mysqld "$@"
fi
case " $* " in *" -V "*|*" --version "*|*" --help "*|*" --verbose --help "*) exec "$@" ;; esac  # asks only
if [ "$1" = mysqld ] || [ "$1" = mariadbd ]; then
    if [ "$(id -u)" = 0 ]; then
        chown -R mysql:mysql /var/lib/mysql /run/mysqld
        exec setpriv --reuid=mysql --regid=mysql --init-groups "$0" "$@"
    fi
    if [ ! -d /var/lib/mysql/mysql ]; then
        if [ -z "${MYSQL_ROOT_PASSWORD:-}" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ]; then
            echo 'error: database is uninitialized and password option is not specified' >&2
            echo '  You need to specify one of MYSQL_ROOT_PASSWORD or MYSQL_ALLOW_EMPTY_PASSWORD' >&2
            exit 1
        fi
        echo 'Initializing database (MariaDB, standing in for MySQL)'
        mariadb-install-db --user=mysql --datadir=/var/lib/mysql --auth-root-authentication-method=normal \
            --skip-test-db --skip-name-resolve > /dev/null
        "$@" --skip-networking --socket=/run/mysqld/mysqld.sock &
        server=$!
        for _ in $(seq 300); do
            mariadb --protocol=socket -uroot -e 'SELECT 1' > /dev/null 2>&1 && break
            sleep 0.1
        done
        quote() { printf "'%s'" "${1//\'/\'\'}"; }
        password=$(quote "${MYSQL_ROOT_PASSWORD:-}")
        {
            echo "SET @@SESSION.SQL_LOG_BIN=0;"
            # mariadb-install-db also makes root@<this container's name>: a name nobody connects as
            echo "DELETE FROM mysql.global_priv WHERE Host NOT IN ('localhost', '%');"
            echo "DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost', '%');"
            echo "FLUSH PRIVILEGES;"
            echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $password;"
            echo "CREATE USER 'root'@'%' IDENTIFIED BY $password;"
            echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
            if [ -n "${MYSQL_DATABASE:-}" ]; then
                echo "CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE//\`/\`\`}\`;"
            fi
            if [ -n "${MYSQL_USER:-}" ] && [ -n "${MYSQL_PASSWORD:-}" ]; then
                echo "CREATE USER $(quote "$MYSQL_USER")@'%' IDENTIFIED BY $(quote "$MYSQL_PASSWORD");"
                if [ -n "${MYSQL_DATABASE:-}" ]; then
                    echo "GRANT ALL ON \`${MYSQL_DATABASE//\`/\`\`}\`.* TO $(quote "$MYSQL_USER")@'%';"
                fi
            fi
        } | mariadb --protocol=socket -uroot
        export MYSQL_PWD=${MYSQL_ROOT_PASSWORD:-}
        for file in /docker-entrypoint-initdb.d/*; do
            case "$file" in
                *.sh) echo "running $file"; . "$file" ;;
                *.sql) echo "running $file"; mariadb --protocol=socket -uroot ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} < "$file" ;;
                *.sql.gz) echo "running $file"; gunzip -c "$file" | mariadb --protocol=socket -uroot ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} ;;
            esac
        done
        unset MYSQL_PWD
        kill "$server"
        wait "$server"
        echo 'MariaDB init process done. Ready for start up.'
    fi
fi
exec "$@"
