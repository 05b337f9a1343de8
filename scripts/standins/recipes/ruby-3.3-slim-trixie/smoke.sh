#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted script runs inside the container
# Smoke test: Ruby runs, and Bundler installs an empty locked bundle in deployment mode with no network.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -c '
  set -e
  ruby -e "puts RUBY_DESCRIPTION"
  mkdir /tmp/app && cd /tmp/app
  printf "source \"https://rubygems.org\"\n" > Gemfile
  printf "GEM\n  remote: https://rubygems.org/\n  specs:\n\nPLATFORMS\n  ruby\n  x86_64-linux\n\nDEPENDENCIES\n\nBUNDLED WITH\n   %s\n" "$(bundle --version | sed "s/.* //")" > Gemfile.lock
  BUNDLE_DEPLOYMENT=1 BUNDLE_PATH=/usr/local/bundle bundle install
  bundle exec ruby -e "puts %(bundle exec ok)"
'
