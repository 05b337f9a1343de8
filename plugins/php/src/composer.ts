import { type ManifestLabels, type ProjectView, stringOf as str, tableOf } from '@dockstack/plugin-api';
/** The composer.json and composer.lock facts an image needs. */

interface PackageJson {
  name?: unknown;
  require?: Record<string, unknown>;
}

interface ComposerJson extends PackageJson {
  license?: unknown;
  homepage?: unknown;
  support?: { source?: unknown };
  config?: { platform?: Record<string, unknown> };
  repositories?: unknown;
  extra?: unknown;
}

interface ComposerLock {
  packages?: PackageJson[];
  platform?: Record<string, unknown>;
}

export interface ComposerFacts extends ManifestLabels {
  json?: ComposerJson;
  lock?: ComposerLock;
  /** `require.php`. */
  phpConstraint?: string;
  /** `config.platform.php`. */
  platformPhp?: string;
  /** Production packages: composer.json `require` and every locked package. */
  packages: Set<string>;
  /** `ext-*` requirements of the project and its locked production packages, with who asked. */
  extensions: Map<string, string>;
  /** `path` repository folders (globs cut at the first wildcard). */
  pathRepos: string[];
  /** Repositories that are not Packagist or paths (may need credentials). */
  otherRepos: string[];
}

const requirements = (pkg: PackageJson): string[] => Object.keys(tableOf(pkg.require) ?? {});

function repositories(json: ComposerJson, facts: ComposerFacts): void {
  const repos: unknown[] = Array.isArray(json.repositories) ? json.repositories : Object.values(tableOf(json.repositories) ?? {});
  for (const repo of repos) {
    const [type, url] = [str(tableOf(repo)?.['type']), str(tableOf(repo)?.['url'])];
    if (type === 'path' && url !== undefined) {
      const dir = url.split('*')[0]?.replace(/^\.\//, '').replace(/\/+$/, '') ?? '';
      facts.pathRepos.push(dir);
    } else if (url !== undefined && !/packagist\.org/.test(url)) facts.otherRepos.push(`${type ?? 'composer'} ${url}`);
  }
}

/** Reads composer.json and composer.lock (either may be missing). */
export async function readComposer(p: ProjectView): Promise<ComposerFacts> {
  const json = await p.readJson<ComposerJson>('composer.json');
  const lock = await p.readJson<ComposerLock>('composer.lock');
  const facts: ComposerFacts = {
    ...(json ? { json } : {}),
    ...(lock ? { lock } : {}),
    packages: new Set(),
    extensions: new Map(),
    pathRepos: [],
    otherRepos: [],
  };
  if (!json || typeof json !== 'object') return facts;
  // The label values are checked when they are proposed (setLabels).
  facts.name = str(json.name);
  facts.license = Array.isArray(json.license) ? str(json.license[0]) : str(json.license);
  facts.sourceUrl = str(json.support?.source) ?? str(json.homepage);
  const php = str(json.require?.['php']);
  if (php !== undefined) facts.phpConstraint = php;
  const platform = str(json.config?.platform?.['php']);
  if (platform !== undefined) facts.platformPhp = platform;
  const own = requirements(json);
  own.forEach((r) => facts.packages.add(r.toLowerCase()));
  for (const r of own.filter((x) => x.startsWith('ext-'))) facts.extensions.set(r.slice(4).toLowerCase(), 'composer.json');
  for (const pkg of Array.isArray(lock?.packages) ? lock.packages : []) {
    const pname = str(pkg.name);
    if (pname !== undefined) facts.packages.add(pname.toLowerCase());
    for (const r of requirements(pkg).filter((x) => x.startsWith('ext-'))) {
      const ext = r.slice(4).toLowerCase();
      if (!facts.extensions.has(ext)) facts.extensions.set(ext, pname ?? 'a locked package');
    }
  }
  repositories(json, facts);
  return facts;
}
