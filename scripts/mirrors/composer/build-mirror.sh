#!/usr/bin/env bash
# Build the local Composer mirror the engine tier serves: Debian trixie's PHP library packages (the
# names in packages.txt and the php-* packages of their dependency closure), fetched with
# `apt-get download` from the machine's own Debian mirror through a temporary sources list (its own
# lists and cache: the machine's apt state is untouched), turned into dist zips and a Composer
# repository (packages.json) by debs-to-composer.py. Dist urls name the placeholder base URL below (a
# host that resolves nowhere): serve.py answers for it, as a plain server and as the HTTP proxy the
# engine tier gives Composer (test/support/mirrors.ts).
#
#   scripts/mirrors/composer/build-mirror.sh  # prints the mirror folder (packages.json, dists/, base-url) last
#
# Cached under $DOCKSTACK_CACHE/mirrors/composer/<hash of the .deb names and the converter>; a new
# Debian point release gives a new folder. Needs dpkg-deb, apt-get and python3 (all on Debian).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../engine/lib.sh
. "$here/../../engine/lib.sh"
ds_log_init composer-mirror
SUITE="${DOCKSTACK_MIRROR_SUITE:-trixie}"
# The mirror's URL in packages.json and in locks made against it (.invalid: reserved, resolves nowhere).
BASE_URL="http://composer-mirror.invalid/"

mirror="$(ds_mirror_uri 2>>"$DS_LOG")" || ds_die "cannot read the machine's Debian mirror from /etc/apt"
apt="$DS_CACHE/mirrors/apt-$SUITE"
debs="$DS_CACHE/mirrors/composer-debs"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$debs"
# One build at a time (two engine tiers may start together).
exec 9>"$DS_CACHE/mirrors/.composer.lock"
flock -w 1800 9 || ds_die "another build-mirror.sh holds $DS_CACHE/mirrors/.composer.lock"
printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$mirror" "$SUITE" >"$apt/sources.list"
aptopts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/parts"
  -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "Dir::State::Status=/dev/null"
  -o "APT::Get::List-Cleanup=0")

# Refresh the temporary lists at most once a day.
if [ -z "$(find "$apt/lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -n1)" ]; then
  ds_say "updating the temporary $SUITE package lists"
  ds_run apt-get "${aptopts[@]}" update || ds_die "apt-get update of the temporary $SUITE list failed"
fi

mapfile -t roots < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$here/packages.txt" | grep -v '^$')
# The closure: every package apt-cache visits from the roots, kept when it is a php-* package (the
# converter skips those that install no library under /usr/share/php: php-common, php-mbstring, ...).
mapfile -t wanted < <(
  apt-cache "${aptopts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${roots[@]}" 2>>"$DS_LOG" \
    | grep -E '^[a-z0-9]' \
    | grep -E '^php-' \
    | sort -u
  printf '%s\n' "${roots[@]}"
)
mapfile -t wanted < <(printf '%s\n' "${wanted[@]}" | sort -u)
ds_say "${#wanted[@]} packages in the closure of ${#roots[@]} roots"

# Download what is missing (a package's newest version in the suite); old versions are dropped.
(cd "$debs" && ds_run apt-get "${aptopts[@]}" download "${wanted[@]}") || ds_die "apt-get download failed (see the log)"
keep="$(mktemp)"
trap 'rm -f "$keep"' EXIT
apt-cache "${aptopts[@]}" show --no-all-versions "${wanted[@]}" 2>>"$DS_LOG" | awk '/^Filename:/{ n = split($2, p, "/"); print p[n] }' >"$keep"
for f in "$debs"/*.deb; do
  [ -e "$f" ] || continue
  b="$(basename "$f")"
  # apt-get download writes an epoch's ':' as '%3a'; the pool file name has no epoch.
  n="$(printf '%s' "$b" | sed -E 's/_[0-9]+%3a/_/')"
  grep -qxF "$n" "$keep" || rm -f "$f"
done

hash="$( (ls "$debs"; echo "$BASE_URL"; cat "$here/debs-to-composer.py") | sha256sum | cut -c1-16)"
out="$DS_CACHE/mirrors/composer/$hash"
if [ -f "$out/packages.json" ]; then
  ds_say "mirror cached: $out"
else
  rm -rf "$out.tmp"
  mkdir -p "$out.tmp"
  ds_run python3 "$here/debs-to-composer.py" "$debs" "$out.tmp" "$BASE_URL" || ds_die "turning the .debs into Composer packages failed"
  printf '%s\n' "$BASE_URL" >"$out.tmp/base-url"
  rm -rf "$out"
  mv "$out.tmp" "$out"
  ds_say "mirror built: $(find "$out/dists" -name '*.zip' | wc -l) packages in $out"
fi
# Mirrors of older Debian versions, unused for a day, are dropped.
find "$DS_CACHE/mirrors/composer" -mindepth 1 -maxdepth 1 -type d ! -name "$hash" -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
printf '%s\n' "$out"
