#!/usr/bin/env bash
# The exact bun release the official tag names (npm package @oven/bun-linux-x64), laid out by the
# oven/bun:1.4-slim recipe (`like`), and whether the machine's npm registry is the public default.
. "$STANDINS_LIB/common.sh"
echo "BUN_VERSION=1.3.14"
echo "NPM_REGISTRY_DEFAULT=$(ds_npm_registry_is_default)"
