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

if [ "${1:-}" = "--test" ] && ! command -v tmux >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing tmux (Debian package; the pseudo-terminal tests drive the interactive CLI through it)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux >/dev/null
  else
    echo "setup: tmux not found and cannot be installed here; the pseudo-terminal tests will fail under CI"
  fi
fi
# The engine tier's local PyPI mirror (scripts/mirrors/pypi) is built and served by python3.
if [ "${1:-}" = "--test" ] && ! command -v python3 >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing python3 (Debian package; builds and serves the engine tier's local PyPI mirror)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 >/dev/null
  else
    echo "setup: python3 not found and cannot be installed here; the engine tier's PyPI mirror fixtures will fail"
  fi
fi
# The engine tier's local gem source (scripts/mirrors/rubygems) packs its gems with Debian's ruby.
if [ "${1:-}" = "--test" ] && ! command -v ruby >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ruby (Debian package; packs the engine tier's local gem source)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ruby >/dev/null
  else
    echo "setup: ruby not found and cannot be installed here; the engine tier's gem source fixtures will fail"
  fi
fi
# The catalogue site's browser test drives Debian's chromium through playwright-core (no browser download).
if [ "${1:-}" = "--test" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing chromium (Debian package) for the catalogue site's browser test"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "setup: chromium not found and cannot be installed here; the catalogue site's browser test will fail"
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
