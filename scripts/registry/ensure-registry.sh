#!/usr/bin/env bash
# Installs (from the machine's Debian mirror) and starts a local OCI registry: Debian's `docker-registry`
# package, the CNCF distribution server, on a loopback port with throw-away storage. Prints its base URL.
#
#   scripts/registry/ensure-registry.sh [PORT]     # default 5055; prints http://localhost:PORT
#   scripts/registry/ensure-registry.sh --stop [PORT]
#
# Idempotent: when a registry already answers on the port, it only prints the URL. State lives under
# $DOCKSTACK_CACHE/registry-PORT (config, storage, pid, log).
set -euo pipefail
stop=0
if [ "${1:-}" = "--stop" ]; then stop=1; shift; fi
port="${1:-5055}"
state="${DOCKSTACK_CACHE:-/var/cache/dockstack}/registry-$port"
url="http://localhost:$port"

if [ "$stop" = 1 ]; then
  if [ -f "$state/pid" ]; then kill "$(cat "$state/pid")" 2>/dev/null || true; rm -f "$state/pid"; fi
  exit 0
fi

if curl -fsS -o /dev/null "$url/v2/" 2>/dev/null; then echo "$url"; exit 0; fi

bin=/usr/bin/docker-registry
if [ ! -x "$bin" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends docker-registry >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends docker-registry >/dev/null; }
  # The package starts a system service on :5000; this script runs its own on a chosen port instead.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
fi

mkdir -p "$state/storage"
cat >"$state/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
nohup "$bin" serve "$state/config.yml" >"$state/log" 2>&1 &
echo $! >"$state/pid"
for _ in $(seq 1 50); do
  if curl -fsS -o /dev/null "$url/v2/" 2>/dev/null; then echo "$url"; exit 0; fi
  sleep 0.2
done
echo "registry did not answer on $url; log: $state/log" >&2
tail -n 20 "$state/log" >&2 || true
exit 1
