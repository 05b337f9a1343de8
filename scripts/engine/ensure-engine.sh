#!/usr/bin/env bash
# Make sure a Docker engine with buildx answers on this machine; install and start it if needed.
#
#   scripts/engine/ensure-engine.sh            # idempotent; prints one line per step
#   DOCKSTACK_VERBOSE=1 scripts/engine/ensure-engine.sh
#
# What it does (see /work/shared/ENGINE.md for why):
#   1. If `/usr/bin/docker info` answers: print one line, exit 0.
#   2. If dockerd / the Debian client / buildx are missing: fetch Debian trixie's docker.io,
#      docker-cli and docker-buildx .debs with `apt-get download` through a temporary sources list
#      that points at the mirror this machine's apt already uses (separate lists and cache dirs, so
#      the machine's apt state is untouched), then `apt-get update` and install them (their
#      dependencies come from the machine's own suite). Installs debootstrap too if missing.
#   3. Start dockerd detached (no bridge, no iptables: nothing may talk to private addresses here),
#      poll `docker info` for up to DOCKSTACK_ENGINE_TIMEOUT seconds (default 60).
#   4. Check `docker buildx version`.
# Logs: $DOCKSTACK_CACHE/logs/ensure-engine.log (engine log: $DOCKSTACK_CACHE/logs/dockerd.log).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

ds_log_init ensure-engine
[ "$(id -u)" = 0 ] || ds_die "must run as root (installs packages and starts dockerd)"

# Debian's docker.io puts dockerd in /usr/sbin.
find_dockerd() {
  local d
  for d in "${DOCKSTACK_DOCKERD:-}" /usr/sbin/dockerd /usr/bin/dockerd; do
    [ -n "$d" ] && [ -x "$d" ] && { printf '%s\n' "$d"; return 0; }
  done
  printf '%s\n' /usr/sbin/dockerd
}
DOCKERD="$(find_dockerd)"
ENGINE_LOG="$DS_CACHE/logs/dockerd.log"
TIMEOUT="${DOCKSTACK_ENGINE_TIMEOUT:-60}"
ENGINE_SUITE="${DOCKSTACK_ENGINE_SUITE:-trixie}"
export DEBIAN_FRONTEND=noninteractive

server_version() { timeout 20 "$DS_DOCKER" info --format '{{.ServerVersion}}' 2>/dev/null || true; }

check_buildx() {
  local v
  v="$(timeout 20 "$DS_DOCKER" buildx version 2>>"$DS_LOG")" || ds_die "'$DS_DOCKER buildx version' failed: buildx plugin missing (install docker-buildx)"
  ds_say "buildx ok: $v"
}

if ds_engine_up; then
  bx="$(timeout 20 "$DS_DOCKER" buildx version 2>/dev/null | awk '{print $2}')" \
    || ds_die "engine answers but '$DS_DOCKER buildx version' fails: install docker-buildx"
  ds_say "engine already running: server $(server_version), buildx ${bx:-?}, client $DS_DOCKER"
  exit 0
fi

# --- install -----------------------------------------------------------------------------------
need_engine=0
[ -x "$DOCKERD" ] || need_engine=1
[ -x "$DS_DOCKER" ] || need_engine=1
[ -x /usr/libexec/docker/cli-plugins/docker-buildx ] || need_engine=1

