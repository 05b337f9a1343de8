import {
  defineDetector,
  findings,
  noteEnvFiles,
  propose,
  get,
  proposeVersion,
  result,
  setLabels,
  systemPackages,
  type SystemNeeds,
  stringOf,
  tableOf,
  type Findings,
  type ProjectView,
  type ResolvedVersion,
} from '@dockstack/plugin-api';
import { guessRun } from './frameworks.js';
import { guessInstall } from './package-manager.js';
import { readProject, type ProjectInfo } from './project.js';
import { DEFAULT_PYTHON, fromRuntimeTxt, fromSpecifier, fromVersionFile } from './python-version.js';

/** Debian packages for dependencies that compile from source or load a system library. */
const NATIVE: Record<string, SystemNeeds> = {
  psycopg2: { build: ['gcc', 'libc6-dev', 'libpq-dev'], runtime: ['libpq5'] },
  mysqlclient: { build: ['gcc', 'libc6-dev', 'pkg-config', 'default-libmysqlclient-dev'], runtime: ['libmariadb3'] },
  psycopg: { build: [], runtime: ['libpq5'] },
};

async function pythonVersion(p: ProjectView, info: ProjectInfo, found: Findings): Promise<void> {
  const requires = stringOf(get(info.pyproject, 'project', 'requires-python'));
  const poetry = stringOf(get(info.pyproject, 'tool', 'poetry', 'dependencies', 'python'));
  const pipfile =
    stringOf(get(info.pipfile, 'requires', 'python_full_version')) ?? stringOf(get(info.pipfile, 'requires', 'python_version'));
  const [versionFile, runtime] = [await p.readText('.python-version'), await p.readText('runtime.txt')];
  // The reason names the file: `pyproject.toml: requires-python ">=3.11" admits 3.14, ...`.
  const at = (file: string, says: string, resolve: () => ResolvedVersion | undefined) => ({
    file,
    says,
    resolve: () => {
      const r = resolve();
      return r && { ...r, how: `${file}: ${r.how}` };
    },
  });
  proposeVersion(
    found,
    'pythonVersion',
    [
      versionFile !== undefined && at('.python-version', versionFile.trim().split(/\r?\n/)[0] ?? '', () => fromVersionFile(versionFile)),
      requires !== undefined && at('pyproject.toml', `requires-python ${requires}`, () => fromSpecifier(requires, 'requires-python')),
      poetry !== undefined &&
        at('pyproject.toml', `[tool.poetry.dependencies] python ${poetry}`, () => fromSpecifier(poetry, 'Poetry python')),
      pipfile !== undefined && at('Pipfile', `python_version ${pipfile}`, () => fromSpecifier(pipfile, 'Pipfile python_version')),
      runtime !== undefined && at('runtime.txt', runtime.trim(), () => fromRuntimeTxt(runtime)),
    ],
    'does not name a CPython 3 version this stack can use',
    `no .python-version, requires-python or runtime.txt: the default line ${DEFAULT_PYTHON}`,
  );
}

function nativePackages(names: Set<string>, found: Findings): void {
  const wheel = names.has('psycopg[binary]') || names.has('psycopg[c]');
  const present = Object.keys(NATIVE).filter((dep) => names.has(dep) && !(dep === 'psycopg' && wheel));
  const { build, runtime, which } = systemPackages(NATIVE, present);
  if (build.length > 0) propose(found, 'buildPackages', build, `${which.join(', ')} compile(s) against system headers in the build stage`);
  if (runtime.length > 0) propose(found, 'runtimePackages', runtime, `${which.join(', ')} load(s) ${runtime.join(', ')} at run time`);
}

function installProject(info: ProjectInfo, srcLayout: boolean, found: Findings): boolean {
  if (found.options['installProject'] === true) return true;
  if (!info.buildSystem || (!srcLayout && info.scripts.length === 0)) return false;
  propose(
    found,
    'installProject',
    true,
    srcLayout
      ? 'a src layout with a [build-system]: the code is importable only once installed'
      : `console script(s) ${info.scripts.join(', ')} exist only once the project is installed`,
  );
  return true;
}

