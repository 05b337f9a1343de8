#!/usr/bin/env bash
# Build the local PyPI mirror the engine tier serves: Debian trixie's python3-* packages (the names in
# packages.txt and their dependency closure), fetched with `apt-get download` from the machine's own
# Debian mirror through a temporary sources list (its own lists and cache: the machine's apt state is
# untouched), turned into wheels and a PEP 503 simple index by debs-to-wheels.py.
#
#   scripts/mirrors/pypi/build-mirror.sh      # prints the mirror folder (simple/, files/) on its last line
#
# Cached under $DOCKSTACK_CACHE/mirrors/pypi/<hash of the .deb names and the converter>; a new
# Debian point release gives a new folder. Needs dpkg-deb, apt-get and python3 (all on Debian).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../engine/lib.sh
. "$here/../../engine/lib.sh"
ds_log_init pypi-mirror
SUITE="${DOCKSTACK_MIRROR_SUITE:-trixie}"

# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$here/../lib.sh"
debs="$DS_CACHE/mirrors/pypi-debs"
dsm_apt pypi
# The closure's Python packages (python3-*, but not the interpreter's own) and the JavaScript libraries
# they link into (libjs-*).
dsm_closure '^(python3-|libjs-)' '^python3-(minimal|dev|all|distutils|lib2to3|venv|tk|gdbm|dbg|doc)$|^python3-(all|dbg)-'
dsm_download "$debs"

wheels() {
  ds_run python3 "$here/debs-to-wheels.py" "$debs" "$1" || return 1
  ds_say "$(find "$1/files" -name '*.whl' | wc -l) wheels"
}
dsm_build pypi "$( (ls "$debs"; cat "$here/debs-to-wheels.py") | sha256sum | cut -c1-16)" simple/index.html wheels
