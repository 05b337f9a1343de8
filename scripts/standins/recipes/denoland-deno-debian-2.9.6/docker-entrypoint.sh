#!/bin/sh
# dockstack stand-in for the official deno image's docker-entrypoint.sh: run deno with the
# arguments when the first one is an option or a deno subcommand; otherwise run them as given.
if [ "$1" != "${1#-}" ]; then
  exec deno "$@"
fi
case "$1" in
  add | approve-scripts | audit | bench | bundle | cache | check | clean | compile | completions | coverage | deploy | doc | eval | fmt | help | info | init | install | jupyter | lint | lsp | outdated | publish | remove | repl | run | sandbox | serve | task | test | types | uninstall | update | upgrade | x)
    exec deno "$@" ;;
esac
exec "$@"
