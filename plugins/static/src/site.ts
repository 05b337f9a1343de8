import type { ProjectView } from '@dockstack/plugin-api';

/** Folders that hold a site's files, in the order they are tried when the root has no index.html. */
export const SITE_DIRS = ['public', 'dist', 'build', '_site', 'site', 'docs', 'out', 'www', 'html', 'static'] as const;

/** Build output folders: ignored as "committed" sites when the project has a build script. */
export const OUTPUT_DIRS = new Set(['dist', 'build', '_site', 'out']);

/** Where the site is, and what it holds. */
export interface SiteFolder {
  /** `.` or a folder name. */
  dir: string;
  /** HTML pages directly in the folder (not counting subfolders). */
  pages: string[];
  /** Subfolders (candidates for more pages). */
  subdirs: string[];
}

/**
 * The folder that holds the site: `first` when given (a Staticfile's `root:`), else the root when it has an
 * index.html, else the first known folder that does.
 */
export async function findSite(p: ProjectView, skip: ReadonlySet<string> = new Set(), first?: string): Promise<SiteFolder | undefined> {
  for (const dir of first === undefined ? ['.', ...SITE_DIRS] : [first]) {
    if (skip.has(dir)) continue;
    if (!(await p.exists(dir === '.' ? 'index.html' : `${dir}/index.html`))) continue;
    const entries = await p.list(dir);
    return {
      dir,
      pages: entries
        .filter((e) => e.kind === 'file' && /\.html?$/i.test(e.name))
        .map((e) => e.name)
        .sort(),
      subdirs: entries
        .filter((e) => e.kind === 'dir' && !e.name.startsWith('.') && e.name !== 'node_modules')
        .map((e) => e.name)
        .sort(),
    };
  }
  return undefined;
}

/** True when any subfolder (one level down) has its own index.html: a multi-page site. */
export async function hasNestedPages(p: ProjectView, site: SiteFolder): Promise<boolean> {
  for (const sub of site.subdirs.slice(0, 40)) {
    const path = site.dir === '.' ? `${sub}/index.html` : `${site.dir}/${sub}/index.html`;
    if (await p.exists(path)) return true;
  }
  return false;
}

/** Files at the root that belong to another stack: the index.html beside them is probably a template. */
export const OTHER_STACKS: ReadonlyArray<[string, string]> = [
  ['requirements.txt', 'python'],
  ['pyproject.toml', 'python'],
  ['go.mod', 'go'],
  ['Cargo.toml', 'rust'],
  ['Gemfile', 'ruby'],
  ['composer.json', 'php'],
  ['pom.xml', 'java'],
  ['build.gradle', 'java'],
  ['deno.json', 'deno'],
  ['deno.jsonc', 'deno'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
];
