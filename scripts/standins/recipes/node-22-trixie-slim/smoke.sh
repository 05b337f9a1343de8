#!/usr/bin/env bash
# Smoke test (scripts/standins/smoke-standins.sh): see lib/node/smoke.sh.
exec bash "$STANDINS_LIB/node/smoke.sh"
