import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MANIFEST_ACCEPT, parseChallenge, registryLocation, resolveDigest } from '@dockstack/images';

// The token flow as Docker Hub runs it (401 + Bearer challenge -> anonymous token from the realm -> retry),
// served on loopback by a small HTTP server that checks what the client sends. The engine tier proves the
// same client against a real distribution server (test/engine/pin-registry.engine.test.ts).
const INDEX = 'sha256:' + 'c'.repeat(64);

describe('resolveDigest (OCI distribution API)', () => {
  let base = '';
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    if (req.url?.startsWith('/token?')) {
      const u = new URL(req.url, base);
      assert.equal(u.searchParams.get('service'), 'registry.test');
      assert.equal(u.searchParams.get('scope'), 'repository:library/node:pull');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'T0K' }));
      return;
    }
    if (req.url === '/v2/library/node/manifests/24-trixie-slim') {
      if (req.headers.authorization !== 'Bearer T0K') {
        res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="${base}/token",service="registry.test",scope="repository:library/node:pull"`,
          })
          .end();
        return;
      }
      // A multi-arch tag answers with its index only when the client accepts index media types.
      const wantsIndex = (req.headers.accept ?? '').includes('application/vnd.oci.image.index.v1+json');
      res
        .writeHead(
          wantsIndex ? 200 : 404,
          wantsIndex ? { 'docker-content-digest': INDEX, 'content-type': 'application/vnd.oci.image.index.v1+json' } : {},
        )
        .end();
      return;
    }
    res.writeHead(404).end();
  });

  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('gets an anonymous token on a 401 challenge and returns the index digest of a multi-arch tag', async () => {
    assert.equal(await resolveDigest('node:24-trixie-slim', { baseUrl: base }), INDEX);
    assert.deepEqual(
      seen.map((s) => s.replace(/\?.*? /, '? ')),
      ['HEAD /v2/library/node/manifests/24-trixie-slim -', 'GET /token? -', 'HEAD /v2/library/node/manifests/24-trixie-slim Bearer T0K'],
    );
    assert.match(
      MANIFEST_ACCEPT,
      /^application\/vnd\.oci\.image\.index\.v1\+json, application\/vnd\.docker\.distribution\.manifest\.list\.v2\+json/,
    );
  });

  it('says which tag is missing', async () => {
    await assert.rejects(resolveDigest('node:0-nope', { baseUrl: base }), /node:0-nope/);
  });

  it('maps names to registries and repositories', () => {
    assert.deepEqual(registryLocation('node:24'), { base: 'https://registry-1.docker.io', repo: 'library/node', tag: '24' });
    assert.deepEqual(registryLocation('gcr.io/distroless/cc-debian13:nonroot'), {
      base: 'https://gcr.io',
      repo: 'distroless/cc-debian13',
      tag: 'nonroot',
    });
    assert.deepEqual(registryLocation('localhost:5055/library/nginx:1.30-trixie'), {
      base: 'http://localhost:5055',
      repo: 'library/nginx',
      tag: '1.30-trixie',
    });
    assert.deepEqual(registryLocation('oven/bun:1.4-slim', 'http://127.0.0.1:1/'), {
      base: 'http://127.0.0.1:1',
      repo: 'oven/bun',
      tag: '1.4-slim',
    });
    assert.deepEqual(parseChallenge('Bearer realm="https://a/token",service="s"'), { realm: 'https://a/token', service: 's' });
  });
});
