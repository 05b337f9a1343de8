#!/usr/bin/env bash
# Smoke test: java runs a jar built by the JDK stand-in; the image has no compiler.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -ec '
  test "$JAVA_HOME" = /opt/java/openjdk
  java -XshowSettings:properties -version 2>&1 | grep -q "java.specification.version = 17"
  ! command -v javac'
