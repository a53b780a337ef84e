#!/usr/bin/env bash
# A scratch PostgreSQL server for the tests, on its own data directory and port:
#
#   scripts/postgres.sh start DIR   initializes DIR (removing what was there), starts the server
#                                   on a free loopback port and prints its URL (also in DIR/url)
#   scripts/postgres.sh stop DIR    stops it (fast shutdown) and removes DIR
#
# Installs Debian's postgresql package when no server binaries are found. As root, the server
# runs as the `postgres` user the package creates (PostgreSQL refuses to run as root).
# Authentication is `trust` on 127.0.0.1 and a socket inside DIR: for tests only.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/postgres.sh start|stop DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
dir=$(realpath -m "$2")

bin_dir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z $d || ! -x $d/pg_ctl ]]; then
        scripts/apt-install.sh postgresql >&2
        d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$d"
}

# Runs a PostgreSQL program as the user that owns the data directory.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case $action in
start)
    bin=$(bin_dir)
    rm -rf "$dir"
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$dir"
        # The server must be able to reach DIR from /.
        p=$(dirname "$dir")
        while [[ $p != / ]]; do chmod o+x "$p" 2>/dev/null || true; p=$(dirname "$p"); done
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U tally -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null || {
        cat "$dir/server.log" >&2; exit 1; }
    url="postgres://tally@127.0.0.1:$port/postgres"
    echo "$url" >"$dir/url"
    echo "$url"
    ;;
stop)
    if [[ -f $dir/data/postmaster.pid ]]; then
        bin=$(bin_dir)
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    usage
    ;;
esac
