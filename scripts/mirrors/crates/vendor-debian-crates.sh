#!/usr/bin/env bash
# Vendor real crates from Debian's librust-*-dev packages into a Cargo project, for builds that
# cannot reach crates.io. Debian ships each crate's crates.io sources under
# /usr/share/cargo/registry/<crate>-<version>; this fetches the packages with `apt-get download`
# from the mirror the machine's apt is configured with (its own lists, read only), copies each crate
# to <project>/vendor/<crate>-<version> (without Debian's debian/ folder) and writes the
# .cargo-checksum.json that cargo's directory sources need (every file's SHA-256; the crate's
# crates.io checksum when Debian recorded one). The project's .cargo/config.toml must replace
# crates-io with `directory = "vendor"`; then `cargo generate-lockfile --offline` resolves from vendor/.
#
#   scripts/mirrors/crates/vendor-debian-crates.sh PROJECT CRATE...
#   scripts/mirrors/crates/vendor-debian-crates.sh plugins/rust/test/fixtures/vendored-crates httparse itoa memchr
#
# A crate's dependencies are not followed: name every crate the lockfile needs. Needs apt-get,
# dpkg-deb and sha256sum (all on Debian).
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
project="$(cd "$1" && pwd)"
shift
work="$(mktemp -d)"
chmod 755 "$work" # apt's _apt user writes the download there
trap 'rm -rf "$work"' EXIT

# One JSON string (file names here are plain ASCII; quotes and backslashes are escaped anyway).
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

mkdir -p "$project/vendor"
for crate in "$@"; do
  (cd "$work" && apt-get -o APT::Sandbox::User=root download "librust-$crate-dev" >/dev/null) || {
    echo "apt-get download librust-$crate-dev failed (is the name right? apt-cache search librust-$crate)" >&2
    exit 1
  }
done
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done

for src in "$work"/root/usr/share/cargo/registry/*/; do
  src="${src%/}"
  name="$(basename "$src")"
  dest="$project/vendor/$name"
  rm -rf "$dest"
  cp -a "$src" "$dest"
  rm -rf "$dest/debian" "$dest/.cargo-checksum.json"
  # Debian records the .crate's checksum, or a placeholder when it had none: keep only a real one.
  package="$(sed -n 's/.*"package":"\([0-9a-f]\{64\}\)".*/\1/p' "$src/.cargo-checksum.json" 2>/dev/null || true)"
  {
    printf '{"files":{'
    first=1
    while IFS= read -r -d '' file; do
      rel="${file#"$dest"/}"
      [ $first = 1 ] || printf ','
      first=0
      printf '%s:"%s"' "$(json_string "$rel")" "$(sha256sum "$file" | cut -d' ' -f1)"
    done < <(find "$dest" -type f -print0 | LC_ALL=C sort -z)
    if [ -n "$package" ]; then printf '},"package":"%s"}' "$package"; else printf '},"package":null}'; fi
  } >"$work/checksum.json"
  mv "$work/checksum.json" "$dest/.cargo-checksum.json"
  echo "vendored $name${package:+ (crates.io checksum $package)}"
done
