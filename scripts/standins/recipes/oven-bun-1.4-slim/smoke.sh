#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted scripts run inside the container
# Smoke test: bun runs; user bun 1000; `bun install` reaches the machine's registry from a
# container on the host network (as root and as bun); bun build --compile works offline.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -ec '
  echo "bun $(bun --version), node fallback $(readlink /usr/local/bun-node-fallback-bin/node)"
  test "$(id -u bun):$(id -g bun)" = 1000:1000
  test "$(pwd)" = /home/bun/app'
"$DOCKER" run --rm --network=host --user bun -w /home/bun "$IMAGE" sh -ec '
  printf "{\"name\":\"smoke\",\"private\":true,\"dependencies\":{\"is-number\":\"7.0.0\"}}\n" >package.json
  bun install --silent
  bun install --frozen-lockfile --production --silent
  bun -e "console.log(\"bun install as bun: is-number\", require(\"is-number\")(5))"'
"$DOCKER" run --rm --network=none -w /tmp "$IMAGE" sh -ec '
  echo "console.log(\"compiled ok\")" >a.ts
  bun build --compile a.ts --outfile /tmp/a >/dev/null
  /tmp/a'
echo "bun $("$DOCKER" run --rm --network=none "$IMAGE" --version): install from the registry and compile work"
