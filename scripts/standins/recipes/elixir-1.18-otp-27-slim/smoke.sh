#!/usr/bin/env bash
# elixir and mix answer; a new mix project compiles and assembles a release with ERTS included (no network).
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" elixir -e 'IO.puts("elixir #{System.version()} otp #{System.otp_release()}")'
"$DOCKER" run --rm --network=none -e MIX_ENV=prod "$IMAGE" sh -c 'cd /tmp && mix new smoke >/dev/null && cd smoke && mix release --quiet && test -x _build/prod/rel/smoke/bin/smoke && ls -d _build/prod/rel/smoke/erts-*' 
echo "elixir, mix new, mix release with ERTS: ok"
