import {
  evidence,
  defineDetector,
  type Findings,
  findings,
  inDir,
  type ProjectView,
  propose,
  proposeChoice,
  proposeLabels,
  result,
} from '@dockstack/plugin-api';
import { chooseMain, type MainChoice } from './choose-main.js';
import { decideProgram } from './decide.js';
import { cleanDir, moduleName, moduleSourceUrl, parseGoMod, type GoModFile } from './go-mod.js';
import { buildFiles } from './go-source.js';
import { chooseGoVersion } from './go-version.js';
import { findMains, type MainPackage } from './mains.js';
import type { LocalModule } from './program.js';

/** The modules of a workspace (`use` directories with a go.mod inside the project). */
async function workspaceModules(p: ProjectView, work: GoModFile, d: Findings): Promise<LocalModule[]> {
  const out: LocalModule[] = [];
  for (const dir of work.uses) {
    if (dir === '..' || dir.startsWith('../') || dir.startsWith('/')) {
      d.notes.push(
        `go.work uses ${dir}, outside the project: the Docker build context cannot reach it, so the build will fail until it moves inside`,
      );
      continue;
    }
    const mod = parseGoMod((await p.readText(inDir(dir, 'go.mod'))) ?? '');
    if (mod.module !== undefined) out.push({ path: mod.module, dir });
    else d.notes.push(`go.work uses ./${dir}, which has no readable go.mod`);
  }
  return out;
}

async function goVersion(mod: GoModFile | undefined, work: GoModFile | undefined, d: Findings): Promise<void> {
  // In workspace mode the go command takes its go and toolchain lines from go.work.
  const [file, src] = work !== undefined ? ['go.work', work] : ['go.mod', mod as GoModFile];
  if (src.go !== undefined) evidence(d, file, `go ${src.go}`);
  if (src.toolchain !== undefined) evidence(d, file, `toolchain go${src.toolchain}`);
  proposeChoice(d, 'goVersion', chooseGoVersion(file, src.go, src.toolchain));
}

async function dependencies(p: ProjectView, mod: GoModFile | undefined, local: readonly LocalModule[], d: Findings): Promise<string[]> {
  const external = (mod?.requires ?? []).filter((r) => !local.some((m) => m.path === r));
  const goSum = await p.exists('go.sum');
  const inside = (mod?.localReplaces ?? []).filter((t) => !t.startsWith('..'));
  for (const target of mod?.localReplaces ?? []) {
    if (target.startsWith('..'))
      d.notes.push(
        `go.mod replaces a module with ${target}, outside the project: the build context cannot reach it, so the build fails until it moves inside`,
      );
  }
  if (await p.exists('vendor/modules.txt')) {
    const why = 'vendor/modules.txt exists: build with -mod=vendor from the committed vendor/ (kept in the build context)';
    propose(d, 'vendor', true, why, { file: 'vendor/modules.txt', says: 'vendored modules' });
  } else if (await p.exists('vendor')) {
    d.notes.push('vendor/ exists without vendor/modules.txt: it is ignored; run `go mod vendor` to use it');
  }
  const vendored = d.options['vendor'] === true;
  const why = vendored
    ? 'vendor mode: modules come from vendor/, nothing to download'
    : !goSum && external.length > 0
      ? 'no go.sum, so no download step (see the notes: the build needs one)'
      : !goSum
        ? 'no go.sum and no external modules: nothing to download'
        : inside.length > 0
          ? `go.mod replaces a module with ${inside.join(', ')}, which the download step does not mount: modules download during the build instead`
          : 'go.sum is committed: modules download in their own cached step';
  propose(d, 'modDownload', goSum && inside.length === 0 && !vendored, why);
  if (external.length > 0) evidence(d, 'go.mod', `requires ${external.length} module(s)`);
  if (!goSum && external.length > 0 && !vendored && d.options['workspace'] !== true) {
    d.notes.push('go.mod requires modules but go.sum is missing: run `go mod tidy` and commit go.sum, or the build fails');
  }
  return external;
}

