#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted scripts run inside the container
# Smoke test of a Debian-based stand-in: apt reaches the machine's mirror from inside a
# container on the host network and installs a package (tini); TLS trusts the machine's CAs.
set -euo pipefail
"$DOCKER" run --rm --network=host "$IMAGE" sh -c '
  set -e
  . /etc/os-release; echo "os: $PRETTY_NAME"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tini >/dev/null
  tini --version
  test -s /etc/ssl/certs/ca-certificates.crt
  test -z "$(ls /var/lib/apt/lists 2>/dev/null | grep -v -e partial -e lock || true)" || echo "(lists present after update, expected)"
'
echo "$("$DOCKER" run --rm --network=none "$IMAGE" sh -c '. /etc/os-release; echo $PRETTY_NAME'): apt-get install tini from the machine's mirror ok"
