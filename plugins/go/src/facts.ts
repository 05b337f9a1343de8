import { dirOf, type Evidence as Finding, inDir, validPort } from '@dockstack/plugin-api';
import type { GoSource } from './go-source.js';

/** What a program's sources say about how it must be packaged. */
export interface ProgramFacts {
  /** It serves (listens on a port). */
  server?: Finding;
  port?: Finding & { port: number };
  /** It makes TLS connections, so it needs CA certificates. */
  tls?: Finding;
  /** It loads time zones by name from the system database. */
  zoneinfo?: Finding;
  /** It imports `time/tzdata`, so the database is inside the binary. */
  tzdataEmbedded?: Finding;
  /** Files that import "C" (cgo). */
  cgo: string[];
  /** `//go:embed` patterns, relative to the project root. */
  embeds: Finding[];
}

/** Calls that mean "this program listens". */
const SERVER_CALLS: Array<[RegExp, string]> = [
  [/\bListenAndServe(?:TLS)?\s*\(/, 'calls ListenAndServe'],
  [/\bnet\.Listen\s*\(/, 'calls net.Listen'],
  [/\bhttp\.Serve(?:TLS)?\s*\(/, 'calls http.Serve'],
  [/\bgrpc\.NewServer\s*\(/, 'creates a gRPC server'],
];
/** Frameworks whose start call does the listening: import prefix, the call, label. */
const FRAMEWORKS: Array<[string, RegExp, string]> = [
  ['github.com/gin-gonic/gin', /\.Run(?:TLS)?\s*\(/, 'gin'],
  ['github.com/labstack/echo', /\.Start(?:TLS)?\s*\(/, 'echo'],
  ['github.com/gofiber/fiber', /\.Listen(?:TLS)?\s*\(/, 'fiber'],
  ['github.com/valyala/fasthttp', /\bListenAndServe\s*\(/, 'fasthttp'],
];
/** Imports that always open TLS connections or verify certificates. */
const TLS_IMPORTS = ['crypto/tls', 'crypto/x509', 'net/smtp'];
/** net/http used as a client. */
const HTTP_CLIENT =
  /\bhttp\.(?:Get|Post|PostForm|Head|NewRequest(?:WithContext)?)\s*\(|\bhttp\.(?:Default)?Client\b|\bhttp\.DefaultTransport\b/;
const PORT_IN_CALL = /\b(?:ListenAndServe(?:TLS)?|Listen|Run|Start)\s*\(\s*(?:"tcp[46]?"\s*,\s*)?"[\w.[\]-]*:(\d{1,5})"/;
const PORT_IN_ADDR = /\bAddr\s*:\s*"[\w.[\]-]*:(\d{1,5})"/;
const PORT_ENV = /\b(?:Getenv|LookupEnv)\s*\(\s*"PORT"\s*\)/;
const PORT_FALLBACK = /"(\d{2,5})"/;
const PORT_LITERAL = /":(\d{2,5})"/;

export function serverCall(f: GoSource): string | undefined {
  for (const [re, says] of SERVER_CALLS) if (re.test(f.code)) return says;
  for (const [prefix, call, name] of FRAMEWORKS) {
    if (f.imports.some((i) => i === prefix || i.startsWith(`${prefix}/`)) && call.test(f.code)) return `starts a ${name} server`;
  }
  return undefined;
}

function portOf(f: GoSource): (Finding & { port: number }) | undefined {
  const call = validPort(PORT_IN_CALL.exec(f.code)?.[1] ?? PORT_IN_ADDR.exec(f.code)?.[1]);
  if (call !== undefined) return { file: f.path, says: `listens on :${call}`, port: call };
  const env = PORT_ENV.exec(f.code);
  if (env) {
    const after = f.code.slice(env.index, env.index + 400);
    const fallback = validPort(PORT_LITERAL.exec(after)?.[1] ?? PORT_FALLBACK.exec(after)?.[1]);
    if (fallback !== undefined) return { file: f.path, says: `reads PORT, default ${fallback}`, port: fallback };
  }
  const literal = validPort(PORT_LITERAL.exec(f.code)?.[1]);
  return literal === undefined ? undefined : { file: f.path, says: `address literal ":${literal}"`, port: literal };
}

/** Reads the packaging facts out of a program's sources. */
export function programFacts(files: readonly GoSource[]): ProgramFacts {
  const facts: ProgramFacts = { cgo: [], embeds: [] };
  for (const f of files) {
    const says = serverCall(f);
    if (says !== undefined && facts.server === undefined) facts.server = { file: f.path, says };
    if (says !== undefined && facts.port === undefined) {
      const port = portOf(f);
      if (port !== undefined) facts.port = port;
    }
    if (facts.tls === undefined) {
      const imp = f.imports.find((i) => TLS_IMPORTS.includes(i));
      if (imp !== undefined) facts.tls = { file: f.path, says: `imports ${imp}` };
      else if (f.imports.includes('net/http') && HTTP_CLIENT.test(f.code)) facts.tls = { file: f.path, says: 'uses net/http as a client' };
    }
    if (facts.tzdataEmbedded === undefined && f.imports.includes('time/tzdata'))
      facts.tzdataEmbedded = { file: f.path, says: 'imports time/tzdata (the zone database is inside the binary)' };
    if (facts.zoneinfo === undefined && f.imports.includes('time') && /\btime\.LoadLocation\s*\(/.test(f.code))
      facts.zoneinfo = { file: f.path, says: 'calls time.LoadLocation' };
    if (f.imports.includes('C')) facts.cgo.push(f.path);
    for (const pattern of f.embeds) {
      const dir = dirOf(f.path);
      facts.embeds.push({ file: f.path, says: inDir(dir, pattern) });
    }
  }
  // A server whose address came from an earlier file than the listen call (e.g. a config package).
  if (facts.server !== undefined && facts.port === undefined) {
    for (const f of files) {
      const port = portOf(f);
      if (port !== undefined) {
        facts.port = port;
        break;
      }
    }
  }
  return facts;
}
