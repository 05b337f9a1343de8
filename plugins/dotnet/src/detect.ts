import {
  defineDetector,
  dirOf,
  findings,
  type Findings,
  inDir,
  type ProjectView,
  propose,
  proposeLabels,
  result,
} from '@dockstack/plugin-api';
import { isRunnable, isTest, isWeb, nameOf, parseProject, runtimeChannel, type ProjectFile } from './msbuild.js';
import { referenceClosure, restoreFiles } from './restore-files.js';
import { globalJsonSdk, solutionProjects } from './solution.js';

const PROJECT = /\.(cs|fs|vb)proj$/;
const MAX_PROJECTS = 60;
/** The current LTS channel, when no target framework says otherwise. */
export const DEFAULT_DOTNET = '10.0';
const SAFE_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

/** Project files: from the root's solution, else the root, `src/*` and top-level directories. */
async function projectPaths(p: ProjectView, d: Findings): Promise<string[]> {
  const root = await p.list();
  const found = new Set<string>();
  for (const sln of root.filter((e) => e.kind === 'file' && /\.slnx?$/.test(e.name))) {
    const listed = solutionProjects((await p.readText(sln.path)) ?? '');
    if (listed.length > 0) d.reasons.push({ file: sln.path, says: `solution of ${listed.length} project(s)` });
    for (const proj of listed) found.add(proj);
  }
  for (const e of root) if (e.kind === 'file' && PROJECT.test(e.name)) found.add(e.path);
  if (found.size === 0) {
    const dirs = [...root.filter((e) => e.kind === 'dir' && !e.name.startsWith('.') && !['bin', 'obj', 'node_modules'].includes(e.name))];
    const src = dirs.find((e) => e.name === 'src');
    const level2 = src === undefined ? [] : (await p.list('src')).filter((e) => e.kind === 'dir');
    for (const dir of [...dirs, ...level2])
      for (const e of await p.list(dir.path)) if (e.kind === 'file' && PROJECT.test(e.name)) found.add(e.path);
  }
  return [...found].slice(0, MAX_PROJECTS);
}

/** Prefers web, then a name that says it is the entry point, then the shallowest path. */
function choose(runnable: ProjectFile[]): ProjectFile | undefined {
  const rank = (x: ProjectFile): number =>
    (isWeb(x) ? 0 : 10) + (/(Api|Web|Server|Host|App|Service)$/i.test(nameOf(x)) ? 0 : 5) + x.path.split('/').length * 0.1;
  return [...runnable].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path))[0];
}

function versions(chosen: ProjectFile, sdk: { version?: string; rollForward?: string }, d: Findings): void {
  const channel = runtimeChannel(chosen.targetFrameworks);
  const tfms = chosen.targetFrameworks.join(';');
  if (channel === undefined)
    propose(
      d,
      'dotnetVersion',
      DEFAULT_DOTNET,
      `${chosen.path} targets ${tfms || 'no .NET 5+ framework'}: the current LTS, ${DEFAULT_DOTNET}`,
    );
  else if (Number(channel.split('.')[0]) < 8) {
    propose(d, 'dotnetVersion', '8.0', `${chosen.path} targets ${tfms}, out of support: the oldest supported channel, 8.0`);
    d.notes.push(
      `${chosen.path} targets ${tfms}: retarget to net8.0 or newer (the 8.0 runtime does not run it unless <RollForward>Major</RollForward>); 8.0 images are the first with the non-root APP_UID user`,
    );
  } else propose(d, 'dotnetVersion', channel, `${chosen.path} targets ${tfms}`);
  if (sdk.version === undefined) return;
  d.reasons.push({
    file: 'global.json',
    says: `SDK ${sdk.version}${sdk.rollForward === undefined ? '' : ` rollForward ${sdk.rollForward}`}`,
  });
  const m = /^(\d+)\.(\d+)\.(\d)(\d\d)/.exec(sdk.version);
  if (m === null) return;
  const pinned = ['patch', 'latestPatch', 'disable'].includes(sdk.rollForward ?? 'latestPatch');
  const value = pinned ? `${m[1] as string}.${m[2] as string}.${m[3] as string}${m[4] as string}` : `${m[1] as string}.${m[2] as string}`;
  if (value !== d.options['dotnetVersion'])
    propose(
      d,
      'sdkVersion',
      value,
      pinned
        ? `global.json pins SDK ${sdk.version} (rollForward ${sdk.rollForward ?? 'latestPatch'}, the default): that exact SDK image`
        : `global.json asks for SDK ${sdk.version} with rollForward ${sdk.rollForward ?? ''}: the ${value} SDK image`,
    );
}

