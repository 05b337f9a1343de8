import {
  APP_NAME,
  defineDetector,
  findings,
  firstExisting,
  proposeChoice,
  LICENSE_EXPRESSION,
  propose as set,
  proposeLicenseFile,
  proposePackageLabels,
  readPackageJson,
  result,
  stringOf,
  tableOf,
  type Findings,
  type PackageJson,
  type ProjectView,
} from '@dockstack/plugin-api';
import { remoteImports, taskCommand, tasks, type DenoConfig } from './config.js';
import { chooseDenoVersion } from './deno-version.js';
import { programFacts } from './program.js';
import { cleanEntry, parseDenoCommand, type DenoCommand } from './task.js';

const CANDIDATES = ['main.ts', 'src/main.ts', 'server.ts', 'src/server.ts', 'mod.ts', 'index.ts', 'src/index.ts', 'app.ts', 'main.js'];

async function readConfig(p: ProjectView, d: Findings): Promise<{ file: 'deno.json' | 'deno.jsonc' | 'none'; config?: DenoConfig }> {
  for (const file of ['deno.json', 'deno.jsonc'] as const) {
    if (!(await p.exists(file))) continue;
    const config = tableOf(await p.readJsonc(file)) as DenoConfig | undefined;
    set(d, 'configFile', file, `${file} is the project's configuration`);
    d.reasons.push({
      file,
      says:
        config === undefined
          ? 'present but not valid JSON(C)'
          : `Deno configuration${config.tasks ? ` with tasks ${Object.keys(config.tasks).join(', ')}` : ''}`,
    });
    if (config === undefined) d.notes.push(`${file} could not be parsed: tasks and imports were not read`);
    return { file, ...(config === undefined ? {} : { config }) };
  }
  set(d, 'configFile', 'none', 'no deno.json or deno.jsonc');
  return { file: 'none' };
}

async function dependencies(p: ProjectView, config: DenoConfig | undefined, pkg: PackageJson | undefined, d: Findings): Promise<void> {
  const lock = await p.exists('deno.lock');
  set(d, 'lockfile', lock, lock ? 'deno.lock is committed: installs and runs are --frozen' : 'no deno.lock: the app runs with --no-lock');
  if (lock) d.reasons.push({ file: 'deno.lock', says: 'Deno lockfile' });
  const remote = remoteImports(config);
  const npmDeps = Object.keys(pkg?.dependencies ?? {});
  if (pkg !== undefined)
    set(
      d,
      'packageJson',
      true,
      `package.json exists${npmDeps.length > 0 ? ` with ${npmDeps.length} dependencies` : ''}: mounted for deno install`,
    );
  const install = remote.length > 0 || npmDeps.length > 0 || lock;
  set(
    d,
    'installDeps',
    install,
    install
      ? `${remote.length} npm:/jsr:/URL imports in the config${npmDeps.length > 0 ? `, ${npmDeps.length} package.json dependencies` : ''}${lock ? ', a deno.lock' : ''}: vendored in a deps stage`
      : 'no npm:, jsr: or URL imports in a config and no lockfile: nothing to install',
  );
  if (remote.length > 0 && !lock)
    d.notes.push(
      'imports without a deno.lock: the image installs whatever versions resolve today; run `deno install` and commit deno.lock',
    );
  if (remote.some((r) => r.startsWith('http')))
    d.notes.push('URL imports: `deno install --vendor` downloads them at build time into vendor/; the build needs to reach those hosts');
  if (config?.workspace !== undefined)
    d.notes.push(
      'deno.json declares a workspace: the deps stage mounts only the root config and lockfile; members with their own imports need their deno.json mounted too',
    );
}

