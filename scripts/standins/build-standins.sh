#!/usr/bin/env bash
# Build the local stand-in base images (dockstack-standin/<official name>) from what this machine
# reaches (Debian's mirror, the npm registry). See scripts/standins/README.md.
#
#   scripts/standins/build-standins.sh                   # every recipe
#   scripts/standins/build-standins.sh node:24-bookworm-slim nginx-1.28-bookworm
#                                                        # some (official names or recipe dirs);
#                                                        # their parents are built first
#   scripts/standins/build-standins.sh --list            # recipes, tags, parents, state
#   scripts/standins/build-standins.sh --map             # only rewrite map.json
#
# Environment: DOCKSTACK_CACHE (default /var/cache/dockstack), DOCKSTACK_VERBOSE=1 (show build
# output), DOCKSTACK_REFRESH=1 (ask the registry for the newest versions again instead of using
# the ones resolved in the last DOCKSTACK_RESOLVE_TTL seconds), DOCKSTACK_FORCE=1 (rebuild even
# when cached).
#
# A recipe is scripts/standins/recipes/<dir>/ with:
#   official    one line: the official image name it stands in for (node:24-bookworm-slim);
#               the image is tagged dockstack-standin/<that name>
#   parent      optional, one line: the parent recipe (its official name or its dir); built first
#               and passed as the build arg PARENT_IMAGE
#   inputs.sh   optional: prints KEY=VALUE lines (versions it downloads...); they are part of the
#               hash, passed to build.sh as environment and to the Dockerfile as build args
#   build.sh    optional: prepares the staged context ($CONTEXT) on the host, e.g. a rootfs tar
#   Dockerfile  built with `docker buildx build --network=host --load` (build.sh may provide it)
#   smoke.sh    optional: the stand-in's smoke test, run by smoke-standins.sh (not hashed)
#   like        optional, one line: another recipe dir this one starts from (the same layout for another
#               version): that recipe's files are staged first and this recipe's own files replace them;
#               `official` is always its own, `parent`, inputs.sh, build.sh, Dockerfile fall back to it
# The hash (label dockstack.recipe-hash) covers the recipe dir, lib/common.sh,
# scripts/engine/lib.sh, every lib/<topic> the recipe names as "$STANDINS_LIB/<topic>", the
# parent's hash, inputs.sh's output and the machine facts baked in (CA bundle, npm registry, apt
# sources). An image with the same tag and hash is reused ("cached").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STANDINS_LIB="$here/lib"
RECIPES="$here/recipes"
PREFIX="dockstack-standin"
# Bump when the staging done by this driver changes in a way that changes images.
FORMAT=2
# shellcheck source=lib/common.sh
. "$STANDINS_LIB/common.sh"

ds_log_init build-standins
mode=build
targets=()
for a in "$@"; do
  case "$a" in
    --list) mode=list ;;
    --map) mode=map ;;
    -h | --help) sed -n '2,35p' "$0"; exit 0 ;;
    -*) ds_die "unknown option $a" ;;
    *) targets+=("$a") ;;
  esac
done

