#!/usr/bin/env node
// Builds registry/index.json from registry/stacks/<id>.json and the official stacks in plugins/*.
//
//   node registry/build-index.mjs              write index.json (and new or updated source files)
//   node registry/build-index.mjs --check      write nothing; exit 1 when anything is out of date
//   node registry/build-index.mjs --pack-dir D also keep the official tarballs in D, to publish as is
//   node registry/build-index.mjs --root DIR   work on another checkout's plugins/ and registry/ (the release
//                                              tests' sandbox); the tools (core, tar) still come from this one
//
// Needs the workspace built (`pnpm -s build`): it loads stacks with @dockstack/core and packs
// each plugin's dist/. Official versions carry the sha512 integrity of a deterministic tarball:
// `pnpm pack` (which rewrites workspace: ranges; its dependency key order, which varies from run
// to run, is put back in the source order), then repacked with entries sorted by path,
// modes 0644/0755, mtime 1985-10-26T08:15:00Z, no owners, gzip level 9, gzip OS byte 3.
// Publish exactly those bytes (`npm publish D/<file>.tgz`) so the registry serves what the
// index records. Community stacks list their published versions in their source file.
// It runs `tsc -b` on the included plugins first, so dist/ matches the sources, and afterwards
// registry/build-site.mjs, so the catalogue site (registry/site) shows the new index.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TOOL_ROOT = path.resolve(import.meta.dirname, '..');
const rootArg = process.argv.indexOf('--root');
const ROOT = rootArg === -1 ? TOOL_ROOT : path.resolve(process.argv[rootArg + 1] ?? '');
const REGISTRY = path.join(ROOT, 'registry');
const SOURCES = path.join(REGISTRY, 'stacks');
const INDEX = path.join(REGISTRY, 'index.json');
const MTIME = new Date('1985-10-26T08:15:00.000Z');

const args = process.argv.slice(2);
const check = args.includes('--check');
const packDirArg = args.indexOf('--pack-dir');
const packDir = packDirArg === -1 ? undefined : path.resolve(args[packDirArg + 1] ?? '');

const coreEntry = path.join(TOOL_ROOT, 'packages', 'core', 'dist', 'index.js');
if (!existsSync(coreEntry)) fail('packages/core is not built: run `pnpm -s build` first');
const core = await import(pathToFileURL(coreEntry).href);
const requireCore = createRequire(path.join(TOOL_ROOT, 'packages', 'core', 'package.json'));
const tar = requireCore('tar');
const semver = requireCore('semver');

function fail(message) {
  console.error(`build-index: ${message}`);
  process.exit(1);
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const rel = (file) => path.relative(ROOT, file);
const semverCompare = (a, b) => semver.compare(a, b);

function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    return e.isDirectory() ? walk(abs, base) : e.isFile() ? [path.relative(base, abs).split(path.sep).join('/')] : [];
  });
}

/** A dist/ file whose source is gone would be packed here but not on CI, which builds fresh. */
function orphanOutput(dir) {
  const dist = path.join(dir, 'dist');
  const src = path.join(dir, 'src');
  if (!existsSync(dist) || !existsSync(src)) return undefined;
  for (const file of walk(dist)) {
    const stem = file.replace(/\.(js|d\.ts)(\.map)?$/, '');
    if (!['.ts', '.mts', '.tsx', '.js'].some((ext) => existsSync(path.join(src, stem + ext)))) {
      return `${rel(path.join(dist, file))} has no source in src/ (stale build output: run \`pnpm -s clean && pnpm -s build\`)`;
    }
  }
  return undefined;
}

/** Brings the plugins' dist/ up to date (incremental, a no-op after `pnpm -s build`), so the index never records stale output. */
function buildPlugins(plugins) {
  const projects = plugins.filter((p) => existsSync(path.join(p.dir, 'tsconfig.json'))).map((p) => p.dir);
  if (projects.length === 0) return;
  const tsc = createRequire(path.join(TOOL_ROOT, 'package.json')).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-b', ...projects], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) fail(`tsc -b failed for the plugins:\n${run.stdout}${run.stderr}`);
}

/** Official plugin folders whose manifest is complete, and the reasons the others are left out. */
async function discoverPlugins() {
  const found = [];
  const skipped = [];
  const pluginsDir = path.join(ROOT, 'plugins');
  for (const name of readdirSync(pluginsDir).sort()) {
    const dir = path.join(pluginsDir, name);
    if (!existsSync(path.join(dir, 'package.json'))) continue;
    const pkg = readJson(path.join(dir, 'package.json'));
    if (pkg.dockstack === undefined) continue;
    let stack;
    try {
      stack = await core.loadStack(dir, 'bundled');
    } catch (error) {
      skipped.push(`plugins/${name}: ${error.message}`);
      continue;
    }
    const m = stack.manifest;
    const missing = ['description', 'tags', 'detectHints'].filter((k) => m[k] === undefined || m[k].length === 0);
    if (!existsSync(path.join(dir, 'README.md'))) missing.push('README.md');
    if (missing.length > 0) {
      skipped.push(`plugins/${name}: incomplete manifest (missing ${missing.join(', ')})`);
      continue;
    }
    found.push({ dir, rel: `plugins/${name}`, stack });
  }
  return { found, skipped };
}

