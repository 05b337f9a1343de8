import type { ProjectView } from '@dockstack/plugin-api';

/** At most this many .java files are read while looking for main classes. */
export const MAX_SOURCES = 200;
const MAX_DEPTH = 12;
const SKIP = new Set(['target', 'build', 'out', 'bin', 'node_modules', '.git', '.gradle', '.idea', 'test']);

/** A Java source file that declares a `main` method. */
export interface MainSource {
  file: string;
  className: string;
  /** Starts an HTTP server (JDK HttpServer, Jetty, Javalin, Undertow, ServerSocket...). */
  server: boolean;
  /** A port read from the code: a PORT fallback or a literal bind. */
  port?: number;
}

const MAIN = /\bstatic\s+void\s+main\s*\(|^\s*void\s+main\s*\(\s*\)/m;
const SERVER =
  /\bHttpServer\.create\b|\bnew\s+ServerSocket\b|\bJavalin\.create\b|\bUndertow\.builder\b|\bnew\s+Server\s*\(|\bVertx\.vertx\b|\bWebServer\.builder\b|\bSpark\.port\b|\bServerSocketChannel\.open\b/;

/** The fully qualified class name a file declares (package + file name). */
export function className(file: string, source: string): string {
  const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(source.replace(/\/\*[\s\S]*?\*\//g, ''))?.[1];
  const simple = (file.split('/').pop() ?? '').replace(/\.java$/, '');
  return pkg === undefined ? simple : `${pkg}.${simple}`;
}

/** A port the code falls back to or binds: `getenv("PORT")` defaults, `InetSocketAddress(8080)`, `.start(7070)`. */
export function codePort(source: string): number | undefined {
  const patterns = [
    /getenv\(\s*"PORT"\s*\)[\s\S]{0,120}?"(\d{2,5})"/,
    /getOrDefault\(\s*"PORT"\s*,\s*"(\d{2,5})"\s*\)/,
    /new\s+(?:java\.net\.)?InetSocketAddress\(\s*(\d{2,5})\s*\)/,
    /\.(?:start|port)\(\s*(\d{2,5})\s*\)/,
    /new\s+ServerSocket\(\s*(\d{2,5})\s*\)/,
  ];
  for (const re of patterns) {
    const n = Number(re.exec(source)?.[1]);
    if (n >= 1 && n <= 65535) return n;
  }
  return undefined;
}

/** Every source declaring a main method under `dir` (breadth first, bounded), and whether the scan was cut short. */
export async function findMains(p: ProjectView, dir: string): Promise<{ mains: MainSource[]; truncated: boolean; files: number }> {
  const mains: MainSource[] = [];
  let files = 0;
  let queue: Array<[string, number]> = [[dir, 0]];
  while (queue.length > 0) {
    const next: Array<[string, number]> = [];
    for (const [d, depth] of queue) {
      for (const entry of await p.list(d)) {
        if (entry.kind === 'dir' && depth < MAX_DEPTH && !SKIP.has(entry.name) && !entry.name.startsWith('.'))
          next.push([entry.path, depth + 1]);
        if (entry.kind !== 'file' || !entry.name.endsWith('.java')) continue;
        if (files >= MAX_SOURCES) return { mains, truncated: true, files };
        files++;
        const source = await p.readText(entry.path);
        if (source === undefined || !MAIN.test(source)) continue;
        const main: MainSource = { file: entry.path, className: className(entry.path, source), server: SERVER.test(source) };
        const port = codePort(source);
        if (port !== undefined) main.port = port;
        mains.push(main);
      }
    }
    queue = next;
  }
  return { mains, truncated: false, files };
}
