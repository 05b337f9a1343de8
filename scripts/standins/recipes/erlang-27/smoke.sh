#!/usr/bin/env bash
# erl and rebar3 answer; a new rebar3 release project assembles a prod release with ERTS included (no network).
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" erl -noshell -eval 'io:format("otp ~s~n", [erlang:system_info(otp_release)]), halt().'
"$DOCKER" run --rm --network=none "$IMAGE" sh -ec 'cd /tmp && rebar3 new release smoke >/dev/null && cd smoke && rebar3 as prod release >/dev/null && test -x _build/prod/rel/smoke/bin/smoke && ls -d _build/prod/rel/smoke/erts-*'
echo "erl, rebar3 new release, rebar3 as prod release with ERTS: ok"
