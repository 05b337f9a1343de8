#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted script runs inside the container
# Smoke test: php runs without a php.ini, the production ini can be put in place, and
# docker-php-ext-enable turns opcache on through the shared conf.d, php-config names the extension
# folder; then (with the network) docker-php-ext-install adds intl from Debian's php8.4-intl and
# `pecl install` uuid from php8.4-uuid, enabled by docker-php-ext-enable.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -c '
  set -e
  php -r "echo PHP_VERSION, PHP_EOL;"
  test -z "$(php -r "echo php_ini_loaded_file();")"
  cp "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini"
  docker-php-ext-enable opcache
  php -m | grep -qx "Zend OPcache"
  test "$(php-config --extension-dir)" = "$(php -r "echo ini_get(\"extension_dir\");")"
  php -r "echo php_ini_loaded_file(), \" display_errors=\", ini_get(\"display_errors\"), PHP_EOL;"
'
"$DOCKER" run --rm --network=host "$IMAGE" sh -c '
  set -e
  apt-get update -qq
  docker-php-ext-install -j"$(nproc)" intl
  php -r "echo Normalizer::normalize(\"e\\u{301}\") === \"\\u{e9}\" ? \"intl ok\n\" : exit(1);"
  ! dpkg -S "$(php-config --extension-dir)/intl.so" 2>/dev/null
  pecl install uuid-1.2.1
  ! php -m | grep -qx uuid
  docker-php-ext-enable uuid
  php -r "exit(strlen(uuid_create()) === 36 ? 0 : 1);"
'
