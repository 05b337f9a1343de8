#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted script runs inside the container
# Smoke test: redis-server starts as a non-root user with no network, answers PING and keeps a list.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -c '
  set -e
  test "$(id -u)" != 0
  redis-server --port 6390 --bind 127.0.0.1 --save "" --appendonly no --daemonize yes
  for i in $(seq 50); do redis-cli -p 6390 ping >/dev/null 2>&1 && break; sleep 0.1; done
  test "$(redis-cli -p 6390 ping)" = PONG
  redis-cli -p 6390 rpush q job >/dev/null
  test "$(redis-cli -p 6390 lpop q)" = job
  echo "$(redis-server --version | cut -d" " -f1-3) as uid $(id -u): PING, RPUSH, LPOP ok"
'
