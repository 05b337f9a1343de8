#!/usr/bin/env bash
# Smoke test: the interpreter and a venv work.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -c 'python -c "import sys; print(sys.version)" && python -m venv /tmp/v --without-pip && /tmp/v/bin/python -c "print(\"venv ok\")"'