async function noticeOthers(p: ProjectView, rootNames: string[], localPaths: string[], found: Findings): Promise<void> {
  if (rootNames.includes('setup.py') && !rootNames.includes('pyproject.toml'))
    found.notes.push('setup.py without pyproject.toml: legacy packaging; add a pyproject.toml [build-system]');
  if (rootNames.includes('environment.yml'))
    found.notes.push('environment.yml (conda) is not handled: this image installs from PyPI with pip');
  noteEnvFiles(found, rootNames);
  for (const entry of (await p.list('.')).filter((e) => e.kind === 'dir' && !e.name.startsWith('.')).slice(0, 20)) {
    if (!localPaths.includes(entry.path) && (await p.exists(`${entry.path}/pyproject.toml`))) {
      found.notes.push(
        `${entry.path}/pyproject.toml is a separate Python project: this Dockerfile builds the root; per-service Dockerfiles are not generated yet`,
      );
    }
  }
}

/** Detects Python projects: installer, Python version, framework, app module, and server or worker. */
export const detect = defineDetector(async (p) => {
  const root = await p.list('.');
  const rootNames = root.map((e) => e.name);
  const info = await readProject(p);
  const found = findings(...info.reasons);
  found.notes.push(...info.notes);
  const install = await guessInstall(p, info, rootNames, found);
  const pythonish =
    install.manifest || (info.pyproject !== undefined && (info.names.size > 0 || tableOf(info.pyproject['project']) !== undefined));
  const pyFiles = rootNames.filter((n) => n.endsWith('.py'));
  if (!pythonish && pyFiles.length === 0 && !rootNames.includes('.python-version')) return null;

  await pythonVersion(p, info, found);
  const names = new Set([...info.names, ...install.names]);
  const localPaths = [...new Set([...install.localPaths, ...info.localPaths])];
  if (localPaths.length > 0) {
    propose(
      found,
      'localPackages',
      localPaths,
      `local path dependencies (${localPaths.join(', ')}) are copied in before the install so it can build them`,
    );
  }
  const vcs = [...install.vcs, ...info.vcs];
  nativePackages(names, found);
  if (vcs.length > 0) {
    found.options['buildPackages'] = [...new Set([...((found.options['buildPackages'] as string[] | undefined) ?? []), 'git'])];
    found.why['buildPackages'] =
      `${found.why['buildPackages'] ? `${found.why['buildPackages']}; ` : ''}VCS dependencies (${vcs.slice(0, 3).join(', ')}) need git in the build stage`;
  }
  const srcLayout = (await p.list('src')).some((e) => e.kind === 'dir' && !e.name.startsWith('.'));
  const installs = installProject(info, srcLayout, found);
  const named = info.name !== undefined ? { name: info.name } : {};
  await guessRun(p, names, { ...named, scripts: info.scripts, installProject: installs }, found);

  setLabels(found, info);
  const secretFile = rootNames.includes('pip.conf')
    ? 'pip.conf'
    : found.options['packageManager'] === 'uv' && rootNames.includes('uv.toml')
      ? 'uv.toml'
      : undefined;
  if (secretFile !== undefined) {
    propose(
      found,
      'indexSecret',
      true,
      `${secretFile} exists: pass it with --secret id=${secretFile === 'pip.conf' ? 'pipconf' : 'uvtoml'},src=${secretFile}; it is never copied`,
    );
  }
  await noticeOthers(p, rootNames, localPaths, found);

  const runs = found.options['framework'] !== undefined || found.options['startCommand'] !== undefined;
  const confidence = pythonish
    ? Math.min(0.95, 0.6 + (install.lockfile ? 0.2 : 0) + (runs ? 0.1 : 0))
    : runs
      ? 0.45 + (rootNames.includes('.python-version') ? 0.1 : 0)
      : 0.2;
  return result(found, confidence);
});
