#!/usr/bin/env bash
# debootstrap --variant=minbase from the machine's mirror, docs/man/locales dropped (slim).
. "$STANDINS_LIB/debian/rootfs.sh"
ds_debootstrap_rootfs trixie slim "$CONTEXT/rootfs.tar"
