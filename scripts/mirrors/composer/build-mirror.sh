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

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$here/../lib.sh"
debs="$DS_CACHE/mirrors/composer-debs"
dsm_apt composer
# The closure's php-* packages (the converter skips those that install no library under /usr/share/php:
# php-common, php-mbstring, ...).
dsm_closure '^php-'
dsm_download "$debs"

dists() {
  ds_run python3 "$here/debs-to-composer.py" "$debs" "$1" "$BASE_URL" || return 1
  printf '%s\n' "$BASE_URL" >"$1/base-url"
  ds_say "$(find "$1/dists" -name '*.zip' | wc -l) packages"
}
dsm_build composer "$( (ls "$debs"; echo "$BASE_URL"; cat "$here/debs-to-composer.py") | sha256sum | cut -c1-16)" packages.json dists
