# shellcheck shell=bash
# shellcheck disable=SC2154 # here and SUITE are set by the build-mirror.sh that sources this file
# The steps every local mirror build of the engine tier shares (pypi, rubygems, composer): a temporary
# apt list on the machine's own Debian mirror (its own lists and cache: the machine's apt state is
# untouched), the closure of a mirror's packages.txt, the download of the .debs, and the cached output
# folder. Sourced by scripts/mirrors/<kind>/build-mirror.sh after scripts/engine/lib.sh, with SUITE and
# `here` (the mirror's folder) set.

# dsm_apt <kind> [src]: one build of <kind> at a time (two engine tiers may start together); sets
# `mirror` (the machine's Debian mirror), `apt` and `aptopts` for a sources list of $SUITE (with deb-src
# lines when "src" is given), whose lists are refreshed at most once a day.
dsm_apt() {
  local kind="$1" with_src="${2:-}" stamp='*_Packages*'
  mirror="$(ds_mirror_uri 2>>"$DS_LOG")" || ds_die "cannot read the machine's Debian mirror from /etc/apt"
  # A list with deb-src lines has a folder of its own.
  apt="$DS_CACHE/mirrors/apt-$SUITE${with_src:+-src}"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts"
  exec 9>"$DS_CACHE/mirrors/.$kind.lock"
  flock -w 1800 9 || ds_die "another build-mirror.sh holds $DS_CACHE/mirrors/.$kind.lock"
  {
    printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$mirror" "$SUITE"
    if [ -n "$with_src" ]; then
      printf 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$mirror" "$SUITE"
      stamp='*_Sources*'
    fi
  } >"$apt/sources.list"
  aptopts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/parts"
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "Dir::State::Status=/dev/null"
    -o "APT::Get::List-Cleanup=0")
  if [ -z "$(find "$apt/lists" -maxdepth 1 -name "$stamp" -mmin -1440 2>/dev/null | head -n1)" ]; then
    ds_say "updating the temporary $SUITE lists"
    ds_run apt-get "${aptopts[@]}" update || ds_die "apt-get update of the temporary $SUITE list failed"
  fi
}

# dsm_closure <keep-ERE> [drop-ERE]: sets `wanted`, sorted: the names in $here/packages.txt and every
# package apt-cache visits from them (no recommends or suggests) that matches keep-ERE and not drop-ERE.
dsm_closure() {
  local keep="$1" drop="${2:-^$}" roots
  mapfile -t roots < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$here/packages.txt" | grep -v '^$')
  mapfile -t wanted < <(
    {
      apt-cache "${aptopts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
        --no-replaces --no-enhances "${roots[@]}" 2>>"$DS_LOG" \
        | grep -E '^[a-z0-9]' | grep -E "$keep" | grep -Ev "$drop"
      printf '%s\n' "${roots[@]}"
    } | sort -u
  )
  ds_say "${#wanted[@]} packages in the closure of ${#roots[@]} roots"
}

# dsm_download <folder>: the newest version in $SUITE of each of `wanted` into <folder> (what is there
# already is kept); any other .deb in it (an older version) is dropped.
dsm_download() {
  local debs="$1" keep f b n
  mkdir -p "$debs"
  (cd "$debs" && ds_run apt-get "${aptopts[@]}" download "${wanted[@]}") || ds_die "apt-get download failed (see the log)"
  keep="$(mktemp)"
  apt-cache "${aptopts[@]}" show --no-all-versions "${wanted[@]}" 2>>"$DS_LOG" | awk '/^Filename:/{ n = split($2, p, "/"); print p[n] }' >"$keep"
  for f in "$debs"/*.deb; do
    [ -e "$f" ] || continue
    b="$(basename "$f")"
    # apt-get download writes an epoch's ':' as '%3a'; the pool file name has no epoch.
    n="$(printf '%s' "$b" | sed -E 's/_[0-9]+%3a/_/')"
    grep -qxF "$n" "$keep" || rm -f "$f"
  done
  rm -f "$keep"
}

# dsm_build <kind> <hash> <marker> <convert>: sets `out`, the mirror folder of <hash> under
# $DS_CACHE/mirrors/<kind>: reused when <marker> is in it, else made by the function <convert> in a
# temporary folder (its one argument) and moved in place. Folders of other hashes (older Debian
# versions) unused for a day are dropped. Prints the folder last.
dsm_build() {
  local kind="$1" hash="$2" marker="$3" convert="$4"
  out="$DS_CACHE/mirrors/$kind/$hash"
  if [ -f "$out/$marker" ]; then
    ds_say "$kind mirror cached: $out"
  else
    rm -rf "$out.tmp"
    mkdir -p "$out.tmp"
    "$convert" "$out.tmp" || ds_die "building the $kind mirror from the .debs failed (see the log)"
    rm -rf "$out"
    mv "$out.tmp" "$out"
    ds_say "$kind mirror built: $out"
  fi
  find "$DS_CACHE/mirrors/$kind" -mindepth 1 -maxdepth 1 -type d ! -name "$hash" -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
  printf '%s\n' "$out"
}
