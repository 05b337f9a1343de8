#!/usr/bin/env node
// Regenerates the real-world conformance corpus (test/corpus/apps/*) with the frameworks' own scaffolding
// tools, pinned, and records each tool's version and the app's expected check in test/corpus/corpus.json.
//
//   node scripts/corpus/regenerate.mjs            every app
//   node scripts/corpus/regenerate.mjs vite next  only apps whose id contains one of the words
//
// Lockfiles are made by the package manager itself (lockfile-only where it has the mode, else an install
// whose node_modules is removed afterwards). No registry host is committed: npm lockfiles omit resolved
// URLs; other lockfiles that name a host get REGISTRY_PLACEHOLDER in its place, which the runner maps to
// the machine's configured registry (`npm config get registry`) at run time.
//
// Python scaffolders (an app's `pip`) run from a scratch venv filled from the local PyPI mirror's wheels
// (scripts/mirrors/pypi/build-mirror.sh: Debian's python3-* packages), as nothing else serves PyPI here.
// cabal runs with a config that names no package repository (Hackage is unreachable; `cabal init` would
// otherwise try to download its index).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APPS, NOT_SCAFFOLDED, PM_SETUPS, REGISTRY_PLACEHOLDER, lockedWith } from './apps.mjs';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const CORPUS = path.join(REPO, 'test', 'corpus');
const APPS_DIR = path.join(CORPUS, 'apps');
const filter = process.argv.slice(2);

