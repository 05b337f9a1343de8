import { inDir, readSources, validPort, type Evidence, type ProjectView } from '@dockstack/plugin-api';
import type { BinTarget, Manifest } from './cargo.js';

/** Crates that make a binary a network server. */
export const SERVER_CRATES = [
  'axum',
  'actix-web',
  'hyper',
  'warp',
  'rocket',
  'poem',
  'tide',
  'salvo',
  'tonic',
  'tiny_http',
  'ntex',
  'loco-rs',
  'pingora',
];

const SERVER_SOURCE =
  /\b(?:std::net::TcpListener|TcpListener::bind|tokio::net|axum::|actix_web|HttpServer::new|hyper::|warp::serve|rocket::|#\[(?:rocket|actix_web|ntex)::main\]|poem::|salvo::|tonic::transport::Server|tiny_http::)/;
const MAX_SOURCES = 32;

export interface ServerFinding {
  server: boolean;
  why: string;
  /** A health-check argument the binary itself accepts (`--healthcheck`, `health`...). */
  healthArg?: string;
  port?: number;
  portWhy?: string;
  reasons: Evidence[];
  notes: string[];
}

/** The port a source listens on: the `PORT` default first, then a literal bind address. */
function portIn(file: string, text: string, out: ServerFinding): void {
  const fromEnv = /"PORT"[\s\S]{0,160}?(?:"(\d{2,5})"|unwrap_or\(\s*(\d{2,5})\s*\))/.exec(text);
  const envPort = validPort(fromEnv?.[1] ?? fromEnv?.[2]);
  if (envPort !== undefined) {
    out.port = envPort;
    out.portWhy = `${file} reads PORT, default ${envPort}`;
    return;
  }
  const literal =
    /"(0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\]|\[::1\]):(\d{2,5})"|\(\[\s*(0|127)\s*,\s*0\s*,\s*0\s*,\s*(0|1)\s*\]\s*,\s*(\d{2,5})\s*\)/.exec(
      text,
    );
  const port = validPort(literal?.[2] ?? literal?.[5]);
  if (port === undefined || out.port !== undefined) return;
  out.port = port;
  out.portWhy = `${file} binds port ${port}`;
  const host = literal?.[1] ?? (literal?.[3] === '127' ? '127.0.0.1' : '0.0.0.0');
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') {
    out.notes.push(`${file} binds ${host}:${port}, which is unreachable from outside the container: bind 0.0.0.0`);
  }
}

/**
 * Server or run-to-completion: evidence in the chosen binary's own file decides; when it has none,
 * another binary of the package with evidence means this one is not the server; otherwise the
 * package's other sources and its dependencies decide. The port comes from the same sources.
 */
export async function findServer(p: ProjectView, pkg: Manifest, bin: BinTarget): Promise<ServerFinding> {
  const out: ServerFinding = { server: false, why: '', reasons: [], notes: [] };
  const sources: Array<[string, string]> = [[bin.path, (await p.readText(bin.path)) ?? '']];
  const ownHit = SERVER_SOURCE.exec(sources[0]?.[1] ?? '')?.[0];
  if (ownHit === undefined) {
    for (const other of pkg.bins.filter((b) => b.name !== bin.name)) {
      if (SERVER_SOURCE.test((await p.readText(other.path)) ?? '')) {
        out.why = `${bin.path} has no listener; the server is binary "${other.name}" (${other.path})`;
        return out;
      }
    }
  }
  const scan = await readSources(p, { roots: [inDir(pkg.dir, 'src')], files: /\.rs$/, depth: 3, limit: MAX_SOURCES, skip: /^bin$/ });
  for (const file of scan.files) if (file.path !== bin.path) sources.push([file.path, file.text]);
  for (const [file, text] of sources) {
    const hit = SERVER_SOURCE.exec(text)?.[0];
    if (hit === undefined) continue;
    if (!out.server) {
      out.server = true;
      out.why = `${file} uses ${hit}`;
      out.reasons.push({ file, says: `server (${hit})` });
    }
    if (out.port === undefined) portIn(file, text, out);
  }
  const crate = SERVER_CRATES.find((c) => pkg.deps.has(c));
  if (crate !== undefined) {
    const health = /"(--health(?:check|-check)?|health(?:check)?)"/.exec(sources[0]?.[1] ?? '')?.[1];
    if (out.server && health !== undefined) out.healthArg = health;
    if (!out.server) out.why = `${inDir(pkg.dir, 'Cargo.toml')} depends on ${crate}`;
    out.server = true;
    out.reasons.push({ file: inDir(pkg.dir, 'Cargo.toml'), says: `depends on ${crate}` });
  }
  const health = /"(--health(?:check|-check)?|health(?:check)?)"/.exec(sources[0]?.[1] ?? '')?.[1];
  if (out.server && health !== undefined) out.healthArg = health;
  if (!out.server)
    out.why = `no listener (TcpListener, tokio::net, axum, actix-web, hyper...) in ${bin.path} or the package's other sources, and no server crate: a run-to-completion program`;
  return out;
}
