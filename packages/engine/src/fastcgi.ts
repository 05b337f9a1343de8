import { connect } from 'node:net';

/**
 * One FastCGI request (the responder role, as nginx's fastcgi_pass sends it) to a php-fpm on a TCP port:
 * GET `path` through the script `script` (SCRIPT_FILENAME, the front controller), answered as the
 * status of its `Status:` header (200 without one) and the body after its headers. For checking an
 * image that speaks FastCGI instead of HTTP.
 */
export async function fastcgiGet(
  port: number,
  script: string,
  path: string,
  timeoutMs = 3000,
): Promise<{ status: number; body: string; stderr: string }> {
  const id = 1;
  const record = (type: number, content: Buffer): Buffer => {
    const padding = (8 - (content.length % 8)) % 8;
    const header = Buffer.from([1, type, id >> 8, id & 0xff, content.length >> 8, content.length & 0xff, padding, 0]);
    return Buffer.concat([header, content, Buffer.alloc(padding)]);
  };
  const length = (n: number): Buffer =>
    n < 128 ? Buffer.from([n]) : Buffer.from([((n >> 24) & 0x7f) | 0x80, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  const [uri = '/', query = ''] = path.split('?', 2);
  const params: Record<string, string> = {
    GATEWAY_INTERFACE: 'CGI/1.1',
    REQUEST_METHOD: 'GET',
    SCRIPT_FILENAME: script,
    SCRIPT_NAME: `/${script.split('/').pop() ?? ''}`,
    DOCUMENT_ROOT: script.slice(0, script.lastIndexOf('/')),
    REQUEST_URI: path,
    DOCUMENT_URI: uri,
    QUERY_STRING: query,
    SERVER_PROTOCOL: 'HTTP/1.1',
    SERVER_SOFTWARE: 'dockstack-engine',
    SERVER_NAME: 'localhost',
    SERVER_ADDR: '127.0.0.1',
    SERVER_PORT: '80',
    REMOTE_ADDR: '127.0.0.1',
    REMOTE_PORT: '40000',
    HTTP_HOST: 'localhost',
  };
  const pairs = Buffer.concat(
    Object.entries(params).map(([k, v]) => {
      const name = Buffer.from(k);
      const value = Buffer.from(v);
      return Buffer.concat([length(name.length), length(value.length), name, value]);
    }),
  );
  const request = Buffer.concat([
    record(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])), // BEGIN_REQUEST: role responder, close after
    record(4, pairs),
    record(4, Buffer.alloc(0)),
    record(5, Buffer.alloc(0)), // an empty STDIN: no request body
  ]);
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no FastCGI answer on port ${port} within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.write(request));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
  let stdout = '';
  let stderr = '';
  let ended = false;
  for (let at = 0; at + 8 <= raw.length;) {
    const type = raw[at + 1] ?? 0;
    const size = ((raw[at + 4] ?? 0) << 8) | (raw[at + 5] ?? 0);
    const content = raw.subarray(at + 8, at + 8 + size).toString('utf8');
    if (type === 6) stdout += content;
    else if (type === 7) stderr += content;
    else if (type === 3) ended = true;
    at += 8 + size + (raw[at + 6] ?? 0);
  }
  if (!ended) throw new Error(`the FastCGI answer on port ${port} ended without END_REQUEST (${raw.length} bytes)`);
  const split = stdout.search(/\r?\n\r?\n/);
  const head = split < 0 ? stdout : stdout.slice(0, split);
  const body = split < 0 ? '' : stdout.slice(split).replace(/^\r?\n\r?\n/, '');
  const status = Number(/^Status:\s*(\d{3})/im.exec(head)?.[1] ?? 200);
  return { status, body, stderr };
}
