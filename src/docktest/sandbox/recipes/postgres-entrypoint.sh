#!/bin/bash
# The postgres stand-in's entrypoint: on the first start, a cluster in PGDATA with the superuser POSTGRES_USER
# (default postgres) and its password, a database POSTGRES_DB (default: the user's name), password logins from
# other hosts, then /docker-entrypoint-initdb.d/*.sh|*.sql; then the server, as the postgres user, on every address.
set -Eeo pipefail
if [ "${1:0:1}" = - ]; then
    set -- postgres "$@"
fi
case " $* " in *" -V "*|*" --version "*|*" --help "*|*" --describe-config "*) exec "$@" ;; esac  # asks only
if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA"
    chown -R postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
        echo 'Error: Database is uninitialized and superuser password is not specified.' >&2
        echo '       Give POSTGRES_PASSWORD a non-empty value, e.g. "-e POSTGRES_PASSWORD=password" on "docker run"' >&2
        echo '       (or POSTGRES_HOST_AUTH_METHOD=trust to allow every connection without a password).' >&2
        exit 1
    fi
    user=${POSTGRES_USER:-postgres}
    database=${POSTGRES_DB:-$user}
    # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS holds several arguments, as in the official image
    initdb --username="$user" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") ${POSTGRES_INITDB_ARGS:-}
    printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"
    printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
    export PGUSER=$user PGPASSWORD=${POSTGRES_PASSWORD:-}
    if [ "$database" != postgres ]; then
        psql -v ON_ERROR_STOP=1 --dbname postgres --set db="$database" <<<'CREATE DATABASE :"db";'
    fi
    for file in /docker-entrypoint-initdb.d/*; do
        case "$file" in
            *.sh) echo "running $file"; . "$file" ;;
            *.sql) echo "running $file"; psql -v ON_ERROR_STOP=1 --dbname "$database" -f "$file" ;;
            *.sql.gz) echo "running $file"; gunzip -c "$file" | psql -v ON_ERROR_STOP=1 --dbname "$database" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    unset PGPASSWORD
    echo
    echo 'PostgreSQL init process complete; ready for start up.'
    echo
fi
exec "$@"
