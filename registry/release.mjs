#!/usr/bin/env node
// The release flow of the official stacks (plugins/*), each versioned on its own with changesets.
//
//   node registry/release.mjs version   apply the pending changesets (.changeset/*.md): bump each named
//                                       stack, write its CHANGELOG.md, then rebuild registry/index.json so it
//                                       lists the new version (integrity, plugin API range, changelog link,
//                                       engine-proof status) next to every version released before
//   node registry/release.mjs publish   pack each official stack deterministically (build-index --pack-dir),
//                                       check the index is current, and `npm publish` every version the
//                                       registry does not have yet; then check the registry's dist.integrity
//                                       of each equals the index's
//
// Options: --root DIR (another checkout: the release tests' sandbox), --registry URL (publish there instead
// of the registry your npm config names), --dry-run (publish: say what would be published, publish nothing).
// npm reads the machine's own npm config (registry, auth); nothing here names a registry.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TOOL_ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const root = path.resolve(option('--root') ?? TOOL_ROOT);
const registry = option('--registry');
const dryRun = args.includes('--dry-run');
const command = args[0];
const semver = createRequire(path.join(TOOL_ROOT, 'packages', 'core', 'package.json'))('semver');

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

function run(cmd, cmdArgs, { allowFail = false } = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0 && !allowFail) fail(`${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status ?? r.signal}):\n${r.stderr || r.stdout}`);
  return r;
}

const buildIndex = (extra) =>
  run(process.execPath, [path.join(TOOL_ROOT, 'registry', 'build-index.mjs'), '--root', root, ...extra]).stdout.trim();

function version() {
  const changeset = createRequire(path.join(TOOL_ROOT, 'package.json')).resolve('@changesets/cli/bin.js');
  const out = run(process.execPath, [changeset, 'version']);
  console.log(out.stdout.trim() || out.stderr.trim());
  console.log(buildIndex([]));
}

/** The registry's integrity of name@version, or undefined when that version is not published. */
function publishedIntegrity(name, version) {
  const r = run('npm', ['view', `${name}@${version}`, 'dist.integrity', '--json', ...(registry ? ['--registry', registry] : [])], {
    allowFail: true,
  });
  if (r.status !== 0) {
    if (/E404|404 Not Found|is not in this registry/.test(r.stderr + r.stdout)) return undefined;
    fail(`npm view ${name}@${version} failed:\n${r.stderr || r.stdout}`);
  }
  const text = r.stdout.trim();
  return text === '' ? undefined : JSON.parse(text);
}

function publishedVersions(name) {
  const r = run('npm', ['view', name, 'versions', '--json', ...(registry ? ['--registry', registry] : [])], { allowFail: true });
  if (r.status !== 0 || r.stdout.trim() === '') return [];
  const v = JSON.parse(r.stdout);
  return Array.isArray(v) ? v : [v];
}

function publish() {
  const packDir = mkdtempSync(path.join(tmpdir(), 'dockstack-release-'));
  try {
    // Refuses a stale index: run `release.mjs version` (or build-index.mjs) and commit first.
    console.log(buildIndex(['--check', '--pack-dir', packDir]));
    const index = JSON.parse(readFileSync(path.join(root, 'registry', 'index.json'), 'utf8'));
    for (const stack of index.stacks.filter((s) => s.official)) {
      const pkg = JSON.parse(readFileSync(path.join(root, 'plugins', stack.id, 'package.json'), 'utf8'));
      const current = stack.versions.find((v) => v.version === pkg.version);
      if (current === undefined) fail(`${stack.package}@${pkg.version} is not in the index`);
      const have = publishedIntegrity(stack.package, current.version);
      if (have === current.integrity) {
        console.log(`release: ${stack.package}@${current.version} is already published`);
        continue;
      }
      if (have !== undefined) fail(`${stack.package}@${current.version} is published with other bytes (${have}); bump its version with a changeset`);
      const newer = publishedVersions(stack.package).some((v) => semver.gt(v, current.version));
      const tarball = path.join(packDir, `${stack.package.replace(/^@/, '').replace('/', '-')}-${current.version}.tgz`);
      const publishArgs = ['publish', tarball, '--access', 'public', '--tag', newer ? `release-${semver.major(current.version)}.${semver.minor(current.version)}` : 'latest'];
      if (registry) publishArgs.push('--registry', registry);
      if (dryRun) {
        console.log(`release: would run npm ${publishArgs.join(' ')}`);
        continue;
      }
      run('npm', publishArgs);
      const got = publishedIntegrity(stack.package, current.version);
      if (got !== current.integrity) fail(`${stack.package}@${current.version}: the registry records ${got}, the index ${current.integrity}`);
      console.log(`release: published ${stack.package}@${current.version} (${current.integrity})`);
    }
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}

if (command === 'version') version();
else if (command === 'publish') publish();
else fail('usage: node registry/release.mjs version|publish [--root DIR] [--registry URL] [--dry-run]');
