import { get, propose, tableOf, type Findings, type ProjectView } from '@dockstack/plugin-api';
import type { ProjectInfo } from './project.js';
import { readRequirements } from './requirements.js';

/** What the install step found besides its options (which go to the detector's findings). */
export interface InstallGuess {
  /** Dependency names from requirements files (pip), merged with the project's by the caller. */
  names: Set<string>;
  localPaths: string[];
  vcs: string[];
  /** A manifest or lockfile said this is a Python project. */
  manifest: boolean;
  lockfile: boolean;
}

const LOCKS: Array<[string, string]> = [
  ['uv.lock', 'uv'],
  ['poetry.lock', 'poetry'],
  ['pdm.lock', 'pdm'],
  ['Pipfile.lock', 'pipenv'],
];
const PREFERRED_REQUIREMENTS = [
  'requirements.txt',
  'requirements/prod.txt',
  'requirements/production.txt',
  'requirements/base.txt',
  'requirements-prod.txt',
  'requirements_prod.txt',
  'requirements/main.txt',
];
const DEV_FILE = /dev|test|lint|doc|ci|local/i;

/** The requirements file pip should install: the usual names first, then any non-dev `requirements*.txt`. */
async function requirementsFile(p: ProjectView, rootNames: string[]): Promise<{ file?: string; skipped: string[] }> {
  const found = rootNames.filter((n) => /^requirements.*\.txt$/.test(n));
  for (const file of PREFERRED_REQUIREMENTS) {
    if (file.includes('/') ? await p.exists(file) : found.includes(file)) return { file, skipped: found.filter((f) => f !== file) };
  }
  const prod = found.filter((f) => !DEV_FILE.test(f));
  return prod.length > 0 ? { file: prod[0] as string, skipped: found.filter((f) => f !== prod[0]) } : { skipped: found };
}

/** A tool named by pyproject tables when there is no lockfile. */
function toolFromPyproject(info: ProjectInfo): string | undefined {
  if (info.pipfile !== undefined) return 'pipenv';
  if (tableOf(get(info.pyproject, 'tool', 'poetry')) !== undefined) return 'poetry';
  if (tableOf(get(info.pyproject, 'tool', 'pdm')) !== undefined) return 'pdm';
  if (tableOf(get(info.pyproject, 'tool', 'uv')) !== undefined) return 'uv';
  return undefined;
}

async function pipFlow(p: ProjectView, info: ProjectInfo, rootNames: string[], found: Findings, out: InstallGuess): Promise<void> {
  const { file, skipped } = await requirementsFile(p, rootNames);
  if (file === undefined) {
    found.options['requirementsFile'] = '';
    if (rootNames.includes('requirements.in'))
      found.notes.push('requirements.in without a compiled requirements.txt: run pip-compile and commit the result');
    if (skipped.length > 0)
      found.notes.push(`only development requirements found (${skipped.join(', ')}): none is installed; set requirementsFile to use one`);
    const deps = info.pyproject !== undefined && (info.names.size > 0 || info.buildSystem);
    const pip = deps
      ? 'pyproject.toml without a lockfile or requirements file: pip installs the project and its declared dependencies'
      : undefined;
    propose(found, 'packageManager', 'pip', pip ?? 'no requirements file, lockfile or pyproject dependencies');
    if (deps) {
      out.manifest = true;
      propose(
        found,
        'installProject',
        true,
        'the dependencies are declared only in pyproject.toml, so pip installs the project to get them',
      );
      found.notes.push(
        'no lockfile: dependencies resolve at build time and reinstall on every source change; commit one (uv lock, pip-compile) for reproducible images',
      );
    } else found.why['requirementsFile'] = 'no requirements file or declared dependencies: the app uses only the standard library';
    return;
  }
  out.manifest = true;
  out.lockfile = true;
  propose(found, 'packageManager', 'pip', `${file} lists the dependencies`);
  const unused = skipped.length > 0 ? ` (not installed: ${skipped.join(', ')})` : '';
  propose(found, 'requirementsFile', file, `${file} is the production requirements file${unused}`);
  const req = await readRequirements(p, file);
  found.reasons.push({
    file,
    says: `${req.names.size + req.localPaths.length} requirement(s)${req.localPaths.length > 0 ? `, local: ${req.localPaths.join(', ')}` : ''}`,
  });
  if (req.includes.length > 0) {
    propose(found, 'extraRequirementFiles', req.includes, `${file} includes ${req.includes.join(', ')} (-r/-c)`);
  }
  req.names.forEach((n) => out.names.add(n));
  out.localPaths.push(...req.localPaths);
  out.vcs.push(...req.vcs);
  found.notes.push(...req.notes);
  if (req.localPaths.includes('.'))
    found.notes.push(
      `${file} installs the project itself (.): the whole source is copied before the install, so every source change re-runs it (the pip cache keeps it quick)`,
    );
  if (req.indexes.length > 0)
    found.notes.push(
      `${file} names a package index (${req.indexes.join(', ')}): keep credentials out of it and pass them with indexSecret (--secret id=pipconf,src=pip.conf)`,
    );
}

/** Which tool installs the dependencies, from lockfiles first, then pyproject, then requirements files. */
export async function guessInstall(p: ProjectView, info: ProjectInfo, rootNames: string[], found: Findings): Promise<InstallGuess> {
  const out: InstallGuess = { names: new Set(), localPaths: [], vcs: [], manifest: false, lockfile: false };
  const locks = LOCKS.filter(([file]) => rootNames.includes(file));
  for (const [file, tool] of locks) found.reasons.push({ file, says: `${tool} lockfile` });
  if (locks.length > 1)
    found.notes.push(`several lockfiles (${locks.map(([f]) => f).join(', ')}): ${locks[0]?.[0]} wins; remove the stale ones`);
  const tool = locks[0]?.[1] ?? toolFromPyproject(info);
  if (tool === undefined) {
    await pipFlow(p, info, rootNames, found, out);
    return out;
  }
  out.manifest = true;
  const lock = locks[0]?.[0];
  out.lockfile = lock !== undefined;
  const unlocked = tool === 'pipenv' ? 'Pipfile without Pipfile.lock' : `pyproject.toml has [tool.${tool}] but no lockfile`;
  propose(found, 'packageManager', tool, lock !== undefined ? `${lock} is a ${tool} lockfile` : unlocked);
  const exact = lock !== undefined ? `${lock} is committed: installs are exact` : undefined;
  propose(found, 'lockfile', out.lockfile, exact ?? 'no lockfile: dependencies resolve at build time');
  if (lock === undefined)
    found.notes.push(`no ${tool} lockfile: the build resolves versions itself; commit the lockfile so image builds are reproducible`);
  if (rootNames.some((n) => /^requirements.*\.txt$/.test(n)))
    found.notes.push(`requirements*.txt is not used: the ${tool} ${lock ?? 'project'} is the source of truth`);
  return out;
}
