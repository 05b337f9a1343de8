#!/bin/sh
# dockstack stand-in for the official node image's docker-entrypoint.sh: run the command with
# node when the first argument is an option (-e, --version, ...), is not a command on PATH, or is
# a file that is not executable (node app.js); otherwise run the command as given.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1" || true)" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
