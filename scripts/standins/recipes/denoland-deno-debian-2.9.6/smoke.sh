#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted scripts run inside the container
# Smoke test: deno runs under tini; user deno 1993 owns DENO_DIR; an npm: specifier installs from
# the machine's registry in a container on the host network.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" | grep -q 'Welcome to Deno'
"$DOCKER" run --rm --network=none --entrypoint sh "$IMAGE" -ec '
  test "$(id -u deno):$(id -g deno)" = 1993:1993
  test "$(stat -c %u /deno-dir)" = 1993
  test -x /tini'
"$DOCKER" run --rm --network=host --user deno -w /tmp "$IMAGE" sh -ec '
  printf "{\"imports\":{\"is-number\":\"npm:is-number@7.0.0\"}}\n" >deno.json
  deno install --quiet
  deno eval "import n from \"is-number\"; console.log(\"deno install as deno: is-number\", n(5))"'
echo "$("$DOCKER" run --rm --network=none "$IMAGE" --version | head -n 1): npm: install from the registry works"
