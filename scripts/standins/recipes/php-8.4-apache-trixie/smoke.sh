#!/usr/bin/env bash
# Smoke test: apache with mod_php serves a PHP page as www-data (33) on 8080 on the host network,
# every process runs as uid 33, and SIGWINCH (docker stop) ends it quickly.
set -euo pipefail
port=18093
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $IMAGE
RUN sed -i 's/^Listen 80\$/Listen $port/' /etc/apache2/ports.conf \\
 && sed -i 's/<VirtualHost \\*:80>/<VirtualHost *:$port>/' /etc/apache2/sites-available/000-default.conf \\
 && echo '<?php echo "php ", PHP_VERSION, " as uid ", posix_getuid(), "\n";' > /var/www/html/index.php
USER 33:33
DOCKERFILE
"$DOCKER" buildx build --quiet --network=host --load -t dockstack-smoke/php-apache "$ctx" >/dev/null
id="$("$DOCKER" run -d --network=host dockstack-smoke/php-apache)"
trap 'rm -rf "$ctx"; "$DOCKER" rm -f "$id" >/dev/null 2>&1 || true; "$DOCKER" rmi dockstack-smoke/php-apache >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/" | grep -q 'as uid 33'
test "$("$DOCKER" top "$id" -o pid,uid | awk 'NR > 1 { print $2 }' | sort -u)" = 33
start=$(date +%s.%N); "$DOCKER" stop "$id" >/dev/null; end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "apache stop: %.2f s\n", b - a }'
