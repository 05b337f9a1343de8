#!/bin/sh
# dockstack stand-in for the official nginx image's /docker-entrypoint.sh: when the command is
# nginx (or nginx-debug), source the executable *.envsh and run the executable *.sh files in
# /docker-entrypoint.d/ in order, then exec the command. NGINX_ENTRYPOINT_QUIET_LOGS=1 silences it.
set -e

say() { if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then echo "$0: $*"; fi; }

if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
  if [ -n "$(find /docker-entrypoint.d/ -mindepth 1 -maxdepth 1 -print -quit 2>/dev/null)" ]; then
    say "/docker-entrypoint.d/ is not empty, will attempt to perform configuration"
    for f in $(find /docker-entrypoint.d/ -follow -type f -print | sort -V); do
      case "$f" in
        *.envsh)
          # shellcheck disable=SC1090 # the image user's own scripts
          if [ -x "$f" ]; then say "Sourcing $f"; . "$f"; else say "Ignoring $f, not executable"; fi ;;
        *.sh)
          if [ -x "$f" ]; then say "Launching $f"; "$f"; else say "Ignoring $f, not executable"; fi ;;
        *) say "Ignoring $f" ;;
      esac
    done
    say "Configuration complete; ready for start up"
  else
    say "No files found in /docker-entrypoint.d/, skipping configuration"
  fi
fi

exec "$@"
