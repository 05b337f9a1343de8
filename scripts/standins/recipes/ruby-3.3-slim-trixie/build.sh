#!/usr/bin/env bash
# debootstrap trixie (minbase, slim) with Debian's Ruby 3.3 and Bundler 2.6: no compiler, no headers.
. "$STANDINS_LIB/debian/rootfs.sh"
ds_debootstrap_rootfs trixie slim "$CONTEXT/rootfs.tar" ruby,ruby-bundler