# --- recipes -----------------------------------------------------------------------------------
declare -A OFFICIAL=() PARENT=() BY_OFFICIAL=() HASH=() ALIAS=() LIKE=()
ALL=()
# rfile R NAME: the path of recipe R's file NAME (its own, else its `like` recipe's), or nothing.
rfile() {
  if [ -e "$RECIPES/$1/$2" ]; then
    echo "$RECIPES/$1/$2"
  elif [ -n "${LIKE[$1]:-}" ] && [ -e "$RECIPES/${LIKE[$1]}/$2" ]; then echo "$RECIPES/${LIKE[$1]}/$2"; fi
}
for d in "$RECIPES"/*/; do
  r="$(basename "$d")"
  [ -f "$d/official" ] || ds_die "recipe $r has no 'official' file"
  o="$(tr -d ' \t\r\n' <"$d/official")"
  [[ "$o" =~ ^[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9._-]+$ ]] || ds_die "recipe $r: bad official name '$o'"
  [ -z "${BY_OFFICIAL[$o]:-}" ] || ds_die "recipes ${BY_OFFICIAL[$o]} and $r both stand in for $o"
  LIKE[$r]=""
  if [ -f "$d/like" ]; then
    LIKE[$r]="$(tr -d ' \t\r\n' <"$d/like")"
    if [ ! -d "$RECIPES/${LIKE[$r]}" ] || [ -f "$RECIPES/${LIKE[$r]}/like" ]; then ds_die "recipe $r: 'like' names '${LIKE[$r]}', which is not a recipe dir without a 'like' of its own"; fi
  fi
  [ -n "$(rfile "$r" Dockerfile)" ] || [ -n "$(rfile "$r" build.sh)" ] || ds_die "recipe $r has neither Dockerfile nor build.sh"
  OFFICIAL[$r]="$o"
  BY_OFFICIAL[$o]="$r"
  ALL+=("$r")
done
# aliases.txt: "<official name> <official name of a recipe>" per line: newer tags that the same stand-in
# serves for (same layout), so new template defaults map without a new recipe. Outside the recipe dirs, so
# adding one rebuilds nothing.
if [ -f "$here/aliases.txt" ]; then
  while read -r a o; do
    case "$a" in ''|'#'*) continue ;; esac
    [[ "$a" =~ ^[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9._-]+$ ]] || ds_die "aliases.txt: bad name '$a'"
    [ -n "${BY_OFFICIAL[$o]:-}" ] || ds_die "aliases.txt: '$o' (for $a) is not a recipe's official name"
    [ -z "${BY_OFFICIAL[$a]:-}" ] || ds_die "aliases.txt: '$a' has its own recipe"
    ALIAS[$a]="${BY_OFFICIAL[$o]}"
  done <"$here/aliases.txt"
fi
for r in "${ALL[@]}"; do
  PARENT[$r]=""
  if [ -n "$(rfile "$r" parent)" ]; then
    p="$(tr -d ' \t\r\n' <"$(rfile "$r" parent)")"
    if [ -n "${BY_OFFICIAL[$p]:-}" ]; then p="${BY_OFFICIAL[$p]}"; fi
    [ -n "${OFFICIAL[$p]:-}" ] || ds_die "recipe $r: parent '$p' is not a recipe"
    PARENT[$r]="$p"
  fi
done
tag_of() { printf '%s/%s\n' "$PREFIX" "${OFFICIAL[$1]}"; }

write_map() {
  local tmp="$here/.map.json.tmp" o first=1
  {
    printf '{\n'
    while read -r o; do
      [ "$first" = 1 ] || printf ',\n'
      first=0
      if [ -n "${ALIAS[$o]:-}" ]; then printf '  "%s": "%s/%s"' "$o" "$PREFIX" "${OFFICIAL[${ALIAS[$o]}]}"; else printf '  "%s": "%s/%s"' "$o" "$PREFIX" "$o"; fi
    done < <(printf '%s\n' "${!BY_OFFICIAL[@]}" "${!ALIAS[@]}" | LC_ALL=C sort)
    printf '\n}\n'
  } >"$tmp"
  if cmp -s "$tmp" "$here/map.json"; then rm -f "$tmp"; else mv "$tmp" "$here/map.json"; ds_say "wrote map.json"; fi
}
write_map
[ "$mode" != map ] || exit 0

# Order: parents first (depth-first), cycles refused.
declare -A MARK=()
ORDER=()
visit() {
  local r="$1"
  case "${MARK[$r]:-}" in
    done) return 0 ;;
    active) ds_die "parent cycle through recipe $r" ;;
  esac
  MARK[$r]=active
  [ -z "${PARENT[$r]}" ] || visit "${PARENT[$r]}"
  MARK[$r]="done"
  ORDER+=("$r")
}
if [ "${#targets[@]}" = 0 ]; then targets=("${ALL[@]}"); fi
for t in "${targets[@]}"; do
  t="${t#"$PREFIX"/}"
  t="${t%/}"
  t="${t##*/recipes/}"
  if [ -n "${BY_OFFICIAL[$t]:-}" ]; then t="${BY_OFFICIAL[$t]}"; fi
  if [ -n "${ALIAS[$t]:-}" ]; then t="${ALIAS[$t]}"; fi
  [ -n "${OFFICIAL[$t]:-}" ] || ds_die "no recipe for '$t' (see --list)"
  visit "$t"
