#!/usr/bin/env bash
# A second, throw-away Docker engine for the registry-cache tests: the same dockerd binary as the main
# engine (scripts/engine/ensure-engine.sh installs it), with the containerd image store enabled, its
# own data root, exec root and socket. Why a second engine:
#   - the default docker driver exports build cache to a registry (`--cache-to type=registry`) only
#     with the containerd image store; switching the main engine's store would hide every stand-in;
#   - the test prunes this engine completely (builder and images) between builds, which must not
#     touch the main engine's cache that every other engine test relies on.
#
#   scripts/engine/ensure-cache-engine.sh          # idempotent; prints the engine's DOCKER_HOST
#   scripts/engine/ensure-cache-engine.sh --stop   # stops it (its data root stays for the next start)
#
# State: /var/lib/dockstack-cache-engine (data), /run/dockstack-cache-engine (socket, pid, exec root);
# log: $DOCKSTACK_CACHE/logs/cache-engine.log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

ds_log_init ensure-cache-engine
[ "$(id -u)" = 0 ] || ds_die "must run as root (starts dockerd)"

RUN_DIR=/run/dockstack-cache-engine
DATA_ROOT=/var/lib/dockstack-cache-engine
SOCK="$RUN_DIR/docker.sock"
HOST="unix://$SOCK"
PIDFILE="$RUN_DIR/dockerd.pid"
ENGINE_LOG="$DS_CACHE/logs/cache-engine.log"
TIMEOUT="${DOCKSTACK_ENGINE_TIMEOUT:-60}"
DOCKERD="${DOCKSTACK_DOCKERD:-/usr/sbin/dockerd}"

running_pid() {
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid="$(cat "$PIDFILE")"
  kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] && printf '%s\n' "$pid"
}

if [ "${1:-}" = "--stop" ]; then
  if pid="$(running_pid)"; then
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    ds_say "cache engine stopped (pid $pid)"
  fi
  exit 0
fi

answers() { /usr/bin/docker --host "$HOST" info >/dev/null 2>&1; }

if answers; then
  printf '%s\n' "$HOST"
  exit 0
fi
[ -x "$DOCKERD" ] || ds_die "no dockerd at $DOCKERD: run scripts/engine/ensure-engine.sh first (it installs the engine)"

mkdir -p "$RUN_DIR" "$DATA_ROOT" "$(dirname "$ENGINE_LOG")"
cat >"$RUN_DIR/daemon.json" <<'JSON'
{ "features": { "containerd-snapshotter": true } }
JSON
printf '### cache engine started %s\n' "$(date -u +%FT%TZ)" >>"$ENGINE_LOG"
# Without the caller's TMPDIR: a test run's temporary directory is deleted when the run ends, and runc
# would then fail every exec (see ensure-engine.sh).
setsid env -u TMPDIR "$DOCKERD" --config-file "$RUN_DIR/daemon.json" --host "$HOST" --data-root "$DATA_ROOT" \
  --exec-root "$RUN_DIR/exec" --pidfile "$PIDFILE" --bridge=none --iptables=false --ip-masq=false \
  --ip-forward=false >>"$ENGINE_LOG" 2>&1 </dev/null &
for _ in $(seq 1 $((TIMEOUT * 5))); do
  if answers; then
    /usr/bin/docker --host "$HOST" info --format '{{.Driver}}' | grep -qx overlayfs ||
      DS_LOG="$ENGINE_LOG" ds_die "the cache engine does not use the containerd image store"
    printf '%s\n' "$HOST"
    exit 0
  fi
  sleep 0.2
done
DS_LOG="$ENGINE_LOG" ds_die "the cache engine did not answer 'docker info' within ${TIMEOUT}s"
