#!/usr/bin/env bash
# Smoke test (scripts/standins/smoke-standins.sh): see lib/debian/smoke.sh.
exec bash "$STANDINS_LIB/debian/smoke.sh"
