#!/bin/sh
# Like the official composer image's entrypoint: options and composer subcommands run composer,
# anything else runs as given.
set -e

if [ "${1#-}" != "$1" ]; then
	set -- composer "$@"
elif [ $# -gt 0 ] && [ "$1" != composer ] && ! command -v "$1" >/dev/null 2>&1 && composer help "$1" >/dev/null 2>&1; then
	set -- composer "$@"
fi

exec "$@"
