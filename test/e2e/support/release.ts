import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../../support/cli.js';
import { publisherEnv } from './packages.js';
import type { LocalRegistry } from './registry.js';

const RELEASE = path.join(REPO, 'registry', 'release.mjs');

/**
 * A copy of the parts of this repository the release flow works on, for one official stack:
 * the pnpm workspace file, the package manifests of the workspace packages the stack names,
 * the stack's folder (built output included, as CI would have it), the changesets config and
 * the stack's registry source and index entry. `registry/release.mjs --root` runs on it, so the
 * test releases real versions without touching the checkout.
 */
export class ReleaseSandbox {
  constructor(
    readonly root: string,
    readonly stack: string,
  ) {
    const plugin = path.join(REPO, 'plugins', stack);
    writeFileSync(path.join(root, 'package.json'), '{ "name": "release-sandbox", "private": true }\n');
    writeFileSync(path.join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n  - plugins/*\n');
    for (const pkg of ['cli', 'core', 'plugin-api', 'testing']) {
      mkdirSync(path.join(root, 'packages', pkg), { recursive: true });
      cpSync(path.join(REPO, 'packages', pkg, 'package.json'), path.join(root, 'packages', pkg, 'package.json'));
    }
    mkdirSync(path.join(root, '.changeset'), { recursive: true });
    cpSync(path.join(REPO, '.changeset', 'config.json'), path.join(root, '.changeset', 'config.json'));
    // node_modules holds pnpm's relative workspace links, which now point at the sandbox's packages/.
    cpSync(plugin, this.dir, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !/tsconfig(\.tsbuildinfo)?\.json$|tsconfig\.tsbuildinfo$/.test(src),
    });
    mkdirSync(path.join(root, 'registry', 'stacks'), { recursive: true });
    cpSync(path.join(REPO, 'registry', 'stacks', `${stack}.json`), path.join(root, 'registry', 'stacks', `${stack}.json`));
    const index = JSON.parse(readFileSync(path.join(REPO, 'registry', 'index.json'), 'utf8')) as { stacks: Array<{ id: string }> };
    index.stacks = index.stacks.filter((s) => s.id === stack);
    writeFileSync(path.join(root, 'registry', 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  }

  get dir(): string {
    return path.join(this.root, 'plugins', this.stack);
  }

  /** Edits a file of the stack (a template change that a release ships). */
  edit(rel: string, from: string, to: string): void {
    const file = path.join(this.dir, rel);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(from)) throw new Error(`${rel} has no "${from}"`);
    writeFileSync(file, text.replace(from, to));
  }

  /** Writes a changeset, as `changeset add` would. */
  changeset(name: string, bump: 'patch' | 'minor' | 'major', summary: string): void {
    const pkg = (JSON.parse(readFileSync(path.join(this.dir, 'package.json'), 'utf8')) as { name: string }).name;
    writeFileSync(path.join(this.root, '.changeset', `${name}.md`), `---\n'${pkg}': ${bump}\n---\n\n${summary}\n`);
  }

  /** `release.mjs version` then `release.mjs publish` against the local registry; returns both outputs. */
  release(registry: LocalRegistry, publisherRoot: string): string {
    const out: string[] = [];
    for (const step of ['version', 'publish']) {
      const r = spawnSync(process.execPath, [RELEASE, step, '--root', this.root], {
        cwd: this.root,
        env: publisherEnv(publisherRoot, registry),
        encoding: 'utf8',
        timeout: 300_000,
      });
      if (r.status !== 0) throw new Error(`release.mjs ${step} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
      out.push(r.stdout);
    }
    return out.join('');
  }

  index(): { stacks: Array<{ id: string; versions: Array<Record<string, unknown> & { version: string; integrity: string }> }> } {
    return JSON.parse(readFileSync(path.join(this.root, 'registry', 'index.json'), 'utf8'));
  }
}

/** Downloads name@version from the local registry with the real npm client (`npm pack`); returns the tarball path. */
export function fetchPublished(publisherRoot: string, registry: LocalRegistry, spec: string, dest: string): string {
  mkdirSync(dest, { recursive: true });
  const r = spawnSync('npm', ['pack', spec, '--pack-destination', dest, '--json', '--loglevel=error'], {
    cwd: publisherRoot,
    env: publisherEnv(publisherRoot, registry),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`npm pack ${spec} failed: ${r.stderr || r.stdout}`);
  return path.join(dest, (JSON.parse(r.stdout) as Array<{ filename: string }>)[0]?.filename ?? '');
}

/**
 * A dockstack CLI that bundles the given tarball as its `packageName`: this checkout's built CLI
 * (bin, dist, manifests, validators) copied to `root`, its dependencies linked to this checkout's,
 * except that one stack, unpacked from the tarball into its node_modules as an installed CLI
 * would have it. Returns the bin to run.
 */
export function cliBundling(root: string, packageName: string, tarball: string): string {
  const cli = path.join(REPO, 'packages', 'cli');
  for (const name of ['bin', 'dist', 'validators', 'templates', 'package.json', 'oclif.manifest.json'])
    cpSync(path.join(cli, name), path.join(root, name), { recursive: true });
  const modules = path.join(cli, 'node_modules');
  const target = path.join(root, 'node_modules');
  const link = (name: string, to: string): void => {
    mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    symlinkSync(to, path.join(target, name), 'junction');
  };
  for (const name of readdirSync(modules)) {
    if (name === '.bin') continue;
    const names = name.startsWith('@') ? readdirSync(path.join(modules, name)).map((n) => `${name}/${n}`) : [name];
    for (const n of names) if (n !== packageName) link(n, realpathSync(path.join(modules, n)));
  }
  const bundled = path.join(target, packageName);
  mkdirSync(bundled, { recursive: true });
  const untar = spawnSync('tar', ['xzf', tarball, '--strip-components=1', '-C', bundled], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar xzf ${tarball}: ${untar.stderr}`);
  // The bundled stack's detector imports the plugin API as a peer, resolved from the CLI's node_modules.
  link('@dockstack/plugin-api', path.join(REPO, 'packages', 'plugin-api'));
  return path.join(root, 'bin', 'run.js');
}
