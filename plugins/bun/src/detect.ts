import {
  defineDetector,
  dependencyNames,
  findings,
  firstText,
  proposeChoice,
  names,
  propose as set,
  proposePackageLabels,
  readPackageJson,
  result,
  scripts,
  workspaceClosure,
  workspaceOf,
  type Findings,
  type PackageJson,
  type ProjectView,
} from '@dockstack/plugin-api';
import { chooseBunVersion } from './bun-version.js';
import { bunBuildEntry, chooseStart, compileScript } from './entry.js';
import { programFacts } from './program.js';

async function lockfile(p: ProjectView, d: Findings): Promise<boolean> {
  const text = await p.exists('bun.lock');
  const binary = await p.exists('bun.lockb');
  if (text) {
    set(
      d,
      'lockfile',
      'bun.lock',
      binary ? 'bun.lock and bun.lockb both exist; Bun reads the text lockfile first' : 'bun.lock is committed',
    );
    d.reasons.push({ file: 'bun.lock', says: 'Bun text lockfile' });
    if (binary) d.notes.push('both bun.lock and bun.lockb are committed: Bun uses bun.lock; delete bun.lockb');
  } else if (binary) {
    set(d, 'lockfile', 'bun.lockb', 'bun.lockb (binary lockfile) is committed');
    d.reasons.push({ file: 'bun.lockb', says: 'Bun binary lockfile' });
    d.notes.push(
      'bun.lockb is the binary lockfile of Bun before 1.2; `bun install --save-text-lockfile` migrates it to bun.lock, which diffs and merges',
    );
  } else {
    set(d, 'lockfile', 'none', 'no bun.lock or bun.lockb: installs resolve at build time');
    d.notes.push('no bun.lock: the image installs whatever versions resolve today; run `bun install` and commit bun.lock');
  }
  return text || binary;
}

async function dependencies(p: ProjectView, pkg: PackageJson, d: Findings): Promise<string[]> {
  const prod = names(pkg.dependencies);
  const dev = names(pkg.devDependencies);
  set(
    d,
    'prodDependencies',
    prod.length > 0,
    prod.length > 0
      ? `${prod.length} ${prod.length === 1 ? 'dependency' : 'dependencies'} in package.json`
      : 'no dependencies in package.json: no deps stage',
  );
  set(
    d,
    'devDependencies',
    dev.length > 0,
    dev.length > 0 ? `${dev.length} devDependencies in package.json` : 'no devDependencies in package.json',
  );
  if (await p.exists('bunfig.toml')) {
    set(d, 'bunfig', true, 'bunfig.toml exists: bind-mounted during installs');
    d.reasons.push({ file: 'bunfig.toml', says: 'Bun configuration' });
  }
  if (await p.exists('.npmrc'))
    d.notes.push(
      '.npmrc found: if it holds registry credentials, --set npmrc=true mounts it as a build secret (docker build --secret id=npmrc,src=.npmrc); .dockerignore keeps it out of the context',
    );
  if (pkg.workspaces !== undefined && d.options['startDir'] === undefined)
    d.notes.push(
      'package.json declares workspaces: the install steps mount only the root package.json and lockfile, so workspace packages are not installed; build from the workspace package folder or extend the mounts',
    );
  return [...prod, ...dev];
}

async function startAndBuild(p: ProjectView, pkg: PackageJson, deps: string[], d: Findings): Promise<void> {
  const compile = compileScript(pkg);
  const start = await chooseStart(p, pkg);
  const entry = compile?.entry ?? start.entry;
  if (entry !== undefined)
    set(d, 'entrypoint', entry, compile?.entry !== undefined ? `the ${compile.script} script compiles ${entry}` : start.why);
  if (start.note !== undefined) d.notes.push(start.note);
  if (compile !== undefined) {
    set(d, 'compile', true, `the ${compile.script} script runs \`bun build --compile\`: the image ships one executable`);
    d.reasons.push({ file: 'package.json', says: `scripts.${compile.script}: bun build --compile` });
  } else if (start.command !== undefined) {
    set(d, 'startCommand', start.command, start.why);
  }
  const build = scripts(pkg)['build'];
  if (build !== undefined && compile?.script !== 'build') {
    set(d, 'buildScript', 'build', `package.json has a build script (\`${build.slice(0, 60)}\`)`);
  }
  if (compile === undefined && (await staticSite(p, pkg, deps, d))) return;
  // A start file the build writes (dist/worker.js) cannot be read yet: read the source it bundles.
  const bundled = build !== undefined && entry !== undefined && !(await p.exists(entry)) ? bunBuildEntry(build) : undefined;
  const facts = await programFacts(p, bundled ?? entry, deps);
  set(d, 'server', facts.server, facts.why);
  if (facts.port !== undefined) set(d, 'port', facts.port, `${entry ?? 'the entry file'} listens on ${facts.port} when PORT is unset`);
  if (facts.server && compile === undefined)
    d.notes.push(
      'Bun installs no SIGTERM handler: tini runs as PID 1 so `docker stop` is immediate (set tini=false only if the app handles SIGTERM itself)',
    );
}

/**
 * A Vite app whose package manager is Bun (create-vite, then `bun install`): its build script runs `vite build`
 * and no start script serves anything, so the image is the built files behind nginx, not `bun <entry>`.
 */
