#!/usr/bin/env bash
# debootstrap --variant=minbase from the machine's mirror, docs and man pages kept (like the
# official non-slim image).
. "$STANDINS_LIB/debian/rootfs.sh"
ds_debootstrap_rootfs bookworm full "$CONTEXT/rootfs.tar"
