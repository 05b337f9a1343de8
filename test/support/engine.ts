import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { assertEngine } from '@dockstack/engine';
import { globSync } from 'tinyglobby';

export const REPO = path.resolve(import.meta.dirname, '..', '..');

/**
 * Makes sure an engine answers: uses one that already does, else starts one with the
 * repo's script. Returns a reason to skip when none can be had outside CI; under CI a
 * missing engine throws (a failure, never a skip).
 */
export async function ensureEngine(): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  try {
    return { ok: true, ...(await assertEngine()) };
  } catch {
    // fall through: try to start one
  }
  if (process.env['DOCKSTACK_ENGINE'] !== '0') {
    const started = spawnSync('bash', [path.join(REPO, 'scripts', 'engine', 'ensure-engine.sh')], { stdio: 'inherit' });
    if (started.status === 0) {
      try {
        return { ok: true, ...(await assertEngine()) };
      } catch {
        // reported below
      }
    }
  }
  const reason =
    'engine tier skipped: no Docker engine answers; run `bash scripts/engine/ensure-engine.sh` as root (Debian) or set DOCKER_HOST, then re-run `pnpm test`';
  if (process.env['CI']) throw new Error(`CI is set and no Docker engine could be started: ${reason}`);
  return { ok: false, reason };
}

/** Official-name -> stand-in, as committed in scripts/standins/map.json. */
export function standinMap(): Record<string, string> {
  return JSON.parse(readFileSync(path.join(REPO, 'scripts', 'standins', 'map.json'), 'utf8')) as Record<string, string>;
}

/**
 * The map as a registry mirror serves it: a fixture that sets the `registry` option names its base images
 * `<registry>/<official name>`; the stand-in for the official name stands in for the mirror's copy too.
 */
export function mirroredMap(map: Record<string, string>, registry: string | undefined): Record<string, string> {
  if (!registry) return map;
  const prefix = registry.replace(/\/+$/, '');
  return { ...map, ...Object.fromEntries(Object.entries(map).map(([official, standin]) => [`${prefix}/${official}`, standin])) };
}

/** Builds (or finds cached) the stand-ins for these official names (all when empty); returns the map. */
export function ensureStandins(officialNames: readonly string[] = []): Record<string, string> {
  const r = spawnSync('bash', [path.join(REPO, 'scripts', 'standins', 'build-standins.sh'), ...officialNames], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`building the stand-in base images failed (exit ${r.status}); see the log named above`);
  return standinMap();
}

const read = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

interface NodeManifest {
  dependencies?: object;
  devDependencies?: object;
  scripts?: Record<string, unknown>;
  workspaces?: string[] | { packages?: string[] };
}

/** A library core depends on (json5, yaml), loaded from core's own dependencies. */
function fromCore<T>(name: string): T {
  return createRequire(createRequire(import.meta.url).resolve('@dockstack/core'))(name) as T;
}

/**
 * Whether a fixture app declares third-party dependencies (then the rebuild must find a cached
 * dependency step). Read from the manifests each stack installs from; explicit, so a fixture
 * with dependencies can never pass because the step pattern matched nothing.
 */
export function hasDependencies(dir: string): boolean {
  const pkg = read(path.join(dir, 'package.json'));
  const json5 = pkg === undefined ? read(path.join(dir, 'package.json5')) : undefined;
  if (pkg !== undefined || json5 !== undefined) {
    // pnpm's package.json5 is parsed by the JSON5 library core reads it with.
    const j = (
      pkg !== undefined ? JSON.parse(pkg) : fromCore<{ parse(text: string): unknown }>('json5').parse(json5 as string)
    ) as NodeManifest;
    // devDependencies reach an image only through a build (a script with nothing to build, e.g. bun
    // init's index.ts with only @types/bun, rightly installs nothing).
    const builds = typeof j.scripts?.['build'] === 'string';
    if (Object.keys(j.dependencies ?? {}).length + (builds ? Object.keys(j.devDependencies ?? {}).length : 0) > 0) return true;
    // A workspace root installs its members' dependencies too.
    const pnpm = read(path.join(dir, 'pnpm-workspace.yaml'));
    const declared = Array.isArray(j.workspaces) ? j.workspaces : j.workspaces?.packages;
    const patterns = (
      declared ??
      fromCore<{ parse(text: string): { packages?: string[] } | null }>('yaml').parse(pnpm ?? '')?.packages ??
      []
    ).filter((p) => !p.startsWith('!'));
    const members = globSync(
      patterns.map((p) => `${p.replace(/\/$/, '')}/package.json`),
      { cwd: dir, ignore: ['**/node_modules/**'] },
    );
    if (
      members.some((m) => Object.keys((JSON.parse(readFileSync(path.join(dir, m), 'utf8')) as NodeManifest).dependencies ?? {}).length > 0)
    )
      return true;
  }
  const req = read(path.join(dir, 'requirements.txt'));
  if (req !== undefined && req.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) return true;
  const py = read(path.join(dir, 'pyproject.toml'));
  if (py !== undefined && /^dependencies\s*=\s*\[\s*"|^\[tool\.poetry\.dependencies\][^[]*\n\s*(?!python\b)[A-Za-z]/m.test(py)) return true;
  if (read(path.join(dir, 'Pipfile'))?.match(/^\[packages\]\n\s*[A-Za-z]/m)) return true;
  if (/^require\s*(\(|[a-z])/m.test(read(path.join(dir, 'go.mod')) ?? '') && read(path.join(dir, 'vendor', 'modules.txt')) === undefined)
    return true;
  if (/^\[dependencies\]\n\s*[A-Za-z]/m.test(read(path.join(dir, 'Cargo.toml')) ?? '')) return true;
  if (/^\s*gem\s/m.test(read(path.join(dir, 'Gemfile')) ?? '')) return true;
  const composer = read(path.join(dir, 'composer.json'));
  if (
    composer !== undefined &&
    Object.keys((JSON.parse(composer) as { require?: object }).require ?? {}).some((k) => k !== 'php' && !k.startsWith('ext-'))
  )
    return true;
  if (/<dependency>/.test(read(path.join(dir, 'pom.xml')) ?? '')) return true;
  if (
    /\b(implementation|api|runtimeOnly)\s*[("']/.test(
      (read(path.join(dir, 'build.gradle')) ?? '') + (read(path.join(dir, 'build.gradle.kts')) ?? ''),
    )
  )
    return true;
  const deno = read(path.join(dir, 'deno.json')) ?? read(path.join(dir, 'deno.jsonc'));
  if (deno !== undefined && /"(npm|jsr):/.test(deno)) return true;
  return false;
}