done

label_of() { timeout 30 "$DS_DOCKER" image inspect --format '{{ index .Config.Labels "dockstack.recipe-hash" }}' "$1" 2>/dev/null || true; }

if [ "$mode" = list ]; then
  printf '%-28s %-46s %-28s %s\n' RECIPE TAG PARENT IMAGE
  for r in "${ORDER[@]}"; do
    img="absent"
    if ds_engine_up && [ -n "$(label_of "$(tag_of "$r")")" ]; then img="present"; fi
    printf '%-28s %-46s %-28s %s\n' "$r" "$(tag_of "$r")" "${PARENT[$r]:--}" "$img"
  done
  exit 0
fi

# --- machine facts baked into every stand-in ---------------------------------------------------
ds_engine_up || ds_die "no Docker engine answers '$DS_DOCKER info': run scripts/engine/ensure-engine.sh"
"$DS_DOCKER" buildx version >/dev/null 2>&1 || ds_die "'$DS_DOCKER buildx version' fails: run scripts/engine/ensure-engine.sh"
command -v debootstrap >/dev/null || ds_die "debootstrap is missing: run scripts/engine/ensure-engine.sh"
[ "$(id -u)" = 0 ] || ds_die "must run as root (debootstrap)"

mkdir -p "$DS_CACHE/standins"
exec 9>"$DS_CACHE/standins/.lock"
flock -w 3600 9 || ds_die "another build-standins.sh holds $DS_CACHE/standins/.lock"

CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
[ -s "$CA_BUNDLE" ] || ds_die "no CA bundle at $CA_BUNDLE"
NPM_REGISTRY="$(ds_npm_registry)" || ds_die "cannot read the npm registry (npm config get registry)"
HOST_CODENAME="$(ds_host_codename)"
APT_SOURCES="$(ds_image_apt_sources "$HOST_CODENAME")" || ds_die "cannot read the machine's apt mirror from /etc/apt"
FACTS="$(
  echo "format=$FORMAT"
  echo "ca=$(sha256sum <"$CA_BUNDLE" | cut -d' ' -f1)"
  for f in /usr/local/share/ca-certificates/*.crt; do [ -f "$f" ] && echo "localca=$(basename "$f") $(sha256sum <"$f" | cut -d' ' -f1)"; done
  echo "npm-registry=$NPM_REGISTRY"
  echo "apt-sources=$APT_SOURCES"
)"

# hash_dir DIR: path + content hash of every file below DIR, sorted (smoke tests and READMEs
# excluded: changing them does not change the image).
hash_dir() {
  (cd "$1" && find . \( -type f -o -type l \) ! -name smoke.sh ! -name 'README*' -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
    if [ -L "$f" ]; then printf '%s -> %s\n' "$f" "$(readlink "$f")"; else printf '%s %s\n' "$f" "$(sha256sum <"$f" | cut -d' ' -f1)"; fi
  done)
}
hash_path() { # a file or a dir
  if [ -d "$1" ]; then hash_dir "$1"; else printf '%s %s\n' "$(basename "$1")" "$(sha256sum <"$1" | cut -d' ' -f1)"; fi
}
BASE_LIB_HASH="$({ hash_path "$STANDINS_LIB/common.sh"; hash_path "$here/../engine/lib.sh"; } | sha256sum | cut -d' ' -f1)"
# lib_topics PATH...: the lib/<topic> entries named as $STANDINS_LIB/<topic> in PATHs, transitively.
lib_topics() {
  local -A seen=()
  local queue=("$@") p t
  while [ "${#queue[@]}" -gt 0 ]; do
    p="${queue[0]}"
    queue=("${queue[@]:1}")
    while read -r t; do
      if [ -z "$t" ] || [ "$t" = common.sh ] || [ ! -e "$STANDINS_LIB/$t" ] || [ -n "${seen[$t]:-}" ]; then continue; fi
      seen[$t]=1
      queue+=("$STANDINS_LIB/$t")
    done < <(grep -rhoE '\$\{?STANDINS_LIB\}?/[A-Za-z0-9_.-]+' "$p" 2>/dev/null | sed -E 's#.*/##' | sort -u)
  done
  printf '%s\n' "${!seen[@]}" | LC_ALL=C sort
}
lib_hash_for() {
  local t
  echo "base=$BASE_LIB_HASH"
  for t in $(lib_topics "$@"); do
    [ -n "$t" ] || continue
    printf 'topic %s %s\n' "$t" "$(hash_path "$STANDINS_LIB/$t" | sha256sum | cut -d' ' -f1)"
  done
}

