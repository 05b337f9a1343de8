#!/bin/sh
# dockstack stand-in for the official bun image's docker-entrypoint.sh: run the command with bun
# when the first argument is an option or not a command on PATH; otherwise run it as given.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1" || true)" ]; then
  set -- /usr/local/bin/bun "$@"
fi
exec "$@"
