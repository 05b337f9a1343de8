import { portIn, type ProjectView, type ServerFacts } from '@dockstack/plugin-api';

/** Dependencies that make the app an HTTP server. */
export const SERVER_DEPS = ['elysia', 'hono', 'express', 'fastify', 'koa', '@hono/node-server', 'h3', 'itty-router'];

const SERVES = /\bBun\.serve\s*\(|\.listen\s*\(|export\s+default\s*\{[\s\S]{0,400}\bfetch\b|\bserve\s*\(\s*\{/;
const PORTS = [/\bPORT\b[^\n;]{0,40}?(?:\?\?|\|\|)\s*['"]?(\d{2,5})\b/, /\bport\s*:\s*(\d{2,5})\b/, /\.listen\s*\(\s*(\d{2,5})\b/];

/** Whether the entry file (or a server framework in the dependencies) starts a server, and on which port. */
export async function programFacts(p: ProjectView, entry: string | undefined, deps: readonly string[]): Promise<ServerFacts> {
  const source = entry === undefined ? undefined : await p.readText(entry);
  const framework = deps.find((d) => SERVER_DEPS.includes(d));
  const port = portIn(source, PORTS);
  if (source !== undefined && SERVES.test(source)) {
    return {
      server: true,
      ...(port === undefined ? {} : { port }),
      why: `${entry ?? ''} starts a server${port === undefined ? '' : ` on port ${port}`}`,
    };
  }
  if (framework !== undefined) return { server: true, ...(port === undefined ? {} : { port }), why: `${framework} in the dependencies` };
  if (source === undefined) return { server: true, why: 'the entry file could not be read: assumed a server' };
  return { server: false, why: `${entry ?? ''} starts no server (no Bun.serve, listen or default export with fetch): a job or worker` };
}
