#!/usr/bin/env bash
# Stage the deno binary's registry tarball; name the machine's npm registry when it is not the default.
. "$STANDINS_LIB/common.sh"
ds_npm_fetch @deno/linux-x64-glibc "$DENO_VERSION" "$CONTEXT/deno.tgz"
if [ "${NPM_REGISTRY_DEFAULT:-yes}" = no ]; then
  printf '\n# The machine'"'"'s npm registry, for npm: specifiers.\nENV NPM_CONFIG_REGISTRY=%s\n' "$(ds_npm_registry)" >>"$CONTEXT/Dockerfile"
fi
