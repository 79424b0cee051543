#!/bin/sh
# The redis stand-in's entrypoint. As the official image's: flags or a config file alone are redis-server's; with no
# config file protected mode is off (other containers may connect); the server runs as the redis user.
set -e
case "$1" in -*|*.conf) set -- redis-server "$@" ;; esac
case " $* " in *" -v "*|*" --version "*|*" -h "*|*" --help "*) exec "$@" ;; esac  # asks, serves nothing
if [ "$1" = redis-server ]; then
    shift
    if [ -f "${1:-}" ]; then
        config=$1
        shift
        grep -q '^protected-mode' "$config" || set -- --protected-mode no "$@"
        set -- "$config" "$@"
    else
        set -- --protected-mode no "$@"
    fi
    set -- redis-server "$@"
    if [ "$(id -u)" = 0 ]; then
        chown -R redis:redis . 2>/dev/null || true
        exec setpriv --reuid=redis --regid=redis --init-groups "$@"
    fi
fi
exec "$@"
