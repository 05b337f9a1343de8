import { portIn, readSources, type ProjectView } from '@dockstack/plugin-api';

/** At most this many .java files are read while looking for main classes. */
export const MAX_SOURCES = 200;

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
  return portIn(source, [
    /getenv\(\s*"PORT"\s*\)[\s\S]{0,120}?"(\d{2,5})"/,
    /getOrDefault\(\s*"PORT"\s*,\s*"(\d{2,5})"\s*\)/,
    /new\s+(?:java\.net\.)?InetSocketAddress\(\s*(\d{2,5})\s*\)/,
    /\.(?:start|port)\(\s*(\d{2,5})\s*\)/,
    /new\s+ServerSocket\(\s*(\d{2,5})\s*\)/,
  ]);
}

/** Every source declaring a main method under `dir` (breadth first, bounded), and whether the scan was cut short. */
export async function findMains(p: ProjectView, dir: string): Promise<{ mains: MainSource[]; truncated: boolean }> {
  const scan = await readSources(p, {
    roots: [dir],
    files: /\.java$/,
    depth: 12,
    limit: MAX_SOURCES,
    skip: /^(target|build|out|bin|node_modules|test)$/,
  });
  const mains = scan.files
    .filter((s) => MAIN.test(s.text))
    .map((s) => ({
      file: s.path,
      className: className(s.path, s.text),
      server: SERVER.test(s.text),
      port: codePort(s.text),
    }));
  return { mains, truncated: scan.truncated };
}
