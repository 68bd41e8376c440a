#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks (the Debian postgresql package).
#
#   scripts/pg-throwaway.sh start DIR   # initdb into DIR, start on a free loopback port; prints the URL
#   scripts/pg-throwaway.sh stop DIR    # stop it (DIR stays; remove it yourself)
#
# The server runs as a non-root user (PostgreSQL refuses root): as root it runs as `nobody`
# through runuser. Password authentication (scram-sha-256) for user postgres, password in DIR/password.
set -euo pipefail
command=${1:?start or stop}
dir=${2:?a folder for the cluster}
bindir=$(pg_config --bindir 2>/dev/null || true)
if [[ ! -x $bindir/initdb ]]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
fi
if [[ -z $bindir || ! -x $bindir/initdb ]]; then
  echo "pg-throwaway: no PostgreSQL server binaries (apt-get install postgresql)" >&2
  exit 1
fi
as_owner() {
  if [[ $EUID -eq 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi
}
case $command in
  start)
    mkdir -p "$dir"
    # `nobody` must reach DIR: a mktemp folder above it is root's alone.
    if [[ $EUID -eq 0 ]]; then chown nobody "$dir"; chmod a+x "$(dirname "$dir")"; fi
    password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$password" >"$dir/password"
    if [[ $EUID -eq 0 ]]; then chown nobody "$dir/password"; fi
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/password" \
      -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # The server outlives this script: it must not hold the caller's descriptors (a test runner
    # waits for them to close to know that this script ended).
    for fd in /proc/$$/fd/*; do
      fd=${fd##*/}
      if [[ $fd -gt 2 && $fd -ne 255 ]]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres:$password@127.0.0.1:$port/postgres"
    ;;
  stop)
    [[ -d $dir/data ]] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 64
    ;;
esac
