#!/usr/bin/env bash
# Build the local gem source the engine tier serves: Debian trixie's ruby-* packages (the names in
# packages.txt and the ruby-* packages of their dependency closure), fetched with `apt-get download`
# from the machine's own Debian mirror through a temporary sources list (its own lists and cache: the
# machine's apt state is untouched), turned into .gem files and a compact index by debs-to-gems.rb.
# For packages with C extensions the upstream tarball of their Debian source package is fetched too
# (checked against the signed Sources index), so the gems compile in the build like RubyGems' do; when
# the mirror does not serve that tarball, the gem carries Debian's compiled extension instead.
#
#   scripts/mirrors/rubygems/build-mirror.sh      # prints the gem source folder (versions, info/, gems/) last
#
# Cached under $DOCKSTACK_CACHE/mirrors/rubygems/<hash of the .deb and tarball names and the converter>.
# Needs dpkg-deb, apt-get and ruby (Debian's `ruby` package: RubyGems packs the gems).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../engine/lib.sh
. "$here/../../engine/lib.sh"
ds_log_init rubygems-mirror
SUITE="${DOCKSTACK_MIRROR_SUITE:-trixie}"

command -v ruby >/dev/null || ds_die "ruby is not installed (apt-get install ruby): it packs the gems"
mirror="$(ds_mirror_uri 2>>"$DS_LOG")" || ds_die "cannot read the machine's Debian mirror from /etc/apt"
# Its own list folder: it carries deb-src lines too (the PyPI mirror's list has none).
apt="$DS_CACHE/mirrors/apt-$SUITE-src"
debs="$DS_CACHE/mirrors/rubygems-debs"
srcs="$DS_CACHE/mirrors/rubygems-src"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$debs" "$srcs"
# One build at a time (two engine tiers may start together).
exec 9>"$DS_CACHE/mirrors/.rubygems.lock"
flock -w 1800 9 || ds_die "another build-mirror.sh holds $DS_CACHE/mirrors/.rubygems.lock"
{
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$mirror" "$SUITE"
  printf 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$mirror" "$SUITE"
} >"$apt/sources.list"
aptopts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/parts"
  -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "Dir::State::Status=/dev/null"
  -o "APT::Get::List-Cleanup=0")

# Refresh the temporary lists at most once a day.
if [ -z "$(find "$apt/lists" -maxdepth 1 -name '*_Sources*' -mmin -1440 2>/dev/null | head -n1)" ]; then
  ds_say "updating the temporary $SUITE package and source lists"
  ds_run apt-get "${aptopts[@]}" update || ds_die "apt-get update of the temporary $SUITE list failed"
fi

mapfile -t roots < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$here/packages.txt" | grep -v '^$')
# The closure: every package apt-cache visits from the roots, kept when it is a Ruby library (ruby-*,
# but not the interpreter's own packages: RubyGems, Bundler and the default gems come with Ruby).
mapfile -t wanted < <(
  apt-cache "${aptopts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${roots[@]}" 2>>"$DS_LOG" \
    | grep -E '^ruby-' \
    | grep -Ev '^ruby-(rubygems|bundler|dev|full)$' \
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

# Upstream tarballs of the packages that compile extensions (architecture-dependent .debs): the file
# name and SHA-256 come from the signed Sources index, apt-helper checks the download against them.
: >"$keep"
for f in "$debs"/*.deb; do
  [ "$(dpkg-deb -f "$f" Architecture)" = all ] && continue
  src="$(dpkg-deb -f "$f" Source)"
  [ -n "$src" ] || src="$(dpkg-deb -f "$f" Package)"
  version="$(printf '%s' "$src" | sed -nE 's/.*\((.*)\)/\1/p')"
  src="${src%% *}"
  [ -n "$version" ] || version="$(dpkg-deb -f "$f" Version)"
  # The Sources stanza of that version: its directory and its .orig tarball's checksum and name.
  dir="" sum="" name=""
  read -r dir sum name < <(
    apt-cache "${aptopts[@]}" showsrc --only-source "$src" 2>>"$DS_LOG" | awk -v v="$version" '
      BEGIN { RS = ""; FS = "\n" }
      {
        ver = ""; dir = ""; sum = ""; name = ""; insums = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Version: /) ver = substr($i, 10)
          else if ($i ~ /^Directory: /) dir = substr($i, 12)
          else if ($i ~ /^Checksums-Sha256:/) insums = 1
          else if (insums && $i ~ /^ /) { split($i, a, " "); if (a[3] ~ /\.orig\.tar\./) { sum = a[1]; name = a[3] } }
          else insums = 0
        }
        if (ver == v && name != "") { print dir, sum, name; exit }
      }'
  ) || true
  if [ -z "$name" ]; then
    ds_say "no upstream tarball for $src $version in the Sources index"
    continue
  fi
  printf '%s\n' "$name" >>"$keep"
  [ -f "$srcs/$name" ] && continue
  if ds_run /usr/lib/apt/apt-helper download-file "$mirror/$dir/$name" "$srcs/$name.part" "SHA256:$sum"; then
    mv "$srcs/$name.part" "$srcs/$name"
  else
    rm -f "$srcs/$name.part"
    ds_say "the mirror does not serve $dir/$name: $src's gem keeps Debian's compiled extension"
  fi
done
for f in "$srcs"/*; do
  [ -e "$f" ] || continue
  grep -qxF "$(basename "$f")" "$keep" || rm -f "$f"
done

hash="$( (ls "$debs" "$srcs"; cat "$here/debs-to-gems.rb") | sha256sum | cut -c1-16)"
out="$DS_CACHE/mirrors/rubygems/$hash"
if [ -f "$out/versions" ]; then
  ds_say "gem source cached: $out"
else
  rm -rf "$out.tmp"
  mkdir -p "$out.tmp"
  ds_run ruby "$here/debs-to-gems.rb" "$debs" "$srcs" "$out.tmp" || ds_die "turning the .debs into gems failed"
  rm -rf "$out"
  mv "$out.tmp" "$out"
  ds_say "gem source built: $(find "$out/gems" -name '*.gem' | wc -l) gems in $out"
fi
# Sources of older Debian versions, unused for a day, are dropped.
find "$DS_CACHE/mirrors/rubygems" -mindepth 1 -maxdepth 1 -type d ! -name "$hash" -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
printf '%s\n' "$out"
