#!/usr/bin/env bash
# The machine's rustup toolchain, staged as toolchain.tar (see lib/rust/stage.sh).
exec bash "$STANDINS_LIB/rust/stage.sh"