async function staticSite(p: ProjectView, pkg: PackageJson, deps: string[], d: Findings): Promise<boolean> {
  const build = scripts(pkg)['build'];
  if (!deps.includes('vite') || build === undefined || !/\bvite build\b/.test(build) || scripts(pkg)['start'] !== undefined) return false;
  // the files Vite reads, in its order; outDir './dist/app' is the folder dist/app
  const config =
    (await firstText(p, ['vite.config.js', 'vite.config.mjs', 'vite.config.ts', 'vite.config.cjs', 'vite.config.mts', 'vite.config.cts']))
      ?.text ?? '';
  const outDir = /outDir\s*:\s*['"](?:\.\/)?([A-Za-z0-9_.-][A-Za-z0-9_./-]*)['"]/.exec(config)?.[1]?.replace(/\/+$/, '');
  set(d, 'static', true, `dependency "vite", a build script running \`vite build\` and no start script: a static site served by nginx`);
  set(d, 'outputDir', outDir ?? 'dist', outDir ? `vite.config sets build.outDir "${outDir}"` : "Vite's default build.outDir");
  set(d, 'server', true, 'nginx serves the built files');
  d.reasons.push({ file: 'package.json', says: `scripts.build: ${build.slice(0, 60)}` });
  return true;
}

/**
 * A member built from the workspace root: the image runs it in its folder, the installs take the whole
 * workspace's manifests, and the member and the members it depends on are built and shipped.
 */
async function memberFromRoot(
  pkg: PackageJson,
  ws: { root: ProjectView; member: string },
  rootPkg: PackageJson,
  d: Findings,
): Promise<void> {
  const workspace = await workspaceOf(ws.root, rootPkg);
  if (workspace === undefined || !workspace.members.includes(ws.member)) return;
  set(d, 'startDir', ws.member, `built from the workspace root (the build context): the image runs ${ws.member}`);
  set(
    d,
    'workspaceMembers',
    workspace.members,
    `the workspace root's ${workspace.file} declares ${workspace.patterns.join(', ')}: the installs copy every member's package.json`,
  );
  const script = typeof d.options['buildScript'] === 'string' ? d.options['buildScript'] : 'build';
  const { order, scripted } = await workspaceClosure(ws.root, workspace.members, ws.member, script);
  set(
    d,
    'buildMembers',
    order,
    `${ws.member} and the workspace members it depends on, in dependency order: the production install, the build and the image take these only${scripted.length > 0 ? `; the "${script}" script runs in ${scripted.join(', ')}` : ''}`,
  );
  if (d.options['buildScript'] === undefined && scripted.length > 0)
    set(d, 'buildScript', script, `${ws.member} has no "${script}" script, but the workspace members it depends on do: they build first`);
  // Dependencies anywhere in the closure (or the root) need the install stages.
  const closure = [pkg, rootPkg];
  for (const dir of order) closure.push((await readPackageJson(ws.root, `${dir}/package.json`)) ?? {});
  if (closure.some((m) => names(m.dependencies).length > 0))
    set(d, 'prodDependencies', true, `the member, the workspace members it uses or the root declare dependencies`);
  if (closure.some((m) => names(m.devDependencies).length > 0)) set(d, 'devDependencies', true, 'the workspace declares devDependencies');
}

/** Detects Bun apps: lockfile, version, dependencies, entry file, compile script, server and port. */
export const detect = defineDetector(async (p, context) => {
  const pkg = await readPackageJson(p);
  if (pkg === undefined) return null;
  const d = findings();
  // A member built from the workspace root: the root's lockfile, bunfig, packageManager and members decide the install.
  const ws = context?.workspace;
  const rootPkg = ws === undefined ? undefined : await readPackageJson(ws.root);
  const root = ws !== undefined && rootPkg !== undefined ? { view: ws.root, pkg: rootPkg } : { view: p, pkg };
  const locked = await lockfile(root.view, d);
  const pmBun = typeof root.pkg.packageManager === 'string' && root.pkg.packageManager.startsWith('bun@');
  const typesBun = dependencyNames(pkg).some((n) => n === '@types/bun' || n === 'bun-types');
  const bunScripts = Object.values(scripts(pkg)).some((s) => /^bun\b|\bbunx?\s/.test(s));
  if (!locked && !pmBun && !typesBun && !bunScripts && !(await p.exists('bunfig.toml')) && !(await p.exists('.bun-version'))) return null;
  if (pmBun) d.reasons.push({ file: 'package.json', says: `packageManager ${String(root.pkg.packageManager)}` });
  if (typesBun) d.reasons.push({ file: 'package.json', says: 'Bun types in the dependencies' });

  const version = await chooseBunVersion(root.view, root.pkg);
  proposeChoice(d, 'bunVersion', version);
  const deps = await dependencies(root.view, pkg, d);
  await startAndBuild(p, pkg, deps, d);
  if (ws !== undefined && rootPkg !== undefined) await memberFromRoot(pkg, ws, rootPkg, d);
  proposePackageLabels(d, pkg);

  for (const [file, stack] of [
    ['deno.json', 'deno'],
    ['deno.jsonc', 'deno'],
    ['package-lock.json', 'node'],
    ['pnpm-lock.yaml', 'node'],
    ['yarn.lock', 'node'],
  ] as const) {
    if (await p.exists(file)) d.notes.push(`${file} found too: the ${stack} stack may fit this project`);
  }
  const confidence = locked ? 0.9 : pmBun || (await p.exists('bunfig.toml')) ? 0.75 : 0.55;
  return result(d, confidence);
});