/** Runs a command; throws with its output's tail when it fails. */
function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1', npm_config_yes: 'true', npm_config_omit_lockfile_registry_resolved: 'true', ...env },
    timeout: 15 * 60_000,
  });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-12).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed with exit ${r.status ?? r.signal}:\n${tail}`);
  }
  return r.stdout.trim();
}

/** The local PyPI mirror's folder (built or reused by scripts/mirrors/pypi/build-mirror.sh; its last line). */
let pypiMirror;
function mirrorDir() {
  pypiMirror ??= run('bash', [path.join(REPO, 'scripts', 'mirrors', 'pypi', 'build-mirror.sh')], REPO).split('\n').at(-1);
  return pypiMirror;
}

/** Environment for an app's scaffolder: PATH with a venv of its `pip` requirements, CABAL_DIR for cabal. */
function toolEnv(app, scratch) {
  const env = {};
  if (app.pip) {
    const venv = path.join(scratch, '.venv');
    run('python3', ['-m', 'venv', venv], scratch);
    run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--no-index', '--find-links', path.join(mirrorDir(), 'files'), ...app.pip], scratch);
    env.PATH = `${path.join(venv, 'bin')}:${process.env.PATH}`;
  }
  if (app.tool === 'cabal') {
    env.CABAL_DIR = path.join(scratch, '.cabal');
    run('cabal', ['user-config', 'init'], scratch, env);
    const config = path.join(env.CABAL_DIR, 'config');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^repository /gm, '-- repository ').replace(/^  url: /gm, '  -- url: '));
  }
  return env;
}

/** bun's version for `bun install` (the npm package `bun` carries the binary); the bun apps' bun init pin. */
const BUN_VERSION = APPS.find((a) => a.id === 'bun-init').toolVersion;

const toolVersion = {
  bun: () => BUN_VERSION,
  npm: () => run('npm', ['--version'], REPO),
  pnpm: () => run('pnpm', ['--version'], REPO),
  yarn: () => run('npx', ['--yes', 'yarn@1.22.22', '--version'], tmpdir()),
  cargo: () => run('cargo', ['--version'], REPO),
  go: () => run('go', ['version'], REPO),
  meson: () => run('meson', ['--version'], REPO),
  cabal: () => run('cabal', ['--numeric-version'], REPO),
  'django-admin': (env) => run('django-admin', ['--version'], REPO, env),
};

/** The machine's npm registry (`npm config get registry`), without its trailing slash. */
let registryUrl;
function registry() {
  registryUrl ??= run('npm', ['config', 'get', 'registry'], REPO).replace(/\/+$/, '');
  return registryUrl;
}

/** Lockfile for the app's package manager, made by that package manager; no node_modules left behind. */
function lock(dir, pm) {
  const LOCKS = ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];
  for (const f of LOCKS) rmSync(path.join(dir, f), { force: true });
  const setup = PM_SETUPS[pm];
  if (pm === 'npm') run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
  else if (pm === 'pnpm') run('pnpm', ['install', '--lockfile-only', '--ignore-scripts'], dir);
  else if (setup?.base === 'pnpm') run('npx', ['--yes', `pnpm@${setup.version}`, 'install', '--lockfile-only', '--ignore-scripts'], dir);
  else if (pm === 'yarn') {
    run('npx', ['--yes', 'yarn@1.22.22', 'install', '--ignore-scripts', '--ignore-engines', '--non-interactive', '--no-progress'], dir);
    const file = path.join(dir, 'yarn.lock');
    // yarn 1 writes each tarball's full URL: keep the path, replace the host (whichever) with the placeholder.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(resolved ")https?:\/\/[^/"]+\//g, `$1${REGISTRY_PLACEHOLDER}/`));
  } else if (setup?.base === 'yarn') {
    // As yarn's docs: `corepack use yarn@4` writes packageManager and installs. Corepack and yarn fetch from the
    // machine's registry (their defaults are other hosts); CI=1 would make the first install immutable.
    if (setup.linker === 'node-modules') writeFileSync(path.join(dir, '.yarnrc.yml'), 'nodeLinker: node-modules\n');
    run('corepack', ['use', `yarn@${setup.version}`], dir, {
      CI: '',
      COREPACK_NPM_REGISTRY: registry(),
      COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
      YARN_NPM_REGISTRY_SERVER: registry(),
      YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
      YARN_ENABLE_TELEMETRY: '0',
      YARN_ENABLE_GLOBAL_CACHE: 'true',
    });
    // What yarn's docs say not to commit without zero-installs: the install state, cache and PnP loader files.
    for (const f of ['.pnp.cjs', '.pnp.loader.mjs', '.yarn/cache', '.yarn/unplugged', '.yarn/install-state.gz', '.yarn/build-state.yml'])
      rmSync(path.join(dir, f), { recursive: true, force: true });
  } else if (pm === 'bun') run('npx', ['--yes', `bun@${BUN_VERSION}`, 'install', '--ignore-scripts'], dir);
  else throw new Error(`no lockfile rule for package manager ${pm}`);
  // Lockfiles that name each tarball's URL (yarn 1; bun and pnpm when the registry is not the default):
  // keep the path, put the placeholder in place of the machine's registry. No lockfile may name it after.
  for (const f of LOCKS) {
    const file = path.join(dir, f);
    if (!existsSync(file) || f === 'bun.lockb') continue;
    const text = readFileSync(file, 'utf8').split(`${registry()}/`).join(`${REGISTRY_PLACEHOLDER}/`);
    writeFileSync(file, text);
    const host = new URL(registry()).host;
    if (text.includes(host)) throw new Error(`${f} still names the registry's host after the placeholder pass`);
  }
  rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
}

/**
 * The app's requirements.txt resolves against the local PyPI mirror for the stand-in's Python (3.13: the
 * mirror's compiled wheels are Debian trixie's cp313 builds); throws with pip's complaint otherwise.
 */
function resolvable(dir, scratch) {
  run(
    'python3',
    ['-m', 'pip', 'install', '--dry-run', '--quiet', '--ignore-installed', '--no-index', '--find-links', path.join(mirrorDir(), 'files'),
      '--python-version', '3.13', '--only-binary=:all:', '--target', path.join(scratch, '.resolve'), '-r', path.join(dir, 'requirements.txt')],
    scratch,
  );
}

