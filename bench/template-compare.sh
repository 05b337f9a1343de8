#!/bin/bash
# Two or more Dockerfiles of one fixture, cold build and rebuild after an edit, interleaved round by
# round on the local engine (for comparing a template change before and after, and against a naive file
# without running the whole of bench/run.mjs). Each round, for each Dockerfile: unused BuildKit cache
# mounts emptied (as bench/measure.mjs does), a --no-cache build (timed), then a unique blank line
# appended to EDIT_FILE and a build with the layer cache (timed); image size from docker image inspect.
#
#   bash bench/template-compare.sh FIXTURE_DIR EDIT_FILE ROUNDS NAME=DOCKERFILE[=BUILD_ARG ...] ...
#   e.g. NAME=/tmp/new.Dockerfile=PHP_IMAGE=dockstack-standin/php:8.4-cli-trixie
# Prints one line per build: NAME round N cold S rebuild S size_MB M load L (1-minute load average).
set -u
[ $# -ge 4 ] || { echo "usage: $0 FIXTURE_DIR EDIT_FILE ROUNDS NAME=DOCKERFILE[=BUILD_ARGS] ..." >&2; exit 2; }
fix=$1; edit=$2; rounds=$3; shift 3
[ -f "$fix/$edit" ] || { echo "$0: no $fix/$edit to edit" >&2; exit 2; }
D=/usr/bin/docker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
for r in $(seq 1 "$rounds"); do
  for spec in "$@"; do
    name=${spec%%=*}; rest=${spec#*=}; df=${rest%%=*}; args=""
    [ "$rest" != "$df" ] && args=${rest#*=}
    [ -f "$df" ] || { echo "$0: no Dockerfile $df" >&2; exit 2; }
    ctx="$work/ctx"; rm -rf "$ctx"; mkdir "$ctx"; cp -r "$fix"/. "$ctx"/; rm -f "$ctx/Dockerfile"
    ba=(); for a in $args; do ba+=(--build-arg "$a"); done
    $D buildx prune --force --filter type=exec.cachemount >/dev/null 2>&1
    t0=$(date +%s.%N)
    $D buildx build --network=host --no-cache -q "${ba[@]}" -f "$df" -t "dockstack-compare/$name" --load "$ctx" >/dev/null 2>"$work/err" \
      || { echo "$name round $r cold build FAILED"; tail -5 "$work/err"; continue; }
    t1=$(date +%s.%N)
    printf '\n%s\n' "$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr '0-9a-f' ' ')" >> "$ctx/$edit"
    t2=$(date +%s.%N)
    $D buildx build --network=host -q "${ba[@]}" -f "$df" -t "dockstack-compare/$name" --load "$ctx" >/dev/null 2>"$work/err" \
      || { echo "$name round $r rebuild FAILED"; tail -5 "$work/err"; continue; }
    t3=$(date +%s.%N)
    size=$($D image inspect --format '{{.Size}}' "dockstack-compare/$name")
    printf '%s round %s cold %s rebuild %s size_MB %s load %s\n' "$name" "$r" "$(secs "$t0" "$t1")" "$(secs "$t2" "$t3")" \
      "$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
