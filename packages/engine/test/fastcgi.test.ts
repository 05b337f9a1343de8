import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { fastcgiGet } from '@dockstack/engine';

/** The name-value pairs of a FastCGI PARAMS stream. */
function decodePairs(buf: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  const len = (): number => {
    const b = buf[at] ?? 0;
    if (b < 128) {
      at += 1;
      return b;
    }
    const n = buf.readUInt32BE(at) & 0x7fffffff;
    at += 4;
    return n;
  };
  while (at < buf.length) {
    const n = len();
    const v = len();
    out[buf.subarray(at, at + n).toString()] = buf.subarray(at + n, at + n + v).toString();
    at += n + v;
  }
  return out;
}

/** A FastCGI responder that records the request and answers `reply` (raw STDOUT), split over two records, padded. */
async function responder(reply: string, seen: { params?: Record<string, string>; role?: number }): Promise<Server> {
  const server = createServer((socket) => {
    let data = Buffer.alloc(0);
    let params = Buffer.alloc(0);
    socket.on('data', (d) => {
      data = Buffer.concat([data, d]);
      while (data.length >= 8) {
        const type = data[1] ?? 0;
        const size = data.readUInt16BE(4);
        const total = 8 + size + (data[6] ?? 0);
        if (data.length < total) return;
        const content = data.subarray(8, 8 + size);
        data = data.subarray(total);
        if (type === 1) seen.role = content.readUInt16BE(0);
        if (type === 4) params = Buffer.concat([params, content]);
        if (type === 5 && size === 0) {
          seen.params = decodePairs(params);
          const record = (t: number, body: Buffer): Buffer => {
            const pad = (8 - (body.length % 8)) % 8;
            const h = Buffer.alloc(8);
            h[0] = 1;
            h[1] = t;
            h.writeUInt16BE(1, 2);
            h.writeUInt16BE(body.length, 4);
            h[6] = pad;
            return Buffer.concat([h, body, Buffer.alloc(pad)]);
          };
          const half = Math.floor(reply.length / 2);
          socket.end(
            Buffer.concat([
              record(6, Buffer.from(reply.slice(0, half))),
              record(6, Buffer.from(reply.slice(half))),
              record(7, Buffer.from('PHP Notice: x')),
              record(3, Buffer.alloc(8)),
            ]),
          );
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('engine: the FastCGI check (php-fpm images)', function () {
  it('sends a responder GET through the front controller and reads the status and body of the answer', async function () {
    const seen: { params?: Record<string, string>; role?: number } = {};
    const server = await responder('Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno route for /missing', seen);
    try {
      const r = await fastcgiGet((server.address() as AddressInfo).port, '/var/www/html/public/index.php', '/missing?x=1');
      assert.equal(r.status, 404);
      assert.equal(r.body, 'no route for /missing');
      assert.equal(r.stderr, 'PHP Notice: x');
      assert.equal(seen.role, 1);
      assert.equal(seen.params?.['SCRIPT_FILENAME'], '/var/www/html/public/index.php');
      assert.equal(seen.params?.['REQUEST_URI'], '/missing?x=1');
      assert.equal(seen.params?.['QUERY_STRING'], 'x=1');
      assert.equal(seen.params?.['REQUEST_METHOD'], 'GET');
    } finally {
      server.close();
    }
  });

  it('no Status header is 200; an answer without END_REQUEST is an error, not a pass', async function () {
    const ok = await responder('Content-Type: text/html\n\nhello from fpm', {});
    try {
      const r = await fastcgiGet((ok.address() as AddressInfo).port, '/app/index.php', '/');
      assert.deepEqual([r.status, r.body], [200, 'hello from fpm']);
    } finally {
      ok.close();
    }
    const cut = createServer((s) => s.end(Buffer.from([1, 6, 0, 1, 0, 2, 0, 0, 0x68, 0x69])));
    await new Promise<void>((resolve) => cut.listen(0, '127.0.0.1', resolve));
    try {
      await assert.rejects(fastcgiGet((cut.address() as AddressInfo).port, '/app/index.php', '/'), /ended without END_REQUEST/);
    } finally {
      cut.close();
    }
  });
});