# stage R CONTEXT: the recipe dir plus _dockstack/ (CA bundle, local CAs, npmrc, apt sources).
stage() {
  local r="$1" ctx="$2"
  rm -rf "$ctx"
  mkdir -p "$ctx/_dockstack"
  [ -z "${LIKE[$r]}" ] || cp -a "$RECIPES/${LIKE[$r]}/." "$ctx/"
  cp -a "$RECIPES/$r/." "$ctx/"
  cp "$CA_BUNDLE" "$ctx/_dockstack/ca-certificates.crt"
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    mkdir -p "$ctx/_dockstack/local-ca"
    cp /usr/local/share/ca-certificates/*.crt "$ctx/_dockstack/local-ca/"
  fi
  printf 'registry=%s\ncafile=/etc/ssl/certs/ca-certificates.crt\nupdate-notifier=false\n' "$NPM_REGISTRY" >"$ctx/_dockstack/npmrc"
  printf '%s\n' "$APT_SOURCES" >"$ctx/_dockstack/debian.sources"
}

REPORT="$DS_CACHE/standins/report.tsv"
touch "$REPORT"
human_mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
size_of() { "$DS_DOCKER" image inspect --format '{{.Size}}' "$1" 2>/dev/null || echo 0; }
last_build_secs() { awk -F'\t' -v r="$1" -v h="$2" '$1 == r && $4 == h { s = $5 } END { print s }' "$REPORT"; }

OLD_IDS=()
run_start=$SECONDS
built=0
cached=0
for r in "${ORDER[@]}"; do
  tag="$(tag_of "$r")"
  rdir="$RECIPES/$r"
  parent_tag=""
  [ -z "${PARENT[$r]}" ] || parent_tag="$(tag_of "${PARENT[$r]}")"
  export RECIPE_DIR="$rdir" RECIPE_NAME="$r" STANDIN_FOR="${OFFICIAL[$r]}" STANDIN_TAG="$tag" \
    STANDINS_LIB DS_CACHE PARENT_IMAGE="$parent_tag" DOCKSTACK_CACHE="$DS_CACHE"

  inputs=""
  if [ -n "$(rfile "$r" inputs.sh)" ]; then
    inputs="$(bash "$(rfile "$r" inputs.sh)" 2>>"$DS_LOG")" || ds_die "$r: inputs.sh failed (resolving what it downloads)"
    while IFS= read -r line; do
      [ -z "$line" ] || [[ "$line" =~ ^[A-Z_][A-Z0-9_]*=.*$ ]] || ds_die "$r: inputs.sh printed '$line' (want KEY=VALUE)"
    done <<<"$inputs"
  fi
  h="$(
    echo "$FACTS"
    lib_hash_for "$rdir" ${LIKE[$r]:+"$RECIPES/${LIKE[$r]}"}
    echo "parent=${PARENT[$r]:+${HASH[${PARENT[$r]}]}}"
    echo "inputs=$inputs"
    [ -z "${LIKE[$r]}" ] || { echo "like=${LIKE[$r]}"; hash_dir "$RECIPES/${LIKE[$r]}"; }
    hash_dir "$rdir"
  )"
  h="$(printf '%s' "$h" | sha256sum | cut -d' ' -f1)"
  HASH[$r]="$h"
  have="$(label_of "$tag")"
  summary_inputs="$(printf '%s' "$inputs" | tr '\n' ' ' | sed 's/ $//')"

  if [ "$have" = "$h" ] && [ "${DOCKSTACK_FORCE:-0}" != 1 ]; then
    secs="$(last_build_secs "$r" "$h")"
    ds_say "$tag: cached ($(human_mb "$(size_of "$tag")")${secs:+, built in ${secs}s})"
    cached=$((cached + 1))
    continue
  fi

  ds_say "$tag: building${have:+ (recipe changed)}${summary_inputs:+ [$summary_inputs]}"
  blog="$DS_CACHE/logs/standin-$r.log"
  : >"$blog"
  ctx="$DS_CACHE/standins/context/$r"
  t0=$SECONDS
  stage "$r" "$ctx"
  if [ -n "$(rfile "$r" build.sh)" ]; then
    (
      export CONTEXT="$ctx"
      while IFS= read -r line; do [ -z "$line" ] || export "${line?}"; done <<<"$inputs"
      cd "$ctx"
      DS_LOG="$blog" ds_run bash "$(rfile "$r" build.sh)"
    ) || DS_LOG="$blog" ds_die "$tag: build.sh failed (log: $blog)"
  fi
  [ -f "$ctx/Dockerfile" ] || ds_die "$tag: no Dockerfile in the staged context after build.sh"
  bargs=(--build-arg "PARENT_IMAGE=$parent_tag")
  while IFS= read -r line; do [ -z "$line" ] || bargs+=(--build-arg "$line"); done <<<"$inputs"
  old_id="$("$DS_DOCKER" image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)"
  DS_LOG="$blog" ds_run "$DS_DOCKER" buildx build --network=host --load --progress=plain \
    -t "$tag" --label "dockstack.recipe-hash=$h" --label "dockstack.standin-for=${OFFICIAL[$r]}" \
    --label "dockstack.recipe=$r" "${bargs[@]}" -f "$ctx/Dockerfile" "$ctx" \
    || DS_LOG="$blog" ds_die "$tag: docker buildx build failed (log: $blog)"
  [ "$(label_of "$tag")" = "$h" ] || ds_die "$tag: built image does not carry the expected recipe hash"
  secs=$((SECONDS - t0))
  size="$(size_of "$tag")"
  new_id="$("$DS_DOCKER" image inspect --format '{{.Id}}' "$tag")"
  if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then OLD_IDS+=("$old_id"); fi
  rm -rf "$ctx"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$tag" "$(date -u +%FT%TZ)" "$h" "$secs" "$size" "$summary_inputs" >>"$REPORT"
  ds_say "$tag: built in ${secs}s, $(human_mb "$size")"
  built=$((built + 1))
done

# Replaced images: remove them (children first), unless something still uses them.
for ((i = ${#OLD_IDS[@]} - 1; i >= 0; i--)); do
  "$DS_DOCKER" image rm "${OLD_IDS[$i]}" >>"$DS_LOG" 2>&1 || true
done

ds_say "done in $((SECONDS - run_start))s: $built built, $cached cached (log $DS_LOG)"
