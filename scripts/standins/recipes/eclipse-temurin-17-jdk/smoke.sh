#!/usr/bin/env bash
# Smoke test: javac + jar + java on a hello world, and a jlink runtime of java.base that runs it.
set -euo pipefail
"$DOCKER" run --rm --network=none "$IMAGE" sh -ec '
  test "$JAVA_HOME" = /opt/java/openjdk
  mkdir -p /tmp/h/src /tmp/h/classes && cd /tmp/h
  printf "public class Hello { public static void main(String[] a) { System.out.println(\"java ok \" + Runtime.version().feature()); } }\n" > src/Hello.java
  javac -d classes src/Hello.java
  jar --create --file hello.jar --main-class Hello -C classes .
  java -jar hello.jar
  jlink --add-modules java.base --strip-debug --no-man-pages --no-header-files --compress=2 --output /tmp/h/rt
  /tmp/h/rt/bin/java -jar hello.jar'
