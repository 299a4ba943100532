#!/usr/bin/env bash
# A private PostgreSQL cluster for the store tests: started in a temporary directory, listening
# on 127.0.0.1 only, trusted local connections, stopped by its own pg_ctl.
#
#   scripts/pg.sh start DIR [PORT]   initdb (first time) and start; prints the database URL
#   scripts/pg.sh stop DIR           stop the cluster started in DIR
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user, which
# owns DIR. Set-up installs the Debian server package when no server binaries are found.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
port=${3:-}
[ -n "$cmd" ] && [ -n "$dir" ] || {
    sed -n '5,6s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

pg_bin() {
    local bin
    for bin in /usr/lib/postgresql/*/bin; do
        [ -x "$bin/initdb" ] && { printf '%s\n' "$bin"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Where the cluster lives. As root, the server runs as `postgres`, which must reach its folder:
# a folder of its own under /tmp (DIR may sit in a tree only root can enter), named in DIR/where.
cluster_dir() {
    local dir=$1 where
    if [ "$(id -u)" -ne 0 ]; then
        printf '%s\n' "$dir"
        return 0
    fi
    if [ -f "$dir/where" ]; then
        cat "$dir/where"
        return 0
    fi
    where=$(mktemp -d /tmp/sourcetrace-pg.XXXXXX)
    chown postgres: "$where"
    printf '%s\n' "$where" >"$dir/where"
    printf '%s\n' "$where"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$cmd" in
start)
    if ! BIN=$(pg_bin); then
        echo "pg.sh: no PostgreSQL server found; installing the Debian package" >&2
        apt-get install -y -q postgresql >&2
        BIN=$(pg_bin)
    fi
    mkdir -p "$dir"
    cluster=$(cluster_dir "$dir")
    if [ ! -f "$cluster/data/PG_VERSION" ]; then
        as_owner "$BIN/initdb" -A trust -U postgres -D "$cluster/data" >"$cluster/initdb.log" 2>&1 || {
            cat "$cluster/initdb.log" >&2
            exit 1
        }
    fi
    port=${port:-$(free_port)}
    as_owner "$BIN/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $cluster -c fsync=off" start >&2 || {
        cat "$cluster/server.log" >&2
        exit 1
    }
    echo "$port" >"$dir/port"
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    BIN=$(pg_bin)
    cluster=$(cat "$dir/where" 2>/dev/null || printf '%s' "$dir")
    if [ -f "$cluster/data/postmaster.pid" ]; then
        as_owner "$BIN/pg_ctl" -D "$cluster/data" -m fast -w stop >&2
    fi
    if [ -f "$dir/where" ]; then
        rm -rf "$cluster" "$dir/where"
    fi
    ;;
*)
    sed -n '5,6s/^# \{0,1\}//p' "$0" >&2
    exit 2
    ;;
esac
