#!/usr/bin/env bash
# Stage the node/npm/corepack/yarn tarballs and the shared node Dockerfile (lib/node/).
. "$STANDINS_LIB/node/node.sh"
ds_node_stage
