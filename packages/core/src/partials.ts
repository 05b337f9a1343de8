/**
 * Partials core serves to every stack's templates, included as `include('dockstack/<name>', it)`.
 * `labels` reads only the common options of the shared schema fragment (`schemas/common-options.json`);
 * `nginx-site` reads the parameters the including template passes as `it.site` (see its entry);
 * `tini-stage` reads `it.tini.from` and `tini-copy` nothing.
 */
export const CORE_PARTIALS: Readonly<Record<string, string>> = {
  /**
   * `tini` stage: Debian's static tini (a signal-forwarding PID 1, works on any base including
   * scratch and distroless), fetched once in a stage of its own that BuildKit runs alongside the
   * build, so no runtime stage runs a package manager for its init. It runs on the build platform
   * and picks the target's package: one `.deb` from the pool of the mirror the image's own apt
   * sources name, pinned by SHA-256 for amd64 and arm64 (Debian trixie's tini 0.19.0-3+b8, read
   * with `apt-cache show tini`); other architectures, or a mirror without that file, fall back to
   * apt with the image's signed indexes. The file keeps the package's time and its folders get a
   * fixed one, so the runtime layer is the same bytes on every build (checked: equal layer digests
   * of two --no-cache builds). Included as `include('dockstack/tini-stage', { ...it, tini })`
   * with `tini.from`: a Debian-based image the file already uses (e.g. `${NODE_IMAGE}`).
   */
  'dockstack/tini-stage':
    [
      '',
      "# tini: Debian's static tini for the runtime's PID 1, fetched alongside the build (one pinned .deb",
      "# from the mirror the image's apt sources name; apt for other architectures)",
      'FROM --platform=$BUILDPLATFORM <%- it.tini.from %> AS tini',
      'ARG TARGETARCH',
      'ARG TARGETVARIANT',
      "RUN <<'SH'",
      'set -eu',
      'version=0.19.0-3+b8',
      'case "${TARGETARCH:-$(dpkg --print-architecture)}${TARGETVARIANT:+/$TARGETVARIANT}" in',
      '  amd64*) arch=amd64 sha=a443b12107331f67836a64cb6efe1dd92d2765e15568eb4567dccb409a8cd2a0 ;;',
      '  arm64*) arch=arm64 sha=442405a197deb2471fc881ef3ee66c399dab2a766280e9b935197f1d18d8d6e8 ;;',
      '  arm/v5) arch=armel sha= ;;',
      '  arm/v6) arch=armel sha= ;;',
      '  arm*) arch=armhf sha= ;;',
      '  386) arch=i386 sha= ;;',
      '  ppc64le) arch=ppc64el sha= ;;',
      '  *) arch=$TARGETARCH sha= ;;',
      'esac',
      'mirror=$(awk \'$1 == "URIs:" { print $2; exit }\' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)',
      '[ -n "$mirror" ] || mirror=$(awk \'$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /:\\/\\//) { print $i; exit } }\' /etc/apt/sources.list 2>/dev/null || true)',
      'if [ -z "$sha" ] || ! /usr/lib/apt/apt-helper download-file "${mirror%/}/pool/main/t/tini/tini_${version}_${arch}.deb" /tmp/tini.deb "SHA256:$sha"; then',
      '  dpkg --add-architecture "$arch"',
      '  apt-get update',
      '  apt-get install -y --no-install-recommends --download-only "tini:$arch"',
      '  cp /var/cache/apt/archives/tini_*_"$arch".deb /tmp/tini.deb',
      'fi',
      'dpkg-deb -x /tmp/tini.deb /tmp/tini',
      'mkdir -p /out/usr/bin',
      'mv /tmp/tini/usr/bin/tini-static /out/usr/bin/tini',
      'touch -d @0 /out/usr/bin /out/usr',
      'rm -rf /tmp/tini /tmp/tini.deb /var/cache/apt/archives/*.deb /var/lib/apt/lists/*',
      'SH',
    ].join('\n') + '\n',
  /** The runtime stage's line that takes /usr/bin/tini from the `dockstack/tini-stage` stage. */
  'dockstack/tini-copy': 'COPY --link --from=tini /out/ /\n',
  /** OCI image labels from appName, sourceUrl and license, with build-time VERSION, REVISION and CREATED. */
  'dockstack/labels':
    [
      '<%_ const o = it.options; _%>',
      '',
      '# Build metadata, last so it never busts the cache: --build-arg VERSION=1.2.3 REVISION=$(git rev-parse HEAD) CREATED=$(date -u +%FT%TZ)',
      'ARG VERSION=0.0.0',
      'ARG REVISION=unknown',
      'ARG CREATED=1970-01-01T00:00:00Z',
      'LABEL org.opencontainers.image.title="<%= o.appName %>" \\',
      '      org.opencontainers.image.version="${VERSION}" \\',
      '      org.opencontainers.image.revision="${REVISION}" \\',
      '<%_ if (o.sourceUrl) { _%>',
      '      org.opencontainers.image.source="<%= o.sourceUrl %>" \\',
      '<%_ } _%>',
      '<%_ if (o.license) { _%>',
      '      org.opencontainers.image.licenses="<%= o.license %>" \\',
      '<%_ } _%>',
      '      org.opencontainers.image.created="${CREATED}"',
    ].join('\n') + '\n',
  /**
   * `COPY <<'NGINX' /etc/nginx/nginx.conf`: unprivileged nginx serving a folder of files from
   * /usr/share/nginx/html, and `/usr/local/bin/nginx-start` (the including template's CMD), which
   * listens on `PORT` when it is set, else on `port`, and execs nginx in the foreground. Included as
   * `include('dockstack/nginx-site', { ...it, site })` with `site`: `port` (number), `spaFallback` (unknown paths get /index.html), `cleanUrls` (/about serves
   * about.html), `gzip`, `assetCaching` (`hashed`: a year for content-hashed asset names, an hour for
   * other assets; `all`: a year for every asset; else none), `securityHeaders` (nosniff, SAMEORIGIN,
   * referrer policy) and `notFoundPage` (a path served for 404s unless spaFallback, `''` for none).
   */
  'dockstack/nginx-site':
    [
      '<%_',
      'const o = it.site;',
      "const assets = 'css|js|mjs|map|json|txt|xml|woff2?|ttf|otf|eot|png|jpe?g|gif|svg|ico|webp|avif|mp4|webm|mp3|ogg|wasm|pdf';",
      "const year = 'public, max-age=31536000, immutable';",
      "const fallback = o.spaFallback ? 'try_files $uri $uri/ /index.html;' : o.cleanUrls ? 'try_files $uri $uri.html $uri/ =404;' : 'try_files $uri $uri/ =404;';",
      "const notFound = !o.spaFallback && o.notFoundPage !== '';",
      '_%>',
      "COPY <<'NGINX' /etc/nginx/nginx.conf",
      '# Unprivileged nginx: no user directive, pid and temporary files under /tmp, port <%= o.port %>.',
      'worker_processes auto;',
      'pid /tmp/nginx.pid;',
      'error_log /dev/stderr warn;',
      'events {',
      '    worker_connections 1024;',
      '}',
      'http {',
      '    include /etc/nginx/mime.types;',
      '    default_type application/octet-stream;',
      '    access_log /dev/stdout;',
      '    sendfile on;',
      '    tcp_nopush on;',
      '    keepalive_timeout 65;',
      '    server_tokens off;',
      '    client_body_temp_path /tmp/client_body;',
      '    proxy_temp_path /tmp/proxy;',
      '    fastcgi_temp_path /tmp/fastcgi;',
      '    uwsgi_temp_path /tmp/uwsgi;',
      '    scgi_temp_path /tmp/scgi;',
      '<%_ if (o.gzip) { _%>',
      '    gzip on;',
      '    gzip_vary on;',
      '    gzip_min_length 1024;',
      '    gzip_types text/css text/plain text/xml application/javascript application/json application/xml application/manifest+json image/svg+xml;',
      '<%_ } _%>',
      '    # Cache-Control by the path finally served: HTML and everything else is revalidated on every visit',
      '    map $uri $cache_control {',
      '        default "no-cache";',
      "<%_ if (o.assetCaching === 'hashed') { _%>",
      '        # content-hashed names (app.3f9a1c2b.js, index-B2x9kQ1z.css) never change',
      '        "~*[.-](?=[a-z0-9_-]{8,}\\.)[a-z0-9_-]*[0-9][a-z0-9_-]*\\.(?:<%- assets %>)$" "<%- year %>";',
      '        "~*\\.(?:<%- assets %>)$" "public, max-age=3600";',
      "<%_ } else if (o.assetCaching === 'all') { _%>",
      '        # every asset URL is versioned by the site itself',
      '        "~*\\.(?:<%- assets %>)$" "<%- year %>";',
      '<%_ } _%>',
      '    }',
      '    server {',
      '        # PORT when the platform sets one, else <%= o.port %>: written at start by /usr/local/bin/nginx-start',
      '        include /tmp/nginx-listen.conf;',
      '        root /usr/share/nginx/html;',
      '        index index.html;',
      "        # Redirects (/docs -> /docs/) keep the client's host and port, whatever the container's",
      '        absolute_redirect off;',
      '        add_header Cache-Control $cache_control;',
      '<%_ if (o.securityHeaders) { _%>',
      '        add_header X-Content-Type-Options "nosniff" always;',
      '        add_header X-Frame-Options "SAMEORIGIN" always;',
      '        add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
      '<%_ } _%>',
      '<%_ if (notFound) { _%>',
      '        error_page 404 <%= o.notFoundPage %>;',
      '<%_ } _%>',
      '        # A missing asset is a 404, never a page',
      '        location ~* \\.(?:<%- assets %>)$ {',
      '            try_files $uri =404;',
      '        }',
      "        # <%= o.spaFallback ? 'Files and folders, then the app shell for client-side routes' : o.cleanUrls ? 'Files, then /path.html, then folders (index.html)' : 'Files, then folders (index.html)' %>",
      '        location / {',
      '            <%- fallback %>',
      '        }',
      '    }',
      '}',
      'NGINX',
      '# Listens on PORT (Railway, Heroku, Cloud Run, Render and Fly set it), else on <%= o.port %>: the listen line',
      '# goes to /tmp at start, so neither root nor a writable /etc/nginx is needed',
      "COPY --chmod=0755 <<'SH' /usr/local/bin/nginx-start",
      '#!/bin/sh',
      'set -eu',
      'port="${PORT:-<%= o.port %>}"',
      'case "$port" in',
      "    ''|*[!0-9]*) echo \"nginx-start: PORT must be a port number, not '$port'\" >&2; exit 64 ;;",
      'esac',
      'printf \'listen %s;\\n\' "$port" > /tmp/nginx-listen.conf',
      'exec nginx -g \'daemon off;\' "$@"',
      'SH',
    ].join('\n') + '\n',
};
