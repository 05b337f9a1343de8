#!/usr/bin/env bash
# ghc and cabal answer; cabal update succeeds offline and a package depending on warp builds from the global
# package database; cabal list-bin names the executable.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -ec '
  ghc --numeric-version
  mkdir -p /tmp/p/app && cd /tmp/p
  printf "cabal-version: 2.4\nname: p\nversion: 0.1\nexecutable p\n  main-is: Main.hs\n  hs-source-dirs: app\n  build-depends: base, warp, wai, http-types\n  default-language: Haskell2010\n" > p.cabal
  printf "main :: IO ()\nmain = putStrLn \"haskell ok\"\n" > app/Main.hs
  cabal update
  cabal build --only-dependencies exe:p
  cabal build exe:p
  "$(cabal list-bin exe:p)"'
echo "ghc, cabal update (offline), warp from the global package db: ok"
