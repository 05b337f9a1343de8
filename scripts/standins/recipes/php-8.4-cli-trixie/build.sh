#!/usr/bin/env bash
# debootstrap trixie (minbase, slim) with Debian's PHP 8.4 CLI and the extensions the official
# image compiles in (mbstring, curl, xml/dom, sqlite3/pdo_sqlite, readline; opcache installed
# but not enabled, as in the official image).
. "$STANDINS_LIB/debian/rootfs.sh"
ds_debootstrap_rootfs trixie slim "$CONTEXT/rootfs.tar" php8.4-cli,php8.4-mbstring,php8.4-curl,php8.4-xml,php8.4-sqlite3
