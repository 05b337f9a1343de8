#!/usr/bin/env bash
# No shell; the config runs as 65532; a dynamically linked C++ program (libstdc++, libgcc_s,
# glibc) from the slim stand-in's build tools is not needed: check the loader and the libraries.
set -euo pipefail
if "$DOCKER" run --rm --network=none --entrypoint /bin/sh "$IMAGE" -c true 2>/dev/null; then echo "has a shell" >&2; exit 1; fi
test "$("$DOCKER" image inspect --format '{{.Config.User}}' "$IMAGE")" = 65532
c="$("$DOCKER" create "$IMAGE" /nothing)"
trap '"$DOCKER" rm "$c" >/dev/null' EXIT
for f in /etc/ssl/certs/ca-certificates.crt /usr/share/zoneinfo/Europe/Paris /etc/passwd /tmp /home/nonroot \
  /lib64/ld-linux-x86-64.so.2 /usr/lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libgcc_s.so.1 \
  /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/x86_64-linux-gnu/libssl.so.3; do
  "$DOCKER" cp "$c:$f" - >/dev/null || { echo "missing $f" >&2; exit 1; }
done
echo "no shell, user 65532, glibc, libgcc_s, libstdc++, libssl3, CA bundle, tzdata present"
