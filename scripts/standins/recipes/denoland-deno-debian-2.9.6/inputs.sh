#!/usr/bin/env bash
# The exact deno release the official tag names (npm package @deno/linux-x64-glibc carries the
# same binary as the GitHub release), and whether the machine's npm registry is the default.
. "$STANDINS_LIB/common.sh"
echo "DENO_VERSION=2.9.6"
echo "NPM_REGISTRY_DEFAULT=$(ds_npm_registry_is_default)"
