import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** Serves a stack index over HTTP on loopback (with an ETag), so tests can change or stop it. */
export class IndexServer {
  requests = 0;
  private body = '{}';
  private server: Server | undefined;
  url = '';

  /** Replaces what the server answers (any JSON value, or raw text). */
  set(index: unknown): void {
    this.body = typeof index === 'string' ? index : `${JSON.stringify(index, null, 2)}\n`;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.requests += 1;
      const etag = `"${createHash('sha256').update(this.body).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', etag }).end(this.body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/index.json`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