const DEP_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'peerDependenciesMeta'];

/** pnpm resolves workspace: ranges concurrently, so their key order varies: restore the source order. */
function normalizeManifest(file, sourceDir) {
  const text = readFileSync(file, 'utf8');
  const packed = JSON.parse(text);
  const original = readJson(path.join(sourceDir, 'package.json'));
  for (const field of DEP_FIELDS) {
    if (packed[field] === undefined) continue;
    const order = Object.keys(original[field] ?? {});
    const keys = Object.keys(packed[field]).sort((a, b) => (order.indexOf(a) + 1 || 1e9) - (order.indexOf(b) + 1 || 1e9) || (a < b ? -1 : 1));
    packed[field] = Object.fromEntries(keys.map((k) => [k, packed[field][k]]));
  }
  writeFileSync(file, JSON.stringify(packed, null, 2) + (text.endsWith('\n') ? '\n' : ''));
}

async function repack(tgz, sourceDir) {
  const ex = mkdtempSync(path.join(tmpdir(), 'dockstack-repack-'));
  try {
    await tar.x({ file: tgz, cwd: ex });
    normalizeManifest(path.join(ex, 'package', 'package.json'), sourceDir);
    const files = walk(ex).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const f of files) chmodSync(path.join(ex, f), statSync(path.join(ex, f)).mode & 0o111 ? 0o755 : 0o644);
    const chunks = [];
    for await (const chunk of tar.c({ cwd: ex, gzip: { level: 9 }, portable: true, mtime: MTIME, noDirRecurse: true }, files)) chunks.push(chunk);
    const data = Buffer.concat(chunks);
    data[9] = 3; // gzip header OS field: "Unix" whatever the packing OS
    return data;
  } finally {
    rmSync(ex, { recursive: true, force: true });
  }
}

