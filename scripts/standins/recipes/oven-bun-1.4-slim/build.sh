#!/usr/bin/env bash
# Stage the bun binary's registry tarball and a bunfig.toml naming the machine's npm registry and
# CA bundle (the counterpart of the node stand-ins' /usr/local/etc/npmrc).
. "$STANDINS_LIB/common.sh"
ds_npm_fetch @oven/bun-linux-x64 "$BUN_VERSION" "$CONTEXT/bun.tgz"
printf '# dockstack stand-in: the machine'"'"'s npm registry and CA bundle (read when the image was built).\n[install]\nregistry = "%s"\ncafile = "/etc/ssl/certs/ca-certificates.crt"\n' \
  "$(ds_npm_registry)" >"$CONTEXT/bunfig.toml"
if [ "${NPM_REGISTRY_DEFAULT:-yes}" = no ]; then
  printf '\n# The machine'"'"'s npm registry, for bun install and bunx.\nENV NPM_CONFIG_REGISTRY=%s\n' "$(ds_npm_registry)" >>"$CONTEXT/Dockerfile"
fi
