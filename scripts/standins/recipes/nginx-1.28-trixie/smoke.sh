#!/usr/bin/env bash
# Smoke test (scripts/standins/smoke-standins.sh): nginx as uid 101 with a config that listens on
# 8080 (DOCKSTACK_SMOKE_PORT) and keeps pid and temp files under /tmp, as an unprivileged template
# would; fetch a page; time `docker stop` (STOPSIGNAL SIGQUIT: graceful, well under 2 s).
set -euo pipefail
port="${DOCKSTACK_SMOKE_PORT:-8080}"
if ss -ltnH "sport = :$port" 2>/dev/null | grep -q .; then
  echo "port $port is busy on this machine; set DOCKSTACK_SMOKE_PORT" >&2
  exit 1
fi
work="$(mktemp -d)"
name="dockstack-smoke-nginx-$$"
trap '"$DOCKER" rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid /tmp/nginx.pid;
error_log /dev/stderr notice;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log /dev/stdout;
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;
  server {
    listen $port;
    location / { root /usr/share/nginx/html; index index.html; }
  }
}
CONF
chmod 0644 "$work/nginx.conf"
"$DOCKER" run -d --name "$name" --network=host --user 101:101 \
  -v "$work/nginx.conf:/etc/nginx/nginx.conf:ro" "$IMAGE" >/dev/null
page=""
for _ in $(seq 1 50); do
  if page="$(curl -fsS "http://127.0.0.1:$port/" 2>/dev/null)"; then break; fi
  sleep 0.2
done
if [ -z "$page" ]; then "$DOCKER" logs "$name"; echo "no answer on port $port" >&2; exit 1; fi
echo "$page" | grep -q 'Welcome to nginx' || { echo "unexpected page: $page" >&2; exit 1; }
uids="$("$DOCKER" top "$name" -o pid,uid,args | awk 'NR > 1 { print $2 }' | sort -u | tr '\n' ' ')"
echo "process uids: $uids"
[ "$uids" = "101 " ] || { echo "expected every nginx process to run as uid 101" >&2; exit 1; }
echo "user: $("$DOCKER" exec "$name" id)"
echo "stop signal: $("$DOCKER" inspect --format '{{.Config.StopSignal}}' "$name")"
t0=$(date +%s.%N)
"$DOCKER" stop "$name" >/dev/null
t1=$(date +%s.%N)
stop="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
echo "exit code: $("$DOCKER" inspect --format '{{.State.ExitCode}}' "$name")"
"$DOCKER" logs "$name" 2>&1 | tail -n 5
echo "nginx $("$DOCKER" run --rm --network=none --entrypoint nginx "$IMAGE" -v 2>&1 | sed "s#.*/##") as uid 101 on :$port served the page; docker stop took ${stop}s"
