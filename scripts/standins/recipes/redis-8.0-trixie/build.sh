#!/usr/bin/env bash
# debootstrap trixie (minbase, slim) with Debian's redis-server 8.0 (and redis-tools: redis-cli).
. "$STANDINS_LIB/debian/rootfs.sh"
ds_debootstrap_rootfs trixie slim "$CONTEXT/rootfs.tar" redis-server
