#!/usr/bin/env bash
# debootstrap trixie (minbase, slim) with Debian's Python 3.13, venv and pip: no compiler.
. "$STANDINS_LIB/debian/rootfs.sh"
ds_debootstrap_rootfs trixie slim "$CONTEXT/rootfs.tar" python3,python3-venv,python3-pip