async function entryAndCommand(
  p: ProjectView,
  config: DenoConfig | undefined,
  d: Findings,
): Promise<{ entry: string; command?: DenoCommand }> {
  const compileTask = tasks(config).find(([, line]) => parseDenoCommand(line)?.subcommand === 'compile');
  const startLine = taskCommand(config, 'start') ?? taskCommand(config, 'serve');
  const start = startLine === undefined ? undefined : parseDenoCommand(startLine);
  const compile = compileTask === undefined ? undefined : parseDenoCommand(compileTask[1]);
  const chosen = compile ?? start;
  if (compileTask !== undefined && compile !== undefined) {
    set(d, 'compile', true, `the ${compileTask[0]} task runs \`deno compile\`: the image ships one executable`);
    d.reasons.push({ file: 'deno.json', says: `tasks.${compileTask[0]}: deno compile` });
  }
  if (start?.subcommand === 'serve') set(d, 'command', 'serve', 'the start task runs `deno serve`');
  let entry = chosen?.entry ?? start?.entry;
  let why = entry === undefined ? undefined : `the ${compileTask?.[0] ?? 'start'} task runs ${entry}`;
  if (entry === undefined) {
    entry = await firstExisting(p, CANDIDATES);
    why = `${entry} exists`;
  }
  if (entry === undefined || why === undefined) {
    d.notes.push('no entry module found (start task, main.ts, src/main.ts, server.ts, mod.ts): set --set entrypoint=<file>');
    return chosen === undefined ? { entry: 'main.ts' } : { entry: 'main.ts', command: chosen };
  }
  set(d, 'entrypoint', entry, why);
  if (chosen !== undefined) {
    const flags = chosen.permissions.join(' ');
    set(
      d,
      'permissions',
      flags,
      flags === ''
        ? `the ${compile !== undefined ? 'compile' : 'start'} task grants no permissions`
        : `the ${compile !== undefined ? 'compile' : 'start'} task's flags`,
    );
    if (flags === '')
      d.notes.push(
        'the task passes no permission flags: in a container Deno cannot prompt, so any access fails; add --allow-* flags or set permissions',
      );
    if (chosen.port !== undefined) set(d, 'port', chosen.port, `the task passes --port ${chosen.port}`);
  } else if (config?.permissions !== undefined) {
    set(d, 'permissions', '-P', 'deno.json declares `permissions`: the default permission set (-P)');
  }
  return chosen === undefined ? { entry } : { entry, command: chosen };
}

const DENO_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](jsr:|npm:)[^"']+["']/;

/** Without a config or lockfile: an entry module that imports `jsr:`/`npm:` specifiers, which only Deno resolves. */
async function denoEntry(p: ProjectView): Promise<{ file: string; says: string } | undefined> {
  for (const file of CANDIDATES) {
    const m = DENO_SPECIFIER.exec((await p.readText(file)) ?? '');
    if (m !== null) return { file, says: `imports ${m[1] ?? ''} specifiers (Deno resolves them; Node.js does not)` };
  }
  return undefined;
}

/** Labels from deno.json, then package.json, then a LICENSE file. */
async function metadata(p: ProjectView, config: DenoConfig | undefined, pkg: PackageJson | undefined, d: Findings): Promise<void> {
  proposePackageLabels(d, pkg);
  const name = stringOf(config?.name);
  if (name !== undefined && APP_NAME.test(name)) set(d, 'appName', name, 'deno.json `name`');
  const license = stringOf(config?.license);
  if (license !== undefined && LICENSE_EXPRESSION.test(license)) set(d, 'license', license, 'deno.json `license`');
  if (d.options['license'] === undefined) await proposeLicenseFile(p, d);
}

/** Detects Deno projects: config, lockfile, version, entry module, permissions, serve or compile, server and port. */
export const detect = defineDetector(async (p) => {
  const d = findings();
  const { file, config } = await readConfig(p, d);
  const lock = await p.exists('deno.lock');
  const dvm = (await p.exists('.dvmrc')) || /^deno\s/m.test((await p.readText('.tool-versions')) ?? '');
  const specifiers = file === 'none' && !lock && !dvm ? await denoEntry(p) : undefined;
  if (file === 'none' && !lock && !dvm && specifiers === undefined) return null;
  if (specifiers !== undefined) {
    d.reasons.push(specifiers);
    d.notes.push(
      `${specifiers.file} imports jsr:/npm: modules without a deno.json or deno.lock: the image runs --cached-only and vendors only what a config or lockfile names, so add a deno.json (\`deno init\`) and commit deno.lock (\`deno install --entrypoint ${specifiers.file}\`)`,
    );
  }
  const pkg = await readPackageJson(p);

  const version = await chooseDenoVersion(p);
  proposeChoice(d, 'denoVersion', version);
  if (version.file !== undefined) d.reasons.push({ file: version.file, says: `Deno ${version.version ?? ''}` });
  await dependencies(p, config, pkg, d);
  const { entry, command } = await entryAndCommand(p, config, d);
  const facts = await programFacts(p, entry, command?.subcommand === 'serve' || d.options['command'] === 'serve');
  set(d, 'server', facts.server, facts.why);
  if (facts.port !== undefined && d.options['port'] === undefined)
    set(d, 'port', facts.port, `${entry} listens on ${facts.port} when PORT is unset`);
  await metadata(p, config, pkg, d);
  if (cleanEntry(entry) === undefined) d.notes.push(`entry ${entry} is not a plain relative path`);
  if (pkg !== undefined && (await p.exists('package-lock.json')))
    d.notes.push('package-lock.json found too: the node stack may fit this project');
  const confidence = file !== 'none' ? 0.9 : lock ? 0.85 : specifiers !== undefined ? 0.7 : 0.6;
  return result(d, confidence);
});
