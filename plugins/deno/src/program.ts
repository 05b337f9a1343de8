import { portIn, type ProjectView, type ServerFacts } from '@dockstack/plugin-api';

const SERVES = /\bDeno\.serve\s*\(|\bDeno\.listen\s*\(|\.listen\s*\(|export\s+default\s*\{[\s\S]{0,400}\bfetch\b|\bserve\s*\(/;
const PORTS = [
  /\bPORT\b[^\n;]{0,40}?(?:\?\?|\|\|)\s*['"]?(\d{2,5})\b/,
  /\bport\s*:\s*(\d{2,5})\b/,
  /\.listen\s*\(\s*\{?\s*(?:port\s*:\s*)?(\d{2,5})\b/,
];
const SERVER_IMPORTS = /["'](?:jsr:@hono\/hono|npm:hono|jsr:@oak\/oak|npm:express|npm:fastify|jsr:@std\/http|https:\/\/deno\.land\/x\/oak)/;

/** Whether the entry module starts a server (Deno.serve, a listen call, a fetch default export), and on which port. */
export async function programFacts(p: ProjectView, entry: string, serveCommand: boolean): Promise<ServerFacts> {
  if (serveCommand) return { server: true, why: 'the task runs `deno serve`' };
  const source = await p.readText(entry);
  if (source === undefined) return { server: true, why: `${entry} could not be read: assumed a server` };
  const port = portIn(source, PORTS);
  if (SERVES.test(source) || SERVER_IMPORTS.test(source))
    return {
      server: true,
      ...(port === undefined ? {} : { port }),
      why: `${entry} starts a server${port === undefined ? '' : ` on port ${port}`}`,
    };
  return { server: false, why: `${entry} starts no server (no Deno.serve, listen or fetch export): a job or worker` };
}
