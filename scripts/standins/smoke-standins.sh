#!/usr/bin/env bash
# Smoke-test the stand-in images: for each recipe with a smoke.sh (or the given ones), run it
# against dockstack-standin/<official name>. One line per image; details in the log.
#
#   scripts/standins/smoke-standins.sh                  # every recipe whose image exists
#   scripts/standins/smoke-standins.sh node:24 nginx-1.28-bookworm
#
# A recipe's smoke.sh runs on the host with IMAGE (the tag), DOCKER (the docker client to use),
# STANDINS_LIB and DS_CACHE set; its last line of output is the summary shown; non-zero = failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RECIPES="$here/recipes"
# shellcheck source=../engine/lib.sh
. "$here/../engine/lib.sh"
ds_log_init smoke-standins
ds_engine_up || ds_die "no Docker engine answers '$DS_DOCKER info': run scripts/engine/ensure-engine.sh"

want=("$@")
recipes=()
if [ "${#want[@]}" = 0 ]; then
  for d in "$RECIPES"/*/; do recipes+=("$(basename "$d")"); done
else
  for w in "${want[@]}"; do
    w="${w#dockstack-standin/}"
    found=""
    for d in "$RECIPES"/*/; do
      r="$(basename "$d")"
      if [ "$r" = "$w" ] || [ "$(tr -d ' \t\r\n' <"$d/official")" = "$w" ]; then found="$r"; fi
    done
    [ -n "$found" ] || ds_die "no recipe for '$w'"
    recipes+=("$found")
  done
fi

failed=0
passed=0
for r in "${recipes[@]}"; do
  official="$(tr -d ' \t\r\n' <"$RECIPES/$r/official")"
  tag="dockstack-standin/$official"
  smoke="$RECIPES/$r/smoke.sh"
  if [ ! -f "$smoke" ] && [ -f "$RECIPES/$r/like" ]; then smoke="$RECIPES/$(tr -d ' \t\r\n' <"$RECIPES/$r/like")/smoke.sh"; fi
  if [ ! -f "$smoke" ]; then
    [ "${#want[@]}" = 0 ] || ds_say "$tag: no smoke.sh, skipped"
    continue
  fi
  if ! "$DS_DOCKER" image inspect "$tag" >/dev/null 2>&1; then
    if [ "${#want[@]}" = 0 ]; then continue; fi
    ds_say "FAIL $tag: image not built (scripts/standins/build-standins.sh $official)"
    failed=$((failed + 1))
    continue
  fi
  out="$DS_CACHE/logs/smoke-$r.log"
  t0=$SECONDS
  if IMAGE="$tag" DOCKER="$DS_DOCKER" STANDINS_LIB="$here/lib" DS_CACHE="$DS_CACHE" \
    bash "$smoke" >"$out" 2>&1; then
    ds_say "ok   $tag: $(tail -n 1 "$out") ($((SECONDS - t0))s)"
    passed=$((passed + 1))
  else
    ds_say "FAIL $tag: see $out"
    sed 's/^/    /' "$out" | tail -n 15
    failed=$((failed + 1))
  fi
  cat "$out" >>"$DS_LOG"
done
ds_say "$passed passed, $failed failed"
[ "$failed" = 0 ]
