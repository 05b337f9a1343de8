import {
  defineDetector,
  evidence,
  findings,
  get,
  nodeVersion,
  packageLicense,
  packageName,
  propose,
  readPackageJson,
  repositoryUrl,
  result,
  scripts,
  stringsOf,
  type Findings,
  type PackageJson,
  type ProjectView,
} from '@dockstack/plugin-api';
import { guessFramework } from './frameworks.js';

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
  if (pm === 'yarn-berry') {
    const rc = (await p.readText('.yarnrc.yml')) ?? '';
    const yarnPath = /^yarnPath:\s*["']?([A-Za-z0-9_./-]+)["']?\s*$/m.exec(rc)?.[1];
    if (yarnPath !== undefined) {
      out['yarnPath'] = yarnPath;
      reasons.push({ file: '.yarnrc.yml', says: `yarnPath ${yarnPath}` });
    }
    if (/^nodeLinker:\s*["']?pnp/m.test(rc) || !/^nodeLinker:/m.test(rc))
      notes.push("yarn Plug'n'Play is not handled; set nodeLinker: node-modules in .yarnrc.yml");
  }
  return { bun };
}

function depsOf(pkg: PackageJson): Record<string, string> {
  return { ...(pkg.devDependencies ?? {}), ...(pkg.dependencies ?? {}) } as Record<string, string>;
}

/** The exec-form start command from package.json, when it is a plain command. */
function startFrom(pkg: PackageJson, why: Record<string, string>): string | undefined {
  for (const script of ['start:prod', 'start']) {
    const raw = scripts(pkg)[script]?.trim();
    if (raw === undefined) continue;
    const cmd = raw.replace(/^(?:[A-Z_][A-Z0-9_]*=\S*\s+)+/, '');
    if (/^node\s/.test(cmd) && START_PATTERN.test(cmd)) {
      why['startCommand'] = `package.json script "${script}" is "${raw}"`;
      return cmd;
    }
  }
  if (typeof pkg.main === 'string' && /^[A-Za-z0-9_./-]+$/.test(pkg.main)) {
    why['startCommand'] = `package.json "main" is ${pkg.main}`;
    return `node ${pkg.main}`;
  }
  return undefined;
}

async function looksLikeServer(p: ProjectView, start: string | undefined): Promise<boolean | undefined> {
  const file = start?.split(' ')[1];
  if (file === undefined) return undefined;
  const text = (await p.readText(file)) ?? (await p.readText(`${file}.js`)) ?? (await p.readText(`${file}/index.js`));
  if (text === undefined) return undefined;
  return /\.listen\s*\(|createServer\s*\(/.test(text);
}

/** Detects Node.js projects: package manager, Node version, framework, build and start. */
export const detect = defineDetector(async (p) => {
  const pkg = await readPackageJson(p);
  if (pkg === undefined) return null;
  const f = findings({ file: 'package.json', says: typeof pkg.name === 'string' && pkg.name !== '' ? `package "${pkg.name}"` : 'present' });
  const { reasons, why, notes, options } = f;

  const { bun } = await packageManager(p, pkg, f);
  const version = await nodeVersion(p, pkg, reasons);
  if (version !== undefined) propose(f, 'nodeVersion', version.version, `${version.source} says "${version.text}" (${version.how})`);
  else why['nodeVersion'] = 'no .nvmrc, .node-version, volta or engines.node: the current LTS';

  const deps = depsOf(pkg);
  if (Object.keys(pkg.dependencies ?? {}).length === 0) {
    options['prodDependencies'] = false;
    why['prodDependencies'] = 'package.json declares no "dependencies": no deps stage';
  }
  const fw = await guessFramework(p, deps);
  if (fw !== undefined) {
    options['framework'] = fw.framework;
    why['framework'] = fw.why;
    reasons.push({ file: 'package.json', says: fw.why });
    Object.assign(options, fw.options);
  }
  const build = scripts(pkg)['build'];
  if (build !== undefined) propose(f, 'buildScript', 'build', `package.json script "build" is "${build}"`);
  const handledByFramework = fw !== undefined && !['express', 'fastify', 'koa'].includes(fw.framework);
  const start = startFrom(pkg, why);
  if (start !== undefined && (!handledByFramework || fw?.framework === 'nest')) {
    options['startCommand'] = start;
  } else if (fw === undefined && start === undefined) {
    for (const file of ['server.js', 'index.js', 'app.js', 'main.js']) {
      if (await p.exists(file)) {
        options['startCommand'] = `node ${file}`;
        why['startCommand'] = `no start script or "main"; ${file} exists`;
        break;
      }
    }
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
  for (const [option, value] of [
    ['appName', packageName(pkg)],
    ['sourceUrl', repositoryUrl(pkg)],
    ['license', packageLicense(pkg)],
  ] as const) {
    if (value !== undefined) options[option] = value;
  }
  if (await p.exists('.npmrc')) {
    propose(f, 'npmrc', true, '.npmrc exists; pass it with --secret id=npmrc,src=.npmrc');
    evidence(f, '.npmrc', 'present: mounted as a build secret, never copied');
  }
  const listed = Array.isArray(pkg.workspaces) ? pkg.workspaces : get(pkg.workspaces, 'packages');
  const workspaces = listed === undefined ? undefined : stringsOf(listed);
  if (workspaces !== undefined || (await p.exists('pnpm-workspace.yaml'))) {
    notes.push(
      `monorepo workspaces found (${workspaces?.join(', ') ?? 'pnpm-workspace.yaml'}): this Dockerfile builds the root package; per-service Dockerfiles are not generated yet`,
    );
    reasons.push({ file: workspaces !== undefined ? 'package.json' : 'pnpm-workspace.yaml', says: 'workspaces' });
  }

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
