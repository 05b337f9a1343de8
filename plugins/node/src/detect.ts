import {
  defineDetector,
  evidence,
  findings,
  firstExisting,
  get,
  nodeVersion,
  packageLicense,
  packageName,
  propose,
  readPackageJson,
  repositoryUrl,
  result,
  scripts,
  setLabels,
  type Findings,
  type PackageJson,
  type ProjectView,
  anyProdDependencies,
  workspaceClosure,
  workspaceOf,
} from '@dockstack/plugin-api';
import { guessFramework } from './frameworks.js';
import { nxProject, proposeNx } from './nx.js';
import { delegatedMember } from './workspace.js';

const START_PATTERN = /^[A-Za-z0-9_./:@=+-]+( [A-Za-z0-9_./:@=+-]+)*$/;

/** Package manager, lockfile and yarn settings; `bun` when the project is Bun's (the bun stack fits it better). */
async function packageManager(p: ProjectView, pkg: PackageJson, f: Findings): Promise<{ bun: boolean }> {
  const { reasons, why, notes } = f;
  const declared = typeof pkg.packageManager === 'string' ? pkg.packageManager : '';
  const field = /^(npm|pnpm|yarn|bun)@(\d+(?:\.\d+){0,2}(?:[-+][0-9A-Za-z.-]+)?)/.exec(declared);
  const has = async (f: string): Promise<boolean> => p.exists(f);
  const out = f.options;
  let pm: string | undefined;
  let lockfile: string | undefined;
  if (field) {
    const [, name, version] = field;
    pm = name === 'yarn' ? (Number(version?.split('.')[0]) >= 2 ? 'yarn-berry' : 'yarn') : name;
    if (pm === 'pnpm' || pm === 'yarn-berry') out['packageManagerVersion'] = version;
    reasons.push({ file: 'package.json', says: `"packageManager": "${declared}"` });
    why['packageManager'] = `package.json "packageManager" is ${declared}`;
  }
  const locks: Array<[string, string]> = [
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['package-lock.json', 'npm'],
    ['npm-shrinkwrap.json', 'npm'],
    ['bun.lock', 'bun'],
    ['bun.lockb', 'bun'],
  ];
  for (const [file, owner] of locks) {
    if (!(await has(file))) continue;
    let kind = owner;
    if (file === 'yarn.lock') {
      const text = (await p.readText('yarn.lock')) ?? '';
      kind = text.includes('__metadata:') ? 'yarn-berry' : 'yarn';
      reasons.push({ file, says: kind === 'yarn-berry' ? 'yarn berry lockfile (__metadata)' : 'yarn 1 lockfile' });
    } else reasons.push({ file, says: `${owner} lockfile` });
    if (lockfile === undefined && (pm === undefined || pm === kind || (pm === 'yarn-berry' && kind === 'yarn'))) {
      lockfile = file;
      if (pm === undefined) {
        pm = kind;
        why['packageManager'] = `${file} is a ${kind} lockfile`;
      }
    }
  }
  const bun = pm === 'bun';
  if (bun) {
    notes.push('bun lockfile found: the bun stack fits this project better; the node stack falls back to npm without a lockfile');
    pm = 'npm';
    lockfile = undefined;
  }
  out['packageManager'] = pm ?? 'npm';
  if (pm === undefined) why['packageManager'] = 'no lockfile or packageManager field; npm is the default';
  out['lockfile'] = lockfile !== undefined && !(lockfile === 'npm-shrinkwrap.json');
  why['lockfile'] = lockfile !== undefined ? `${lockfile} is committed` : 'no lockfile: installs are not reproducible (commit one)';
  if (lockfile === undefined)
    notes.push('no lockfile: run your package manager once and commit its lockfile so image builds are reproducible');
  if (pm === 'pnpm' && out['packageManagerVersion'] === undefined) {
    const pinned = pnpmVersionFor(pkg, lockfile === 'pnpm-lock.yaml' ? ((await p.readText('pnpm-lock.yaml')) ?? '') : '');
    if (pinned !== undefined) {
      out['packageManagerVersion'] = pinned.version;
      why['packageManagerVersion'] = pinned.why;
    }
  }
  if (pm === 'yarn-berry') {
    const rcText = await p.readText('.yarnrc.yml');
    const rc = rcText ?? '';
    // `corepack use yarn@4` writes no .yarnrc.yml: only an existing one is bind-mounted into the installs.
    out['yarnrc'] = rcText !== undefined;
    const yarnPath = /^yarnPath:\s*["']?([A-Za-z0-9_./-]+)["']?\s*$/m.exec(rc)?.[1];
    if (yarnPath !== undefined) {
      out['yarnPath'] = yarnPath;
      reasons.push({ file: '.yarnrc.yml', says: `yarnPath ${yarnPath}` });
    }
    if (/^nodeLinker:\s*["']?pnp/m.test(rc) || !/^nodeLinker:/m.test(rc)) {
      out['yarnPnp'] = true;
      why['yarnPnp'] =
        rcText === undefined
          ? "no .yarnrc.yml: yarn berry's default linker is Plug'n'Play"
          : '.yarnrc.yml sets no nodeLinker or nodeLinker: pnp';
      notes.push(
        "yarn Plug'n'Play: the image installs with nodeLinker node-modules (YARN_NODE_LINKER), as its stages copy node_modules; the lockfile is the same for both linkers",
      );
    }
  }
  return { bun };
}

/**
 * pnpm's version when no `packageManager` names one, as pnpm itself would be chosen: `engines.pnpm` when it
 * names one major (`8`, `^8.15.0`, `~9.1`, `8.15.9`), else the lockfile's format: 5.3 is pnpm 6's, 5.4 pnpm 7's,
 * 6.x pnpm 8's, 7.0 pnpm 9's prerelease (pnpm 10 refuses them all: ERR_PNPM_LOCKFILE_BREAKING_CHANGE);
 * 9.0 is read by the current pnpm, so it names none.
 */
export function pnpmVersionFor(pkg: PackageJson, lockText: string): { version: string; why: string } | undefined {
  const engine = get(pkg, 'engines', 'pnpm');
  const pinned = typeof engine === 'string' ? /^\s*[\^~]?(\d+)(\.\d+){0,2}\s*$/.exec(engine) : null;
  if (pinned?.[1] !== undefined) return { version: pinned[1], why: `package.json engines.pnpm is "${String(engine)}"` };
  const format = /^lockfileVersion:\s*['"]?(\d+\.\d+)/m.exec(lockText)?.[1];
  const major =
    format === undefined ? undefined : ({ '5.3': '6', '5.4': '7', '7.0': '9' }[format] ?? (format.startsWith('6.') ? '8' : undefined));
  if (format === undefined || major === undefined) return undefined;
  return { version: major, why: `pnpm-lock.yaml is lockfile format ${format}, which pnpm ${major} writes (pnpm 10 refuses it)` };
}

function depsOf(pkg: PackageJson): Record<string, string> {
  return { ...(pkg.devDependencies ?? {}), ...(pkg.dependencies ?? {}) } as Record<string, string>;
}

/**
 * A production dependency's command named in a start script (`fastify start app.js`): the package's own
 * name or its `-cli` package (fastify-cli's bin is `fastify`), run from node_modules/.bin.
 */
function dependencyBin(pkg: PackageJson, word: string): string | undefined {
  const prod = (pkg.dependencies ?? {}) as Record<string, string>;
  return [`${word}-cli`, word].find((d) => d in prod);
}

/**
 * The exec-form start command from package.json, when it is a plain command: `node ...`, or a
 * production dependency's bin. A start script that first runs a build script (`npm run build:ts && ...`)
 * gives that script as the build (run at image build time) and the rest as the start command.
 */
function startFrom(pkg: PackageJson, why: Record<string, string>): { start: string; build?: string } | undefined {
  for (const script of ['start:prod', 'start']) {
    const raw = scripts(pkg)[script]?.trim();
    if (raw === undefined) continue;
    let cmd = raw.replace(/^(?:[A-Z_][A-Z0-9_]*=\S*\s+)+/, '');
    const prebuild = /^(?:npm|pnpm|yarn|bun) run ([A-Za-z0-9:._-]{1,64}) && (.+)$/.exec(cmd);
    const build = prebuild?.[1] !== undefined && scripts(pkg)[prebuild[1]] !== undefined ? prebuild[1] : undefined;
    if (build !== undefined && prebuild?.[2] !== undefined) cmd = prebuild[2];
    const word = cmd.split(' ')[0] ?? '';
    const bin = /^node\s/.test(cmd) ? undefined : dependencyBin(pkg, word);
    if (bin !== undefined) cmd = `node_modules/.bin/${cmd}`;
    if ((/^node\s/.test(cmd) || bin !== undefined) && START_PATTERN.test(cmd)) {
      why['startCommand'] =
        `package.json script "${script}" is "${raw}"` +
        (bin !== undefined ? ` (${word} is the command of the dependency ${bin})` : '') +
        (build !== undefined ? `; its build step "${build}" runs at image build time` : '');
      return build === undefined ? { start: cmd } : { start: cmd, build };
    }
  }
  if (typeof pkg.main === 'string' && /^[A-Za-z0-9_./-]+$/.test(pkg.main)) {
    why['startCommand'] = `package.json "main" is ${pkg.main}`;
    return { start: `node ${pkg.main}` };
  }
  return undefined;
}

/** The Prisma schema (file or folder) of a project that depends on prisma or @prisma/client: package.json "prisma.schema", else Prisma's default places. */
async function prismaSchema(p: ProjectView, pkg: PackageJson, deps: Record<string, string>): Promise<string | undefined> {
  if (!('@prisma/client' in deps) && !('prisma' in deps)) return undefined;
  const configured = (pkg as { prisma?: { schema?: unknown } }).prisma?.schema;
  const candidates = [
    ...(typeof configured === 'string' ? [configured.replace(/^\.\//, '').replace(/\/$/, '')] : []),
    'prisma/schema.prisma',
    'prisma/schema',
    'schema.prisma',
  ];
  for (const c of candidates) if (/^[A-Za-z0-9_@-][A-Za-z0-9_.@-]*(\/[A-Za-z0-9_.@-]+)*$/.test(c) && (await p.exists(c))) return c;
  return undefined;
}

async function looksLikeServer(p: ProjectView, start: string | undefined): Promise<boolean | undefined> {
  const file = start?.split(' ')[1];
  if (file === undefined) return undefined;
  const text = (await p.readText(file)) ?? (await p.readText(`${file}.js`)) ?? (await p.readText(`${file}/index.js`));
  if (text === undefined) return undefined;
  return /\.listen\s*\(|createServer\s*\(/.test(text);
}

/** A member built from the workspace root: where it runs, what its build runs, and what the root's setup implies. */
async function memberFromRoot(
  f: Findings,
  pkg: PackageJson,
  ws: { root: ProjectView; member: string },
  rootPkg: PackageJson,
  members: readonly string[],
): Promise<void> {
  const { options, notes } = f;
  propose(f, 'startDir', ws.member, `built from the workspace root (the build context): the image runs ${ws.member}`);
  const name = typeof pkg.name === 'string' && pkg.name !== '' ? pkg.name : undefined;
  if (name !== undefined && options['packageManager'] !== 'yarn')
    propose(
      f,
      'workspaceFocus',
      name,
      `the image runs ${name} (${ws.member}): production dependencies of it, the members it uses and the root only`,
    );
  else if (options['packageManager'] === 'yarn')
    notes.push(
      `${ws.member}: yarn 1 has no focused install, so the image holds the production dependencies of every workspace member (yarn berry's \`yarn workspaces focus\`, npm and pnpm install only the member's)`,
    );
  // Without a build script of its own, the members it depends on may still need building (a TypeScript library).
  const own = typeof options['buildScript'] === 'string' ? options['buildScript'] : undefined;
  const script = own ?? 'build';
  const { order, scripted } = await workspaceClosure(ws.root, members, ws.member, script);
  propose(
    f,
    'buildMembers',
    order,
    `${ws.member} and the workspace members it depends on, in dependency order: the image holds these folders only${scripted.length > 0 ? `; the "${script}" script runs in ${scripted.join(', ')}` : ''}`,
  );
  if (own === undefined && scripted.length > 0)
    propose(
      f,
      'buildScript',
      script,
      `${ws.member} has no "${script}" script, but the workspace members it depends on do: they build first`,
    );
  if (name !== undefined && scripted.length > 0) {
    if ('turbo' in depsOf(rootPkg) && (await ws.root.exists('turbo.json'))) {
      propose(f, 'turbo', true, 'the workspace root has turbo.json and depends on turbo: Turborepo runs the build');
      evidence(f, 'turbo.json', 'Turborepo pipeline');
    }
  }
  if (options['standalone'] === true) {
    options['standalone'] = false;
    notes.push(
      `${ws.member}: Next.js standalone output of a workspace member is laid out from the workspace root, so the image runs \`next start\` with production node_modules instead`,
    );
  }
}

/** Detects Node.js projects: package manager, Node version, framework, build and start. */
export const detect = defineDetector(async (p, context) => {
  let manifest = 'package.json';
  let pkg = await readPackageJson(p);
  // A member built from the workspace root: the root's lockfile, package manager and members decide the install.
  const ws = context?.workspace;
  const rootPkg = ws === undefined ? undefined : await readPackageJson(ws.root);
  // An Nx project without a package.json of its own: the root's package.json holds its dependencies.
  const nx =
    pkg === undefined && ws !== undefined && rootPkg !== undefined && !(await p.exists('package.json'))
      ? await nxProject(p, ws)
      : undefined;
  if (nx !== undefined) pkg = rootPkg;
  if (pkg === undefined && !(await p.exists('package.json'))) {
    const json5 = await p.readJson5<unknown>('package.json5');
    if (typeof json5 !== 'object' || json5 === null || Array.isArray(json5)) return null;
    manifest = 'package.json5';
    pkg = json5 as PackageJson;
  }
  if (pkg === undefined) return null;
  const f = findings({ file: manifest, says: typeof pkg.name === 'string' && pkg.name !== '' ? `package "${pkg.name}"` : 'present' });
  const { reasons, why, notes, options } = f;
  const installer = ws !== undefined && rootPkg !== undefined ? { view: ws.root, pkg: rootPkg } : { view: p, pkg };

  const { bun } = await packageManager(installer.view, installer.pkg, f);
  if (manifest === 'package.json5') {
    propose(f, 'manifest', 'package.json5', 'package.json5 is the manifest (no package.json): pnpm reads it');
    if (options['packageManager'] !== 'pnpm') {
      propose(f, 'packageManager', 'pnpm', 'package.json5 is read only by pnpm');
      options['lockfile'] = await p.exists('pnpm-lock.yaml');
    }
    notes.push(
      'package.json5: Node.js itself reads only package.json, so "type", "imports" and "exports" in package.json5 have no effect at run time',
    );
  }
  const version =
    (await nodeVersion(p, pkg, reasons)) ?? (installer.view === p ? undefined : await nodeVersion(installer.view, installer.pkg, reasons));
  if (version !== undefined) propose(f, 'nodeVersion', version.version, `${version.source} says "${version.text}" (${version.how})`);
  else why['nodeVersion'] = 'no .nvmrc, .node-version, volta or engines.node: the current LTS';

  const deps = depsOf(pkg);
  const workspace = await workspaceOf(installer.view, installer.pkg);
  const appRoot = ws === undefined && workspace !== undefined && scripts(pkg)['start'] !== undefined;
  if (
    workspace !== undefined
      ? !(await anyProdDependencies(installer.view, installer.pkg, workspace.members))
      : Object.keys(pkg.dependencies ?? {}).length === 0
  ) {
    options['prodDependencies'] = false;
    why['prodDependencies'] = 'package.json declares no "dependencies": no deps stage';
  }
  const fw = await guessFramework(p, deps);
  if (fw !== undefined) {
    options['framework'] = fw.framework;
    why['framework'] = fw.why;
    reasons.push({ file: 'package.json', says: fw.why });
    Object.assign(options, fw.options);
    if (fw.note !== undefined) notes.push(fw.note);
  }
  const build = scripts(pkg)['build'];
  if (build !== undefined) propose(f, 'buildScript', 'build', `package.json script "build" is "${build}"`);
  const schema = await prismaSchema(p, pkg, deps);
  if (schema !== undefined) {
    propose(
      f,
      'prismaSchema',
      schema,
      `${schema} is the Prisma schema of the ${'@prisma/client' in deps ? '@prisma/client' : 'prisma'} dependency: prisma generate runs in the build`,
    );
    evidence(f, schema, 'Prisma schema');
  }
  const handledByFramework = fw !== undefined && !['express', 'fastify', 'koa'].includes(fw.framework);
  // An Nx workspace root whose dependencies serve its projects runs nothing itself: `init` builds each
  // application project from here (its Dockerfile in the project's folder).
  if (
    ws === undefined &&
    !handledByFramework &&
    (await p.exists('nx.json')) &&
    scripts(pkg)['start'] === undefined &&
    typeof pkg.main !== 'string' &&
    (await firstExisting(p, ['server.js', 'index.js', 'app.js', 'main.js'])) === undefined
  )
    return null;
  let found = startFrom(pkg, why);
  if (found === undefined && appRoot) {
    const member = await delegatedMember(p, pkg, workspace.members);
    const theirs = member === undefined ? undefined : startFrom(member.pkg, {});
    if (member !== undefined && theirs !== undefined && theirs.build === undefined) {
      found = theirs;
      propose(
        f,
        'startDir',
        member.dir,
        `the root start script "${member.script}" runs the start of the member in ${member.dir}: the image runs it there`,
      );
      why['startCommand'] = `the root start script "${member.script}" runs ${member.dir}'s start "${scripts(member.pkg)['start'] ?? ''}"`;
      if (typeof member.pkg.name === 'string' && member.pkg.name !== '')
        propose(
          f,
          'workspaceFocus',
          member.pkg.name,
          `the image runs ${member.pkg.name} (${member.dir}): npm, pnpm and yarn berry install production dependencies for it, the members it uses and the root only (yarn 1 installs the whole workspace)`,
        );
    }
  }
  const start = found?.start;
  if (found !== undefined && (!handledByFramework || fw?.framework === 'nest')) {
    options['startCommand'] = found.start;
    if (found.build !== undefined && build === undefined) {
      options['buildScript'] = found.build;
      why['buildScript'] = `the start script runs "${found.build}" first: it runs at image build time`;
    }
  } else if (fw === undefined && start === undefined) {
    const file = await firstExisting(p, ['server.js', 'index.js', 'app.js', 'main.js']);
    if (file !== undefined) propose(f, 'startCommand', `node ${file}`, `no start script or "main"; ${file} exists`);
    if (options['startCommand'] === undefined && scripts(pkg)['start'] !== undefined) {
      notes.push(`the start script "${scripts(pkg)['start']}" is not a plain node command; set --set startCommand="node <file>"`);
    }
  }
  if (fw === undefined) {
    const server = await looksLikeServer(p, options['startCommand'] as string | undefined);
    if (server === false) {
      options['server'] = false;
      options['healthcheck'] = false;
      why['server'] =
        `${String(options['startCommand']).split(' ')[1]} never calls listen() or createServer(): a run-to-completion program`;
    }
  }
  setLabels(f, { name: packageName(pkg), sourceUrl: repositoryUrl(pkg), license: packageLicense(pkg) });
  if (await installer.view.exists('.npmrc')) {
    propose(f, 'npmrc', true, '.npmrc exists; pass it with --secret id=npmrc,src=.npmrc');
    evidence(f, '.npmrc', 'present: mounted as a build secret, never copied');
  }
  if (workspace !== undefined) {
    reasons.push({ file: workspace.file, says: `workspaces ${workspace.patterns.join(', ')}` });
    propose(
      f,
      'workspaceMembers',
      workspace.members,
      `a workspace root: the install takes every member's package.json (${workspace.members.join(', ')})`,
    );
    if (ws !== undefined && rootPkg !== undefined && nx === undefined) await memberFromRoot(f, pkg, ws, rootPkg, workspace.members);
    // A root with nothing to run is no app: the node stack leaves it to the member services
    // (`dockstack init` generates one Dockerfile each) rather than render a `node index.js` that is not there.
    else if (!appRoot && options['startCommand'] === undefined && fw === undefined) return null;
    else if (!appRoot)
      notes.push(
        `workspace root without a start script (members ${workspace.patterns.join(', ')}): \`dockstack init\` here generates one Dockerfile per member service`,
      );
  }

  if (nx !== undefined && ws !== undefined) await proposeNx(p, f, nx, ws.member);

  const hasLock = options['lockfile'] === true;
  // A package.json beside another language's manifest usually only builds front-end assets.
  let host: string | undefined;
  for (const [file, stack] of [
    ['Gemfile', 'ruby'],
    ['composer.json', 'php'],
    ['manage.py', 'python'],
    ['pyproject.toml', 'python'],
    ['go.mod', 'go'],
    ['Cargo.toml', 'rust'],
    ['pom.xml', 'java'],
    ['build.gradle', 'java'],
    ['build.gradle.kts', 'java'],
  ] as const) {
    if (await p.exists(file)) {
      host = stack;
      notes.push(`${file} is present: package.json probably builds assets for a ${stack} app, so the ${stack} stack is preferred`);
      reasons.push({ file, says: `a ${stack} project` });
      break;
    }
  }
  const base = bun
    ? 0.4
    : Math.min(0.95, 0.6 + (hasLock ? 0.25 : 0) + (fw !== undefined || options['startCommand'] !== undefined ? 0.1 : 0));
  const confidence = host !== undefined ? Math.min(base, 0.5) : base;
  return result(f, confidence);
});
