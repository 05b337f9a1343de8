#!/usr/bin/env bash
# debootstrap trixie (minbase, slim) with Debian's Ruby 3.3, its C headers (ruby-dev: the official image
# carries Ruby's headers, so a gem with a C extension builds once a stage adds a compiler) and Bundler 2.6;
# no compiler.
. "$STANDINS_LIB/debian/rootfs.sh"
ds_debootstrap_rootfs trixie slim "$CONTEXT/rootfs.tar" ruby,ruby-dev,ruby-bundler
