#!/usr/bin/env bash
# Smoke test (scripts/standins/smoke-standins.sh): the buildpack-deps toolchain is there.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -c 'gcc --version | head -n 1; make --version | head -n 1; git --version; curl --version | head -n 1; python3 --version; pkg-config --modversion openssl'
"$DOCKER" run --rm --network=host "$IMAGE" curl -fsS -o /dev/null -w 'curl to the npm registry: HTTP %{http_code}\n' "$(npm config get registry)"
echo "gcc, make, git, curl, python3, dev headers present"
