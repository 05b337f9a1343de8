// fly.io's Dockerfile generator (@flydotio/dockerfile), the peer for node fixtures.
// Installed from the npm registry with npm into a cache outside the repository, at a pinned
// version (recorded in the results), and run non-interactively (`dockerfile --force`) in a
// temporary copy of the fixture, exactly as its README says a user runs it (`npx dockerfile`).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { globalArgs } from '@dockstack/engine';

export const FLY_PACKAGE = '@flydotio/dockerfile';
/** Pinned: change it here and the cache installs it on the next run. */
export const FLY_VERSION = process.env.BENCH_FLY_VERSION ?? '0.7.10';
export const CACHE_DIR = process.env.BENCH_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'dockstack-bench');

/** Installs the pinned generator (once) and returns the path of its bin script. */
export function ensureFly() {
  const dir = path.join(CACHE_DIR, `flydotio-dockerfile-${FLY_VERSION}`);
  const pkg = path.join(dir, 'node_modules', ...FLY_PACKAGE.split('/'), 'package.json');
  let installed = null;
  try {
    installed = JSON.parse(readFileSync(pkg, 'utf8')).version;
  } catch {
    /* not installed yet */
  }
  if (installed !== FLY_VERSION) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ private: true, name: 'dockstack-bench-peers' }, null, 2)}\n`);
    console.error(`bench: installing ${FLY_PACKAGE}@${FLY_VERSION} into ${dir}`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `${FLY_PACKAGE}@${FLY_VERSION}`], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    installed = JSON.parse(readFileSync(pkg, 'utf8')).version;
  }
  const meta = JSON.parse(readFileSync(pkg, 'utf8'));
  const bin = typeof meta.bin === 'string' ? meta.bin : meta.bin.dockerfile;
  return { version: installed, bin: path.join(path.dirname(pkg), bin), dir };
}

/** A temporary copy of a fixture app without dockstack's generated files. */
export function freshCopy(fixtureDir, prefix = 'dockstack-bench-src-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cpSync(fixtureDir, dir, { recursive: true });
  for (const f of ['Dockerfile', '.dockerignore', 'dockstack.json', 'dockstack.lock.json']) rmSync(path.join(dir, f), { force: true });
  return dir;
}

/** Runs the generator in `dir` (non-interactive) and returns what it wrote. */
export function runFly(fly, dir) {
  const before = new Set(readdirSync(dir));
  execFileSync(process.execPath, [fly.bin, '--force'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  const created = readdirSync(dir).filter((f) => !before.has(f));
  return { dockerfile: readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), created };
}

/**
 * Makes a peer's Dockerfile buildable here without changing what it does: drops the `# syntax`
 * line (BuildKit would pull that frontend from Docker Hub) and points each FROM that names an
 * official image at the stand-in that dockstack's file for the same fixture uses for that image
 * (same repository: node:<v>-slim -> the node stand-in dockstack builds on), else at the
 * stand-in map's entry. Returns the new text and one note per rewrite.
 */
export function retarget(dockerfile, dockstackDockerfile, standins) {
  const notes = [];
  const byRepo = new Map();
  for (const value of Object.values(globalArgs(dockstackDockerfile))) {
    const repo = value.split(':')[0];
    if (standins[value] !== undefined && !byRepo.has(repo)) byRepo.set(repo, { official: value, standin: standins[value] });
  }
  const stages = new Set();
  const lines = dockerfile.split('\n').filter((l, i) => !(i < 3 && /^#\s*syntax\s*=/i.test(l)));
  if (lines.length !== dockerfile.split('\n').length) notes.push('`# syntax` line removed (the frontend image cannot be pulled here)');
  const out = lines.map((line) => {
    const m = /^(FROM\s+(?:--\S+\s+)*)(\S+)(.*)$/i.exec(line);
    if (!m) return line;
    const [, head, image, tail] = m;
    const as = /\bAS\s+(\S+)/i.exec(tail)?.[1];
    if (as) stages.add(as.toLowerCase());
    if (stages.has(image.toLowerCase()) && !(as && as.toLowerCase() === image.toLowerCase())) return line;
    const repo = image.replace(/\$\{[^}]*\}|\$[A-Za-z_]\w*/g, '').split(':')[0];
    const hit = byRepo.get(repo) ?? (standins[image] ? { official: image, standin: standins[image] } : undefined);
    if (!hit) {
      notes.push(`FROM ${image}: no stand-in (left as is)`);
      return line;
    }
    notes.push(`FROM ${image} -> ${hit.standin} (the stand-in for ${hit.official}, as dockstack's file uses)`);
    return `${head}${hit.standin}${tail}`;
  });
  return { dockerfile: out.join('\n'), notes };
}

/**
 * The port a peer's image listens on: its last EXPOSE when its runtime ignores the PORT variable
 * (stock nginx or Apache configurations listen on 80), else the fixture's port.
 */
export function listenPort(dockerfile, fixturePort) {
  const froms = [...dockerfile.matchAll(/^FROM\s+(?:--\S+\s+)*(\S+)/gim)].map((m) => m[1]);
  const final = froms.at(-1) ?? '';
  const exposed = [...dockerfile.matchAll(/^EXPOSE\s+(\d+)/gim)].map((m) => Number(m[1])).at(-1);
  if (/nginx|apache/.test(final) && exposed !== undefined) return exposed;
  return fixturePort;
}

export function flyAvailable() {
  try {
    return existsSync(ensureFly().bin);
  } catch (error) {
    console.error(`bench: ${FLY_PACKAGE} unavailable: ${error.message}`);
    return false;
  }
}
