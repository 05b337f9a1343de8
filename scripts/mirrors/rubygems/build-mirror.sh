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
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$here/../lib.sh"
debs="$DS_CACHE/mirrors/rubygems-debs"
srcs="$DS_CACHE/mirrors/rubygems-src"
mkdir -p "$srcs"
# Its own list folder: it carries deb-src lines too (the other mirrors' lists have none).
dsm_apt rubygems src
# The closure's Ruby libraries (ruby-*, but not the interpreter's own packages: RubyGems, Bundler and
# the default gems come with Ruby).
dsm_closure '^ruby-' '^ruby-(rubygems|bundler|dev|full)$'
dsm_download "$debs"

# Upstream tarballs of the packages that compile extensions (architecture-dependent .debs): the file
# name and SHA-256 come from the signed Sources index, apt-helper checks the download against them.
keep="$(mktemp)"
trap 'rm -f "$keep"' EXIT
for f in "$debs"/*.deb; do
  [ "$(dpkg-deb -f "$f" Architecture)" = all ] && continue
  # Ruby's own library (its bundled gems): the interpreter's tarball builds none of them as a gem.
  case "$(dpkg-deb -f "$f" Package)" in libruby*) continue ;; esac
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

gems() {
  ds_run ruby "$here/debs-to-gems.rb" "$debs" "$srcs" "$1" || return 1
  ds_say "$(find "$1/gems" -name '*.gem' | wc -l) gems"
}
dsm_build rubygems "$( (ls "$debs" "$srcs"; cat "$here/debs-to-gems.rb") | sha256sum | cut -c1-16)" versions gems