function mainOptions(choice: MainChoice, all: readonly MainPackage[], d: Findings): void {
  propose(d, 'mainPackage', choice.main.pkg, choice.why, { file: choice.main.file.path, says: 'package main' });
  const others = all.filter((m) => m !== choice.main).map((m) => m.pkg);
  if (others.length > 0) {
    d.notes.push(
      `${all.length} main packages: ${choice.main.pkg} (chosen), ${others.join(', ')}. One image per binary: dockstack add go --set mainPackage=${others[0]} --stdout > Dockerfile.${(others[0] as string).split('/').pop()}`,
    );
  }
}

async function metadata(p: ProjectView, modulePath: string | undefined, main: MainPackage | undefined, d: Findings): Promise<void> {
  const dir = main !== undefined && main.dir !== '' ? main.dir : undefined;
  const name = dir !== undefined ? dir.split('/').pop() : modulePath === undefined ? undefined : moduleName(modulePath);
  const module = `the module path ${modulePath ?? ''}`;
  await proposeLabels(p, d, {
    appName: [name, dir !== undefined ? `the main package's directory is ${dir}` : `${module} ends in ${name ?? ''}`],
    sourceUrl: [modulePath === undefined ? undefined : moduleSourceUrl(modulePath), `${module} names the repository`],
  });
}

/** Detects Go modules and workspaces: Go version, main package, and what the program needs at run time. */
export const detect = defineDetector(async (p) => {
  const modText = await p.readText('go.mod');
  const workText = await p.readText('go.work');
  if (modText === undefined && workText === undefined) {
    if ((await buildFiles(p, '')).length === 0) return null;
    return {
      confidence: 0.3,
      reasons: [{ file: '.', says: 'Go sources but no go.mod' }],
      options: {},
      notes: ['no go.mod: run `go mod init <module path>` and commit go.mod (and go.sum); the generated build needs them'],
    };
  }
  const d = findings();
  const mod = modText === undefined ? undefined : parseGoMod(modText);
  const work = workText === undefined ? undefined : parseGoMod(workText);
  if (mod !== undefined) evidence(d, 'go.mod', mod.module !== undefined ? `module ${mod.module}` : 'present');

  const modules: LocalModule[] = mod?.module !== undefined ? [{ path: mod.module, dir: '' }] : [];
  if (work !== undefined) {
    const uses = work.uses.map((u) => (u === '' ? '.' : `./${u}`)).join(', ') || 'no module';
    const says = `workspace of ${work.uses.length} module(s)`;
    propose(d, 'workspace', true, `go.work uses ${uses}: build in workspace mode`, { file: 'go.work', says });
    d.notes.push(
      'go.work found: the build runs in workspace mode over every used module; the module download step is skipped (modules download during the build, into the cache mount)',
    );
    for (const m of await workspaceModules(p, work, d)) if (!modules.some((x) => x.dir === m.dir)) modules.push(m);
  }
  await goVersion(mod, work, d);
  const external = await dependencies(p, mod, modules, d);

  const dirs = work !== undefined ? modules.map((m) => m.dir) : [''];
  const mains: MainPackage[] = [];
  for (const dir of dirs.length > 0 ? dirs : ['']) mains.push(...(await findMains(p, cleanDir(dir))));
  const choice = chooseMain(mains, mod?.module === undefined ? undefined : moduleName(mod.module));
  if (choice !== undefined) {
    mainOptions(choice, mains, d);
    await decideProgram(p, choice.main, modules, external, d);
  } else {
    d.notes.push(
      'no main package found (a package main in the module root, cmd/<name>/ or a top-level directory): set --set mainPackage=./path/to/main',
    );
  }
  await metadata(p, mod?.module, choice?.main, d);

  const confidence = Math.min(0.95, (mod !== undefined ? 0.85 : 0.8) + (choice !== undefined ? 0.1 : 0));
  return result(d, confidence);
});