async function healthPath(p: ProjectView, chosen: ProjectFile, d: Findings): Promise<void> {
  for (const file of ['Program.cs', 'Startup.cs'].map((name) => inDir(dirOf(chosen.path), name))) {
    const path = /MapHealthChecks\(\s*"(\/[A-Za-z0-9_.~/-]*)"/.exec((await p.readText(file)) ?? '')?.[1];
    if (path !== undefined) return propose(d, 'healthcheckPath', path, `${file} maps health checks at ${path}`);
  }
}

async function metadata(p: ProjectView, chosen: ProjectFile, d: Findings): Promise<void> {
  const assembly = chosen.assemblyName ?? nameOf(chosen);
  if (/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(assembly)) {
    propose(
      d,
      'assemblyName',
      assembly,
      chosen.assemblyName !== undefined ? `${chosen.path} sets <AssemblyName>${assembly}` : `the project file is named ${nameOf(chosen)}`,
    );
    propose(d, 'appName', assembly, `the assembly is ${assembly}`);
  } else d.notes.push(`assembly name ${assembly} has characters the entry point does not accept: --set assemblyName=...`);
  await proposeLabels(p, d, {
    sourceUrl: [chosen.properties.get('RepositoryUrl')?.replace(/\.git$/, ''), `${chosen.path} <RepositoryUrl>`],
    license: [chosen.properties.get('PackageLicenseExpression'), `${chosen.path} <PackageLicenseExpression>`],
  });
}

function notes(chosen: ProjectFile, d: Findings): void {
  if (chosen.properties.get('PublishAot')?.toLowerCase() === 'true')
    d.notes.push(
      `${chosen.path} sets PublishAot: this stack publishes framework-dependent IL for dotnet <assembly>.dll; a native AOT image needs runtime-deps and no dotnet host`,
    );
  if (chosen.properties.get('InvariantGlobalization')?.toLowerCase() === 'true')
    d.notes.push('InvariantGlobalization is on: --set runtimeVariant=chiseled fits (no ICU needed), about a third of the standard image');
  else
    d.notes.push(
      '--set runtimeVariant=chiseled-extra keeps ICU and time zones on the smaller chiseled image; plain chiseled is globalization-invariant',
    );
}

/** Detects .NET projects: the runnable project, runtime and SDK versions, restore inputs. */
export const detect = defineDetector(async (p) => {
  const d = findings();
  const paths = await projectPaths(p, d);
  const known = new Map<string, ProjectFile>();
  for (const path of paths) {
    const text = await p.readText(path);
    if (text !== undefined) known.set(path, parseProject(path, text));
  }
  if (known.size === 0) return null;
  const all = [...known.values()];
  const runnable = all.filter(isRunnable);
  const chosen = choose(runnable) ?? all.find((x) => !isTest(x));
  if (chosen === undefined)
    return { confidence: 0.4, reasons: d.reasons, options: {}, notes: ['only test projects found: nothing to run'] };
  if (!SAFE_PATH.test(chosen.path))
    return {
      confidence: 0.4,
      reasons: d.reasons,
      options: {},
      notes: [`${chosen.path} has characters the Dockerfile does not accept in a path: --set project=...`],
    };
  d.reasons.push({
    file: chosen.path,
    says: `${chosen.sdk || 'SDK project'}${chosen.outputType === undefined ? '' : `, OutputType ${chosen.outputType}`}, ${chosen.targetFrameworks.join(';')}`,
  });
  propose(
    d,
    'project',
    chosen.path,
    runnable.length > 1
      ? `${chosen.path} of ${runnable.length} runnable projects (web first)`
      : runnable.length === 1
        ? `${chosen.path} is the runnable project`
        : `${chosen.path}: no project declares Exe or the Web SDK, so the first non-test one`,
  );
  if (runnable.length > 1)
    d.notes.push(
      `runnable projects: ${runnable.map((x) => x.path).join(', ')}; one image per project: --set project=... --set assemblyName=...`,
    );
  if (runnable.length === 0) d.notes.push(`no project has <OutputType>Exe</OutputType> or the Web SDK: ${chosen.path} may be a library`);
  propose(
    d,
    'appKind',
    isWeb(chosen) ? 'web' : 'console',
    isWeb(chosen)
      ? `${chosen.path} uses the Web SDK or references ASP.NET Core`
      : `${chosen.path} is a console app or worker: the smaller runtime image`,
  );
  versions(chosen, globalJsonSdk(await p.readJson('global.json')), d);
  const closure = await referenceClosure(p, chosen, known, d.notes);
  const files = (await restoreFiles(p, closure)).filter((f) => SAFE_PATH.test(f));
  propose(
    d,
    'restoreFiles',
    files.join(' '),
    files.length === 0
      ? 'the project references nothing and no MSBuild or NuGet files exist beside it'
      : 'referenced projects and the MSBuild, NuGet and SDK files that exist: the restore step sees nothing else',
  );
  if (isWeb(chosen)) await healthPath(p, chosen, d);
  await metadata(p, chosen, d);
  notes(chosen, d);
  return result(d, runnable.length > 0 ? 0.95 : 0.6);
});
