#!/usr/bin/env bash
# Smoke test: php-fpm runs as www-data (33) on port 9000 of the host network, its master and workers all
# uid 33, answers a TCP connect, and SIGQUIT (docker stop) ends it quickly.
set -euo pipefail
id="$("$DOCKER" run -d --network=host --user 33:33 "$IMAGE")"
trap '"$DOCKER" rm -f "$id" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 50); do "$DOCKER" exec "$id" php -r 'exit(@fsockopen("127.0.0.1", 9000) ? 0 : 1);' && break; sleep 0.2; done
"$DOCKER" exec "$id" php -r 'exit(@fsockopen("127.0.0.1", 9000) ? 0 : 1);'
test "$("$DOCKER" top "$id" -o pid,uid | awk 'NR > 1 { print $2 }' | sort -u)" = 33
test "$("$DOCKER" top "$id" -o pid,args | grep -c 'php-fpm: ')" -ge 2
start=$(date +%s.%N); "$DOCKER" stop "$id" >/dev/null; end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "php-fpm stop: %.2f s\n", b - a }'
