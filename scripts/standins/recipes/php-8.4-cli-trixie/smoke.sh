#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted script runs inside the container
# Smoke test: php runs without a php.ini, the production ini can be put in place, and
# docker-php-ext-enable turns opcache on through the shared conf.d.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -c '
  set -e
  php -r "echo PHP_VERSION, PHP_EOL;"
  test -z "$(php -r "echo php_ini_loaded_file();")"
  cp "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini"
  docker-php-ext-enable opcache
  php -m | grep -qx "Zend OPcache"
  php -r "echo php_ini_loaded_file(), \" display_errors=\", ini_get(\"display_errors\"), PHP_EOL;"
'
