import { portIn, readSources, type ProjectView } from '@dockstack/plugin-api';

/** At most this many .java (and .kt) files are read while looking for main classes. */
export const MAX_SOURCES = 200;

/** A Java or Kotlin source file that declares a `main` method (Kotlin: a top-level `fun main`). */
export interface MainSource {
  file: string;
  className: string;
  /** Starts an HTTP server (JDK HttpServer, Jetty, Javalin, Undertow, ServerSocket, Ktor...). */
  server: boolean;
  /** A port read from the code: a PORT fallback or a literal bind. */
  port?: number;
}

const MAIN = /\bstatic\s+void\s+main\s*\(|^\s*void\s+main\s*\(\s*\)/m;
/** Kotlin's entry point: a top-level (unindented) `fun main`, possibly `suspend`. */
const KOTLIN_MAIN = /^(?:suspend\s+)?fun\s+main\s*\(/m;
const SERVER =
  /\bHttpServer\.create\b|\bnew\s+ServerSocket\b|\bJavalin\.create\b|\bUndertow\.builder\b|\bnew\s+Server\s*\(|\bVertx\.vertx\b|\bWebServer\.builder\b|\bSpark\.port\b|\bServerSocketChannel\.open\b|\bembeddedServer\s*\(|\bEngineMain\.main\s*\(/;

/**
 * The fully qualified class name a file declares: package + file name for Java; for Kotlin the
 * file facade that holds its top-level functions (`@file:JvmName`, else `<File>Kt`, as kotlinc names it).
 */
export function className(file: string, source: string): string {
  const pkg = /^\s*package\s+([\w.]+)\s*(?:;|$)/m.exec(source.replace(/\/\*[\s\S]*?\*\//g, ''))?.[1];
  const base = file.split('/').pop() ?? '';
  const jvmName = /^\s*@file:JvmName\(\s*"([A-Za-z_][\w]*)"\s*\)/m.exec(source)?.[1];
  const simple = base.endsWith('.kt')
    ? (jvmName ?? `${base.charAt(0).toUpperCase()}${base.slice(1, -3).replace(/[^\w]/g, '_')}Kt`)
    : base.replace(/\.java$/, '');
  return pkg === undefined ? simple : `${pkg}.${simple}`;
}

/**
 * A port the code falls back to or binds: `getenv("PORT")` defaults (Kotlin's `?: 8080` too),
 * `InetSocketAddress(8080)`, Ktor's `embeddedServer(Netty, port = 8080)`, `.start(7070)`.
 */
export function codePort(source: string): number | undefined {
  return portIn(source, [
    /getenv\(\s*"PORT"\s*\)[\s\S]{0,120}?"(\d{2,5})"/,
    /getOrDefault\(\s*"PORT"\s*,\s*"(\d{2,5})"\s*\)/,
    /new\s+(?:java\.net\.)?InetSocketAddress\(\s*(\d{2,5})\s*\)/,
    /getenv\(\s*"PORT"\s*\)[^\n]{0,60}?\?:\s*(\d{2,5})\b/,
    /\bembeddedServer\s*\([^)]*?\bport\s*=\s*(\d{2,5})\b/,
    /\.(?:start|port)\(\s*(\d{2,5})\s*\)/,
    /new\s+ServerSocket\(\s*(\d{2,5})\s*\)/,
  ]);
}

/**
 * Every source declaring a main method under `dirs` (breadth first, bounded), and whether the scan
 * was cut short. Kotlin files count only with `kotlin` (Maven and Gradle compile them; javac does not).
 */
export async function findMains(
  p: ProjectView,
  dirs: string | readonly string[],
  { kotlin = false }: { kotlin?: boolean } = {},
): Promise<{ mains: MainSource[]; truncated: boolean }> {
  const scan = await readSources(p, {
    roots: typeof dirs === 'string' ? [dirs] : [...dirs],
    files: kotlin ? /\.(java|kt)$/ : /\.java$/,
    depth: 12,
    limit: MAX_SOURCES,
    skip: /^(target|build|out|bin|node_modules|test)$/,
  });
  const mains = scan.files
    .filter((s) => (s.path.endsWith('.kt') ? KOTLIN_MAIN : MAIN).test(s.text))
    .map((s) => ({
      file: s.path,
      className: className(s.path, s.text),
      server: SERVER.test(s.text),
      port: codePort(s.text),
    }));
  return { mains, truncated: scan.truncated };
}