/** Deterministic tarball and its integrity for each official plugin (one pnpm run for all). */
async function packAll(plugins) {
  const out = new Map();
  if (plugins.length === 0) return out;
  const tmp = mkdtempSync(path.join(tmpdir(), 'dockstack-pack-'));
  try {
    const filters = plugins.flatMap((p) => ['--filter', `./${p.rel}`]);
    const run = spawnSync('pnpm', ['-r', ...filters, 'pack', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) fail(`pnpm pack failed:\n${run.stderr || run.stdout}`);
    for (const p of plugins) {
      const file = `${p.stack.packageName.replace(/^@/, '').replace('/', '-')}-${p.stack.version}.tgz`;
      if (!existsSync(path.join(tmp, file))) fail(`pnpm pack did not write ${file} for ${p.rel}`);
      const data = await repack(path.join(tmp, file), p.dir);
      const integrity = `sha512-${createHash('sha512').update(data).digest('base64')}`;
      if (packDir !== undefined) {
        mkdirSync(packDir, { recursive: true });
        writeFileSync(path.join(packDir, file), data);
      }
      out.set(p.rel, integrity);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

/** How many of a plugin's test fixtures the engine tier builds and runs (an `engine` block in fixture.json). */
function proofOf(dir) {
  const fixturesDir = path.join(dir, 'test', 'fixtures');
  const names = existsSync(fixturesDir) ? readdirSync(fixturesDir).filter((n) => existsSync(path.join(fixturesDir, n, 'fixture.json'))) : [];
  const engine = names.filter((n) => Boolean(readJson(path.join(fixturesDir, n, 'fixture.json')).engine)).length;
  return { fixtures: names.length, engine };
}

/** `<plugin>/CHANGELOG.md#<anchor>` when the changelog has a `## <version>` heading (the anchor a Markdown renderer gives it). */
function changelogOf(p, version) {
  const file = path.join(p.dir, 'CHANGELOG.md');
  if (!existsSync(file)) return undefined;
  const heading = readFileSync(file, 'utf8').split('\n').find((l) => l.trim() === `## ${version}`);
  return heading === undefined ? undefined : `${p.rel}/CHANGELOG.md#${version.replace(/[^0-9a-z-]/gi, '').toLowerCase()}`;
}

/** The fields one index version carries, in a fixed order. */
function versionFields(v) {
  return {
    version: v.version,
    integrity: v.integrity,
    apiRange: v.apiRange,
    ...(v.changelog === undefined ? {} : { changelog: v.changelog }),
    ...(v.proof === undefined ? {} : { proof: v.proof }),
  };
}

function readSources() {
  const sources = new Map();
  for (const name of existsSync(SOURCES) ? readdirSync(SOURCES).sort() : []) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(SOURCES, name);
    const data = readJson(file);
    const problems = core.checkRegistrySource(data);
    if (problems.length > 0) fail(`${rel(file)}: ${problems.join('; ')}`);
    if (`${data.id}.json` !== name) fail(`${rel(file)}: the file must be named ${data.id}.json`);
    sources.set(data.id, { file, data, text: readFileSync(file, 'utf8') });
  }
  return sources;
}

function withDeprecation(v, deprecated) {
  const message = deprecated?.[v.version];
  const { deprecationMessage: _old, ...rest } = v;
  return message === undefined ? { ...rest, deprecated: false } : { ...rest, deprecated: true, deprecationMessage: message };
}

function entryOf(source, manifestSide, versions) {
  const sorted = [...versions].sort((a, b) => semverCompare(a.version, b.version));
  return {
    id: source.id,
    package: source.package,
    displayName: source.displayName ?? manifestSide.displayName,
    description: source.description ?? manifestSide.description,
    tags: source.tags ?? manifestSide.tags,
    detectHints: source.detectHints ?? manifestSide.detectHints,
    official: source.official,
    versions: sorted.map((v) => withDeprecation({ ...versionFields(v), deprecationMessage: v.deprecationMessage }, source.deprecated)),
  };
}

const { found, skipped } = await discoverPlugins();
buildPlugins(found);
for (const p of found) {
  const orphan = orphanOutput(p.dir);
  if (orphan !== undefined) fail(orphan);
}
const sources = readSources();
const previous = existsSync(INDEX) ? readJson(INDEX) : { stacks: [] };
const integrities = await packAll(found);
const outputs = new Map(); // file -> new text
const stacks = [];

for (const p of found) {
  const { stack } = p;
  const known = sources.get(stack.id);
  if (known !== undefined && (!known.data.official || known.data.path !== p.rel || known.data.package !== stack.packageName)) {
    fail(`${rel(known.file)} does not describe ${p.rel} (${stack.packageName}): official stacks need "official": true, "path": "${p.rel}", "package": "${stack.packageName}"`);
  }
  const source = known?.data ?? { $schema: '../source.schema.json', id: stack.id, package: stack.packageName, official: true, path: p.rel };
  const changelog = changelogOf(p, stack.version);
  const current = versionFields({
    version: stack.version,
    integrity: integrities.get(p.rel),
    apiRange: stack.manifest.apiRange,
    changelog,
    proof: proofOf(p.dir),
  });
  const history = [...(source.versions ?? [])];
  const clash = history.find((v) => v.version === current.version);
  if (clash !== undefined && clash.integrity !== current.integrity) {
    fail(`${p.rel} is at ${current.version}, which ${rel(path.join(SOURCES, `${stack.id}.json`))} records as released with other contents: bump its version`);
  }
  // A superseded release (the tree moved to a new version) stays listed: move it into the source file.
  for (const v of previous.stacks.find((s) => s.id === stack.id && s.official)?.versions ?? []) {
    if (v.version !== current.version && !history.some((h) => h.version === v.version)) history.push({ ...versionFields(v), deprecated: false });
  }
  const nextSource = history.length > 0 ? { ...source, versions: history.sort((a, b) => semverCompare(a.version, b.version)) } : source;
  outputs.set(path.join(SOURCES, `${stack.id}.json`), json(nextSource));
  const versions = [...history.filter((v) => v.version !== current.version), current];
  stacks.push(entryOf(nextSource, { ...stack.manifest, description: stack.description }, versions));
}

for (const [id, { file, data }] of sources) {
  if (data.official) {
    if (!found.some((p) => p.rel === data.path)) fail(`${rel(file)} names ${data.path}, which is not a complete stack: ${skipped.find((s) => s.startsWith(`${data.path}:`)) ?? 'missing'}`);
    continue;
  }
  if (found.some((p) => p.stack.id === id)) fail(`${rel(file)}: id ${id} is taken by an official stack`);
  stacks.push(entryOf(data, {}, data.versions));
}

stacks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const index = { $schema: './index.schema.json', formatVersion: 1, stacks };
core.validateIndex(index, rel(INDEX));
outputs.set(INDEX, json(index));

const stale = [...outputs].filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text).map(([file]) => file);
for (const line of skipped) console.log(`build-index: left out ${line}`);
if (check) {
  if (stale.length > 0) fail(`out of date: ${stale.map(rel).join(', ')}; run \`node registry/build-index.mjs\` and commit the result`);
  console.log(`build-index: ${rel(INDEX)} is up to date (${stacks.length} stacks)`);
} else {
  mkdirSync(SOURCES, { recursive: true });
  for (const file of stale) writeFileSync(file, outputs.get(file));
  console.log(`build-index: ${stacks.length} stacks; ${stale.length === 0 ? 'nothing changed' : `wrote ${stale.map(rel).join(', ')}`}`);
  // The catalogue site shows the index (and the plugins' schemas and goldens): keep it in step.
  if (ROOT === TOOL_ROOT) {
    const site = spawnSync(process.execPath, [path.join(REGISTRY, 'build-site.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (site.status !== 0) fail(`build-site.mjs failed:\n${site.stderr || site.stdout}`);
    console.log(site.stdout.trim());
  }
}
