/**
 * Gems with C extensions and the Debian packages they need: a compiler (and headers) in the
 * build stage, shared libraries in the runtime.
 */
import { systemPackages, type SystemNeeds } from '@dockstack/plugin-api';
import type { Lockfile } from './lockfile.js';

/** Gems that compile a C extension when no precompiled Linux variant is locked. */
const COMPILED = new Set([
  'bcrypt',
  'bigdecimal',
  'bootsnap',
  'byebug',
  'charlock_holmes',
  'date',
  'debug',
  'digest-crc',
  'ed25519',
  'eventmachine',
  'ffi',
  'google-protobuf',
  'grpc',
  'hiredis',
  'http_parser.rb',
  'io-console',
  'jaro_winkler',
  'json',
  'mini_racer',
  'msgpack',
  'mysql2',
  'nio4r',
  'nokogiri',
  'oj',
  'pg',
  'psych',
  'puma',
  'racc',
  'redcarpet',
  'sassc',
  'sqlite3',
  'stringio',
  'strscan',
  'thin',
  'trilogy',
  'unf_ext',
  'unicorn',
  'websocket-driver',
  'zlib',
  'rbs',
  'prism',
  'erb',
  'cgi',
]);

/** Extra packages per gem: build headers and runtime libraries (same names on bookworm and trixie). */
const LIBS: Record<string, SystemNeeds> = {
  pg: { build: ['libpq-dev'], runtime: ['libpq5'] },
  mysql2: { build: ['default-libmysqlclient-dev'], runtime: ['libmariadb3'] },
  trilogy: { build: ['libssl-dev'], runtime: [] },
  psych: { build: ['libyaml-dev'], runtime: [] },
};

export interface NativeNeeds {
  build: string[];
  runtime: string[];
  /** Gems that compile here. */
  compiled: string[];
}

/** True when a Linux build of the gem is locked (nothing to compile on amd64/arm64). */
function precompiled(platforms: Set<string>): boolean {
  return [...platforms].some((p) => /^(x86_64|aarch64)-linux/.test(p));
}

/** What the production gems need from Debian. */
export function nativeNeeds(lock: Lockfile, production: Set<string>): NativeNeeds {
  const compiled = [...production].sort().filter((name) => {
    const gem = lock.gems.get(name);
    return gem?.source === 'GEM' && COMPILED.has(name) && !precompiled(gem.platforms);
  });
  // A precompiled Linux variant bundles its libraries; a compiled one links the system's.
  const libs = systemPackages(LIBS, compiled);
  if (compiled.length === 0) return { build: [], runtime: [], compiled };
  return { build: ['build-essential', 'pkg-config', ...libs.build], runtime: libs.runtime, compiled };
}