if [ "$need_engine" = 1 ]; then
  mirror="$(ds_mirror_uri 2>>"$DS_LOG")" || ds_die "cannot read the machine's Debian mirror from /etc/apt/sources.list.d/*.sources"
  debs="$DS_CACHE/engine/debs"
  tmp="$DS_CACHE/engine/apt-$ENGINE_SUITE"
  mkdir -p "$debs" "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/parts"
  # The temporary list: the machine's own mirror, suite trixie. Its own lists/cache dirs; the
  # machine's sources.list.d is not read (SourceParts points at an empty dir).
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$mirror" "$ENGINE_SUITE" >"$tmp/sources.list"
  aptopts=(-o "Dir::Etc::SourceList=$tmp/sources.list" -o "Dir::Etc::SourceParts=$tmp/parts"
    -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o "APT::Get::List-Cleanup=0")

  if ! ls "$debs"/docker.io_*.deb "$debs"/docker-cli_*.deb "$debs"/docker-buildx_*.deb >/dev/null 2>&1; then
    ds_say "fetching $ENGINE_SUITE docker.io, docker-cli, docker-buildx .debs from the machine's mirror"
    ds_run apt-get "${aptopts[@]}" update || ds_die "apt-get update of the temporary $ENGINE_SUITE list failed"
    (cd "$debs" && ds_run apt-get "${aptopts[@]}" download docker.io docker-cli docker-buildx) \
      || ds_die "apt-get download of the $ENGINE_SUITE docker packages failed"
  else
    ds_say "engine .debs already downloaded ($debs)"
  fi

  ds_say "installing docker.io, docker-cli, docker-buildx (dependencies from the machine's suite)"
  ds_run apt-get update || ds_die "apt-get update failed"
  (cd "$debs" && ds_run apt-get install -y --no-install-recommends ./docker.io_*.deb ./docker-cli_*.deb ./docker-buildx_*.deb) \
    || ds_die "apt-get install of the docker .debs failed"
  DOCKERD="$(find_dockerd)"
  [ -x "$DOCKERD" ] || ds_die "dockerd still missing at $DOCKERD after install"
  installed_update=1
else
  ds_say "engine installed: $("$DOCKERD" --version 2>/dev/null || echo dockerd)"
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  ds_say "installing debootstrap (needed for stand-in base images)"
  [ "${installed_update:-0}" = 1 ] || ds_run apt-get update || ds_die "apt-get update failed"
  ds_run apt-get install -y --no-install-recommends debootstrap || ds_die "apt-get install debootstrap failed"
fi

# --- start -------------------------------------------------------------------------------------
pid=""
if [ -s /var/run/docker.pid ]; then
  pid="$(cat /var/run/docker.pid)"
  if ! kill -0 "$pid" 2>/dev/null || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != dockerd ]; then
    pid=""
  fi
fi
if [ -n "$pid" ]; then
  ds_say "dockerd already started (pid $pid), waiting for it to answer"
  # A dockerd started from a test run inherited that run's TMPDIR, which the run deletes at its end; runc
  # writes every exec's process spec there, so each `docker exec` and HEALTHCHECK then fails with
  # "OCI runtime exec failed: open <TMPDIR>/runc-process...: no such file or directory". Put it back.
  tmp="$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | sed -n 's/^TMPDIR=//p' | head -n1)"
  if [ -n "$tmp" ] && [ ! -d "$tmp" ]; then
    ds_say "dockerd's TMPDIR $tmp is gone (docker exec and health checks would fail): recreating it"
    mkdir -p "$tmp"
  fi
else
  ds_say "starting dockerd (no bridge, no iptables), log $ENGINE_LOG"
  printf '### dockerd started %s\n' "$(date -u +%FT%TZ)" >>"$ENGINE_LOG"
  # Without the caller's TMPDIR (a test run's, deleted when the run ends; see above): runc's default /tmp.
  setsid env -u TMPDIR "$DOCKERD" --host unix:///var/run/docker.sock --bridge=none --iptables=false \
    --ip-masq=false --ip-forward=false </dev/null >>"$ENGINE_LOG" 2>&1 &
  pid=$!
  disown "$pid" 2>/dev/null || true
fi

start=$SECONDS
until ds_engine_up; do
  if ! kill -0 "$pid" 2>/dev/null; then
    DS_LOG="$ENGINE_LOG" ds_die "dockerd exited during start-up"
  fi
  if [ $((SECONDS - start)) -ge "$TIMEOUT" ]; then
    DS_LOG="$ENGINE_LOG" ds_die "dockerd (pid $pid) did not answer 'docker info' within ${TIMEOUT}s"
  fi
  sleep 1
done
ds_say "engine up in $((SECONDS - start))s: server $(server_version), storage $("$DS_DOCKER" info --format '{{.Driver}}' 2>/dev/null), pid $pid"

check_buildx
