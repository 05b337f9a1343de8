#!/usr/bin/env bash
# Newest bun 1.4.x (npm package @oven/bun-linux-x64, the binary the official image downloads
# from GitHub releases), and whether the machine's npm registry is the public default.
. "$STANDINS_LIB/common.sh"
v="$(ds_npm_latest "@oven/bun-linux-x64@1.4")" || exit 1
echo "BUN_VERSION=$v"
echo "NPM_REGISTRY_DEFAULT=$(ds_npm_registry_is_default)"
