#!/usr/bin/env bash
# Sets up a fresh machine for dockstack: the pinned pnpm, dependencies, and the build.
# With --test it also installs what the test tiers need (ShellCheck for the linter; the
# Docker engine is started by the engine tier itself through scripts/engine/ensure-engine.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  echo "setup: installing pnpm $want"
  npm install --global --no-fund --no-audit "pnpm@$want" >/dev/null
fi

if [ "${1:-}" = "--test" ] && ! command -v shellcheck >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing shellcheck (Debian package)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >/dev/null
  else
    echo "setup: shellcheck not found and cannot be installed here; the DS-38 lint rule will be skipped"
  fi
fi

echo "setup: pnpm install"
pnpm install --frozen-lockfile --reporter=silent
echo "setup: build"
pnpm -s build
if [ "${1:-}" = "--test" ]; then
  echo "setup: local npm registry for the end-to-end tests (Verdaccio, cached)"
  node test/e2e/setup-registry.mjs
fi
echo "setup: done"
