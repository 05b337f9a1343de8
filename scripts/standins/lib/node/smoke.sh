#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted scripts run inside the container
# Smoke test of a node stand-in: node runs; npm, yarn 1 and pnpm (through corepack) reach the
# machine's npm registry from a container on the host network; `npm ci` works as user node.
set -euo pipefail
ver="$("$DOCKER" run --rm --network=host "$IMAGE" node -e 'console.log(process.version)')"
echo "node: $ver"
npmv="$("$DOCKER" run --rm --network=host "$IMAGE" npm view is-number version)"
echo "npm view is-number version: $npmv"
[ -n "$npmv" ]
"$DOCKER" run --rm --network=host "$IMAGE" sh -c '
  set -e
  echo "npm $(npm --version), npx $(npx --version), yarn $(yarn --version)"
  if command -v corepack >/dev/null; then echo "corepack $(corepack --version)"; fi
  id node; test "$(id -u node):$(id -g node)" = 1000:1000; test -d /home/node
  test "$(readlink /usr/local/bin/npm)" = ../lib/node_modules/npm/bin/npm-cli.js
  echo "yarn info is-number version: $(yarn info is-number version --silent)"
'
# npm ci as the node user, from a lockfile written by npm install in the same image.
"$DOCKER" run --rm --network=host --user node -w /home/node "$IMAGE" sh -c '
  set -e
  mkdir app && cd app
  printf "{\"name\":\"smoke\",\"version\":\"1.0.0\",\"private\":true,\"dependencies\":{\"is-number\":\"7.0.0\"}}\n" >package.json
  npm install --package-lock-only --silent
  npm ci --silent
  node -e "console.log(\"npm ci as node: is-number\", require(\"is-number\")(5))"
'
if "$DOCKER" run --rm --network=none "$IMAGE" sh -c 'command -v corepack' >/dev/null; then
  pnpmv="$("$DOCKER" run --rm --network=host -e COREPACK_ENABLE_DOWNLOAD_PROMPT=0 -w /tmp "$IMAGE" corepack pnpm@9 --version | tail -n 1)"
  echo "corepack pnpm: $pnpmv"
fi
echo "node $ver; npm view is-number -> $npmv from inside the container"