/** Drops what must not be committed: installs, build outputs, VCS dirs. */
function clean(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (['node_modules', '.git', 'dist', 'build', '.next', '.svelte-kit', 'target', '.angular', 'dist-newstyle', '__pycache__', '.nx'].includes(name)) {
      rmSync(p, { recursive: true, force: true });
    } else if (statSync(p).isDirectory()) clean(p);
  }
}

/** Every file's text under dir (for checking that an app's expected text comes from the scaffold). */
function allText(dir) {
  let out = '';
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out += allText(p);
    else if (statSync(p).size < 200_000) out += readFileSync(p, 'utf8');
  }
  return out;
}

function scaffold(app) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'dockstack-corpus-'));
  try {
    const env = { ...toolEnv(app, scratch), ...app.env };
    const [cmd, ...args] = app.scaffold(app.id);
    run(cmd, args, scratch, env);
    const dir = path.join(scratch, app.id);
    if (!existsSync(dir)) throw new Error(`${app.tool} created no ${app.id}/ directory`);
    for (const step of app.post ?? []) step(dir, run);
    if (app.pm !== undefined) lock(dir, app.pm);
    if (app.mirror === 'pypi') resolvable(dir, scratch);
    clean(dir);
    const expected = app.check.http?.contains ?? app.check.run?.stdout;
    if (app.checkFromScaffold !== false && !allText(dir).includes(expected))
      throw new Error(`${app.id}: the expected text ${JSON.stringify(expected)} is in none of the scaffolded files`);
    const target = path.join(APPS_DIR, app.id);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(APPS_DIR, { recursive: true });
    renameSync(dir, target);
    return app.toolVersion === 'system' ? toolVersion[app.tool](env) : app.toolVersion;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const manifestFile = path.join(CORPUS, 'corpus.json');
const previous = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : { apps: [] };
const entries = new Map(previous.apps.map((a) => [a.id, a]));
const selected = APPS.filter((a) => filter.length === 0 || filter.some((f) => a.id.includes(f)));
const failed = [];
for (const app of selected) {
  const t0 = Date.now();
  process.stdout.write(`${app.id}: ${app.tool}@${app.toolVersion} ... `);
  try {
    const version = scaffold(app);
    const setup = PM_SETUPS[app.pm];
    const pmVersion = setup ? setup.version + (setup.linker ? `, nodeLinker ${setup.linker}` : '') : app.pm ? toolVersion[app.pm]() : undefined;
    entries.set(app.id, {
      id: app.id,
      stack: app.stack,
      tool: app.tool,
      toolVersion: version,
      command: app.scaffold(app.id).join(' '),
      ...(app.postNote ? { after: app.postNote } : {}),
      ...(lockedWith(app.pm) ? { lockedWith: lockedWith(app.pm) } : {}),
      packageManager: setup?.base ?? app.pm ?? app.packageManager ?? app.stack,
      ...(pmVersion ? { packageManagerVersion: pmVersion } : {}),
      check: app.check,
      ...(app.edit ? { edit: app.edit } : {}),
      ...(app.note ? { note: app.note } : {}),
      ...(app.mirror ? { mirror: app.mirror } : {}),
    });
    console.log(`ok (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  } catch (error) {
    failed.push(app.id);
    console.log(`FAILED\n${error.message}`);
  }
}
const apps = [...entries.values()].filter((a) => APPS.some((b) => b.id === a.id)).sort((a, b) => a.id.localeCompare(b.id));
writeFileSync(
  manifestFile + '.tmp',
  `${JSON.stringify({ generatedBy: 'scripts/corpus/regenerate.mjs', registryPlaceholder: REGISTRY_PLACEHOLDER, apps, notScaffolded: NOT_SCAFFOLDED }, null, 2)}\n`,
);
renameSync(manifestFile + '.tmp', manifestFile);
console.log(`${apps.length} apps in ${path.relative(REPO, manifestFile)}${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exitCode = failed.length ? 1 : 0;
