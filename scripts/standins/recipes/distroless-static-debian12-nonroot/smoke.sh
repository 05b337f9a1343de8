# No shell; the config runs as 65532; the files a static binary needs are there.
if "$DOCKER" run --rm --entrypoint /bin/sh "$IMAGE" -c true 2>/dev/null; then echo "has a shell" >&2; exit 1; fi
test "$("$DOCKER" image inspect --format '{{.Config.User}}' "$IMAGE")" = 65532
c="$("$DOCKER" create "$IMAGE" /nothing)"
trap '"$DOCKER" rm "$c" >/dev/null' EXIT
for f in /etc/ssl/certs/ca-certificates.crt /usr/share/zoneinfo/Europe/Paris /etc/passwd /etc/group /etc/nsswitch.conf /tmp /home/nonroot; do
  "$DOCKER" cp "$c:$f" - >/dev/null || { echo "missing $f" >&2; exit 1; }
done
echo "no shell, user 65532, CA bundle, tzdata, passwd, /tmp present"
