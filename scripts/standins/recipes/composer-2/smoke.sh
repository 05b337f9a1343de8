#!/usr/bin/env bash
# Smoke test: with no network, composer installs an empty locked project, dumps an optimized
# classmap autoloader and checks the platform (a table: the intl shim at work); then the same
# phar, bind-mounted into the php:8.4-apache-trixie stand-in, does it again with that PHP.
set -euo pipefail
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/src"
cat >"$dir/composer.json" <<'JSON'
{ "name": "dockstack/smoke", "require": { "php": ">=8.2" }, "autoload": { "psr-4": { "Smoke\\": "src/" } } }
JSON
printf '<?php\nnamespace Smoke;\nfinal class Hello { public static function say(): string { return "classmap ok"; } }\n' >"$dir/src/Hello.php"
script='composer --version && composer update --no-interaction --no-install --no-progress && composer install --no-dev --no-interaction --no-progress --no-autoloader && composer dump-autoload --no-dev --optimize --no-interaction && composer check-platform-reqs --no-dev && php -r "require \"vendor/autoload.php\"; echo Smoke\\Hello::say(), PHP_EOL;"'
"$DOCKER" run --rm --network=none -v "$dir:/app" -w /app "$IMAGE" sh -c "$script"
rm -rf "$dir/vendor"
phar="$("$DOCKER" create "$IMAGE")"
"$DOCKER" cp "$phar:/usr/bin/composer" "$dir/composer.phar" && "$DOCKER" rm "$phar" >/dev/null
if "$DOCKER" image inspect dockstack-standin/php:8.4-apache-trixie >/dev/null 2>&1; then
  "$DOCKER" run --rm --network=none -e COMPOSER_ALLOW_SUPERUSER=1 -v "$dir:/var/www/html" -v "$dir/composer.phar:/usr/local/bin/composer:ro" dockstack-standin/php:8.4-apache-trixie sh -c "$script"
fi
