// Detector of the cpp stack: a CMake or Meson project. Reads the build files and a bounded set of
// sources; proposes the installed executable, library kind, language, -dev packages and server facts.
import { defineDetector, findings, firstPort, propose, proposeLabels, readSources, result, type Findings } from '@dockstack/plugin-api';
import { parseCmake } from './cmake.js';
import { parseMeson } from './meson.js';

/** What a build file says that the Dockerfile needs. */
export interface BuildFacts {
  name?: string;
  homepage?: string;
  license?: string;
  sharedLibraries: boolean;
  /** `c`, `cpp` (CMake's C and CXX) and any other language named. */
  languages: string[];
  executables: string[];
  installed: string[];
  /** CMake packages or Meson dependencies. */
  packages: string[];
}

/** The build systems, by the root file that declares each, with the words its evidence uses. */
const SYSTEMS = [
  {
    file: 'CMakeLists.txt',
    id: 'cmake',
    parse: parseCmake,
    label: 'CMake',
    project: (n: string) => `project(${n})`,
    shared: 'builds a SHARED library or turns BUILD_SHARED_LIBS on',
    sharedSays: 'shared library',
  },
  {
    file: 'meson.build',
    id: 'meson',
    parse: parseMeson,
    label: 'Meson',
    project: (n: string) => `project('${n}')`,
    shared: 'builds a shared_library',
    sharedSays: 'shared_library',
  },
] as const;

/** Debian -dev packages for well-known CMake packages and Meson dependencies, and whether distroless cc has the runtime library. */
const DEV_PACKAGES: Record<string, { pkg: string; inRuntime: boolean }> = {
  openssl: { pkg: 'libssl-dev', inRuntime: true },
  zlib: { pkg: 'zlib1g-dev', inRuntime: false },
  curl: { pkg: 'libcurl4-openssl-dev', inRuntime: false },
  libcurl: { pkg: 'libcurl4-openssl-dev', inRuntime: false },
  pkgconfig: { pkg: 'pkg-config', inRuntime: true },
  threads: { pkg: '', inRuntime: true },
};

const BINARY = /^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,63}$/;
const SOURCE = /\.(c|cc|cpp|cxx|c\+\+|h|hh|hpp)$/;
const PORTS = { env: /getenv\s*\(\s*"PORT"\s*\)[^;]{0,80}?(?:"|\b)(\d{2,5})\b/, literal: /htons\s*\(\s*(\d{2,5})\s*\)/ };

function proposePackages(f: Findings, names: string[], file: string): void {
  const packages: string[] = [];
  for (const name of names) {
    const known = DEV_PACKAGES[name.toLowerCase()];
    if (known === undefined && name !== '')
      f.notes.push(
        `${file} needs ${name}: add its Debian -dev package with --set buildPackages=... (and make sure the runtime has its library)`,
      );
    if (known === undefined) continue;
    if (known.pkg !== '' && !packages.includes(known.pkg)) packages.push(known.pkg);
    if (!known.inRuntime)
      f.notes.push(`${name}: distroless cc has no ${name} runtime library; link it statically or pick a runtimeImage that has it`);
  }
  if (packages.length > 0)
    propose(f, 'buildPackages', packages, `${file} uses ${names.filter((n) => DEV_PACKAGES[n.toLowerCase()]?.pkg).join(', ')}`);
}

function proposeBinary(f: Findings, file: string, installed: string[], all: string[]): void {
  const pick = installed.find((n) => BINARY.test(n)) ?? all.find((n) => BINARY.test(n));
  if (pick === undefined) return;
  const done = installed.includes(pick);
  propose(f, 'binary', pick, `${file} ${done ? 'installs' : 'builds'} the executable ${pick}`, {
    file,
    says: `executable ${pick}${done ? ' (installed)' : ''}`,
  });
  if (!done)
    f.notes.push(
      `${file} has no install rule for ${pick}: the build installs into /opt/app, so add install(TARGETS ${pick}) / install: true`,
    );
  const others = all.filter((n) => n !== pick);
  if (others.length > 0) f.notes.push(`other executables: ${others.join(', ')}; --set binary=<name> runs another`);
}

export const detect = defineDetector(async (p) => {
  const f = findings();
  let found: { system: (typeof SYSTEMS)[number]; facts: BuildFacts } | undefined;
  for (const system of SYSTEMS) {
    const text = found === undefined ? await p.readText(system.file) : undefined;
    if (text !== undefined) found = { system, facts: system.parse(text) };
  }
  if (found === undefined) return null;
  const { system: s, facts: b } = found;
  f.reasons.push({ file: s.file, says: b.name === undefined ? `${s.label} project` : s.project(b.name) });
  propose(f, 'buildSystem', s.id, `${s.file} is at the root`);
  if (b.name !== undefined && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(b.name))
    propose(f, 'appName', b.name, `${s.label} ${s.project(b.name)}`);
  proposeBinary(f, s.file, b.installed, b.executables);
  if (b.sharedLibraries) propose(f, 'libraries', 'shared', `${s.file} ${s.shared}`, { file: s.file, says: s.sharedSays });
  proposePackages(f, b.packages, s.file);
  const { files } = await readSources(p, { files: SOURCE, depth: 1, limit: 40, skip: /^(build|out|third_party|vendor|test)/ });
  const cppSource = files.some((s) => /\.(cc|cpp|cxx|c\+\+|hh|hpp)$/.test(s.path));
  const declared = b.languages.length > 0 ? `the project declares ${b.languages.join(', ')}` : undefined;
  const language = b.languages.includes('cpp') || (declared === undefined && cppSource) ? 'cpp' : 'c';
  propose(f, 'language', language, declared ?? (cppSource ? 'C++ sources' : 'C sources only'));
  const listener = files.find((s) => /\blisten\s*\(/.test(s.text) && /\bbind\s*\(/.test(s.text));
  if (listener === undefined) propose(f, 'server', false, 'no bind() and listen() in the sources: a run-to-completion program');
  else
    propose(f, 'server', true, `${listener.path} binds and listens on a socket`, {
      file: listener.path,
      says: 'bind() and listen(): a server',
    });
  const port = listener && (firstPort(files, [PORTS.env]) ?? firstPort([listener], [PORTS.literal]));
  if (port) propose(f, 'port', port.port, `the sources fall back to port ${port.port}`);
  await proposeLabels(p, f, {
    sourceUrl: [b.homepage, 'CMake HOMEPAGE_URL'],
    license: [b.license, `meson.build declares license: '${b.license ?? ''}'`, { file: s.file, says: `license ${b.license ?? ''}` }],
  });
  return result(f, 0.85);
});
