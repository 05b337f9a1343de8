import assert from 'node:assert/strict';
import { df, lint } from './support.js';

const tail = ['USER 10001:10001', 'CMD ["true"]'];

/** Rule ids and lines, without ShellCheck so each case shows only the rule under test. */
async function found(text: string, options = {}): Promise<Array<[string, number]>> {
  const { findings } = await lint(text, { shellcheck: false, ...options });
  return findings.map((f) => [f.rule, f.line]);
}

describe('generated shapes that must not be flagged, and their broken twins', function () {
  describe('FROM with global ARGs (DS-10, DS-11, DS-14)', function () {
    it('resolves ARGs that reference earlier ARGs', async function () {
      const text = df(
        'ARG NODE_VERSION=22',
        'ARG NODE_IMAGE=node:${NODE_VERSION}-bookworm-slim',
        'FROM ${NODE_IMAGE} AS base',
        'FROM base AS runtime',
        ...tail,
      );
      assert.deepEqual(await found(text), []);
    });

    it('reports the resolved image: no tag, :latest, empty or undeclared variables', async function () {
      assert.deepEqual(await found(df('ARG IMAGE=node', 'FROM ${IMAGE}', ...tail)), [['DS-10', 2]]);
      assert.deepEqual(await found(df('ARG V=latest', 'FROM node:${V}', ...tail)), [['DS-11', 2]]);
      assert.deepEqual(await found(df('ARG V', 'ARG IMAGE=node:${V}-slim', 'FROM ${IMAGE}', ...tail)), [['DS-14', 3]]);
      assert.deepEqual(await found(df('FROM node:${V}', ...tail)), [['DS-14', 1]]);
    });

    it('knows scratch, stage names, digests and the predefined platform ARGs', async function () {
      const text = df(
        'FROM --platform=$BUILDPLATFORM golang:1.23@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS build',
        'ARG TARGETOS TARGETARCH',
        'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
        'FROM scratch',
        'COPY --from=build /out/app /app',
        'USER 65532:65532',
        'ENTRYPOINT ["/app"]',
      );
      assert.deepEqual(await found(text, { dockerignore: '.git\n.env*\n*.pem\n*.key\nid_rsa*\n' }), []);
    });

    it('DS-13 only when an allow-list is configured', async function () {
      const text = df('FROM ghcr.io/acme/base:1.0', ...tail);
      assert.deepEqual(await found(text), []);
      assert.deepEqual(await found(text, { allowedRegistries: ['docker.io'] }), [['DS-13', 1]]);
      assert.deepEqual(await found(text, { allowedRegistries: ['ghcr.io'] }), []);
    });
  });

  describe('stages and platforms (DS-15, DS-18, DS-24, DS-40, DS-44)', function () {
    it('flags --platform=$TARGETPLATFORM and cross-compiling without $BUILDPLATFORM', async function () {
      assert.deepEqual(await found(df('FROM --platform=$TARGETPLATFORM alpine:3.20', ...tail)), [['DS-15', 1]]);
      const cross = df(
        'FROM golang:1.23 AS build',
        'ARG TARGETOS TARGETARCH',
        'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .',
        'FROM alpine:3.20',
        'COPY --from=build /app /app',
        ...tail,
      );
      assert.deepEqual(await found(cross), [['DS-15', 1]]);
    });

    it('COPY --from a later stage, its own stage, or an unpinned image', async function () {
      const text = df(
        'FROM alpine:3.20 AS a',
        'COPY --from=b /x /x',
        'COPY --from=a /y /y',
        'COPY --from=nginx /etc/nginx /etc/nginx',
        'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
        'FROM alpine:3.20 AS b',
        'COPY --from=0 /x /x',
        ...tail,
      );
      assert.deepEqual(await found(text), [
        ['DS-18', 2],
        ['DS-18', 3],
        ['DS-18', 4],
      ]);
    });

    it('WORKDIR, USER and CMD are inherited through FROM <stage>', async function () {
      const text = df(
        'FROM node:22-alpine AS base',
        'WORKDIR /app',
        'USER 1000:1000',
        'CMD ["node", "index.js"]',
        'FROM base AS runtime',
        'COPY --link package.json ./',
      );
      assert.deepEqual(await found(text), []);
    });

    it('the last USER decides: root, 0 or names are errors; $APP_UID is the .NET numeric user', async function () {
      assert.deepEqual(await found(df('FROM alpine:3.20', 'USER 10001:10001', 'USER 0:0', 'CMD ["true"]')), [['DS-40', 3]]);
      assert.deepEqual(await found(df('FROM alpine:3.20', 'USER app', 'CMD ["true"]')), [['DS-40', 2]]);
      assert.deepEqual(await found(df('FROM alpine:3.20', 'CMD ["true"]')), [['DS-40', 1]]);
      assert.deepEqual(
        await found(df('FROM mcr.microsoft.com/dotnet/aspnet:9.0', 'USER $APP_UID', 'ENTRYPOINT ["dotnet", "app.dll"]')),
        [],
      );
      assert.deepEqual(await found(df('FROM alpine:3.20', 'ARG UID=10001', 'USER ${UID}:${UID}', 'CMD ["true"]')), []);
    });
  });

  describe('variables (DS-28)', function () {
    it('LABEL with an ARG of the same stage is fine; a global ARG must be declared again in the stage', async function () {
      const ok = df('FROM alpine:3.20', ...tail, 'ARG VERSION=0.0.0', 'LABEL org.opencontainers.image.version="${VERSION}"');
      assert.deepEqual(await found(ok), []);
      const global = df('ARG VERSION=0.0.0', 'FROM alpine:3.20', ...tail, 'LABEL org.opencontainers.image.version="${VERSION}"');
      assert.deepEqual(await found(global), [['DS-28', 5]]);
    });

    it('quoted heredocs are literal; unquoted ones are expanded; defaults and single quotes are fine', async function () {
      const quoted = df(
        'FROM nginx:1.27',
        "COPY <<'NGINX' /etc/nginx/conf.d/default.conf",
        'location / { try_files $uri $uri/ /index.html; }',
        'NGINX',
        ...tail,
      );
      assert.deepEqual(await found(quoted), []);
      const unquoted = df(
        'FROM nginx:1.27',
        'COPY <<NGINX /etc/nginx/conf.d/default.conf',
        'location / { try_files $uri /index.html; }',
        'NGINX',
        ...tail,
      );
      assert.deepEqual(await found(unquoted), [['DS-28', 3]]);
      const defaults = df('FROM alpine:3.20', "ENV A=${UNSET:-x} B='$literal' PATH=/app/bin:$PATH", ...tail);
      assert.deepEqual(await found(defaults), []);
    });

    it('EXPOSE and STOPSIGNAL resolve variables before checking', async function () {
      assert.deepEqual(await found(df('FROM alpine:3.20', 'ENV PORT=3000 SIG=SIGQUIT', 'EXPOSE ${PORT}', 'STOPSIGNAL $SIG', ...tail)), []);
      assert.deepEqual(await found(df('FROM alpine:3.20', 'EXPOSE 8080/TCP 70000', ...tail)), [
        ['DS-27', 2],
        ['DS-27', 2],
      ]);
    });
  });

  describe('package managers (DS-31, DS-33..DS-37, DS-49)', function () {
    it('cache mounts satisfy apt, apk, pip and npm', async function () {
      const text = df(
        'FROM python:3.12-slim',
        'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\',
        '    --mount=type=cache,target=/var/lib/apt,sharing=locked \\',
        '    apt-get update && apt-get install -y --no-install-recommends gcc',
        'WORKDIR /app',
        'RUN --mount=type=cache,target=/root/.cache/pip --mount=type=bind,source=requirements.txt,target=requirements.txt \\',
        '    pip install -r requirements.txt',
        ...tail,
      );
      assert.deepEqual(await found(text), []);
      const apk = df('FROM alpine:3.20', 'RUN --mount=type=cache,target=/var/cache/apk apk add tini', ...tail);
      assert.deepEqual(await found(apk), []);
    });

    it('apt: update alone, missing update, missing -y, apt instead of apt-get', async function () {
      assert.deepEqual(await found(df('FROM debian:bookworm-slim', 'RUN apt-get update', ...tail)), [['DS-31', 2]]);
      const many = await lint(df('FROM debian:bookworm-slim', 'RUN apt install curl', ...tail), { shellcheck: false });
      assert.deepEqual(
        many.findings.map((f) => f.rule),
        ['DS-31', 'DS-31', 'DS-31', 'DS-31', 'DS-31'],
      );
    });

    it('npm, yarn and pnpm: lockfile installs with a cache, pinned globals', async function () {
      assert.deepEqual(await found(df('FROM node:22-alpine', 'WORKDIR /app', 'RUN npm install', ...tail)), [['DS-35', 3]]);
      assert.deepEqual(
        await found(
          df('FROM node:22-alpine', 'WORKDIR /app', 'RUN npm install --no-package-lock --omit=dev && npm install -g pnpm@10', ...tail),
        ),
        [],
      );
      assert.deepEqual(await found(df('FROM node:22-alpine', 'WORKDIR /app', 'RUN yarn install --frozen-lockfile', ...tail)), [
        ['DS-35', 3],
      ]);
      assert.deepEqual(
        await found(df('FROM node:22-alpine', 'WORKDIR /app', 'RUN yarn install --frozen-lockfile && yarn cache clean', ...tail)),
        [],
      );
      assert.deepEqual(
        await found(df('FROM node:22-alpine', 'WORKDIR /app', 'RUN --mount=type=cache,target=/pnpm/store pnpm install', ...tail)),
        [['DS-35', 3]],
      );
    });

    it('cd, curl and wget together, unverified downloads', async function () {
      assert.deepEqual(await found(df('FROM alpine:3.20', 'RUN cd /tmp && touch x', ...tail)), [['DS-37', 2]]);
      const both = df(
        'FROM alpine:3.20',
        'RUN curl -fsSLo /tmp/a https://example.com/a && sha256sum -c /tmp/a.sha256',
        'WORKDIR /srv',
        'RUN wget -qO /tmp/b https://example.com/b && sha256sum -c /tmp/b.sha256',
        ...tail,
      );
      assert.deepEqual(await found(both), [['DS-37', 4]]);
      assert.deepEqual(await found(df('FROM alpine:3.20', 'RUN wget -qO /tmp/b https://example.com/b', ...tail)), [['DS-49', 2]]);
      assert.deepEqual(
        await found(
          df(
            'FROM alpine:3.20',
            'ADD --checksum=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef https://example.com/t.tar.gz /opt/',
            ...tail,
          ),
        ),
        [],
      );
    });

    it('pipes need pipefail from SHELL or set -o pipefail', async function () {
      const viaShell = df(
        'FROM debian:bookworm-slim',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        'RUN find /etc | sort > /tmp/etc',
        ...tail,
      );
      assert.deepEqual(await found(viaShell), []);
      assert.deepEqual(await found(df('FROM alpine:3.20', 'RUN set -euo pipefail; find /etc | sort > /tmp/etc', ...tail)), []);
      assert.deepEqual(await found(df('FROM alpine:3.20', 'RUN test -f /etc/x || echo "a|b" > /tmp/x', ...tail)), []);
    });
  });

  describe('runtime form (DS-21, DS-22, DS-42)', function () {
    it('exec-form ENTRYPOINT with tini and HEALTHCHECK CMD exec form are fine', async function () {
      const text = df(
        'FROM node:22-bookworm-slim',
        'USER 1000:1000',
        'HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \\',
        '    CMD ["node", "-e", "fetch(\'http://127.0.0.1:3000/\').then((r) => process.exit(r.status < 400 ? 0 : 1), () => process.exit(1))"]',
        'ENTRYPOINT ["/usr/bin/tini", "--"]',
        'CMD ["node", "index.js"]',
      );
      assert.deepEqual(await found(text), []);
    });

    it('secret-looking names, except public ones', async function () {
      assert.deepEqual(
        await found(
          df('FROM alpine:3.20', 'ENV DB_PASSWORD=x API_KEY=y', 'ARG GITHUB_TOKEN', 'ARG PUBLIC_KEY_URL=https://example.com/k', ...tail),
        ),
        [
          ['DS-42', 2],
          ['DS-42', 2],
          ['DS-42', 3],
        ],
      );
    });
  });
});
