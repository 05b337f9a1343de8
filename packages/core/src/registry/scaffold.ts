import { chmod, mkdir, readFile, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLUGIN_API_VERSION } from '@dockstack/plugin-api';
import { DockstackError } from '../errors.js';
import { loadStack, type LoadedStack } from '../loader.js';
import { optionsTable } from '../options-table.js';
import { detectFor, plan } from '../pipeline.js';
import { GENERATOR_VERSION } from '../version.js';
import { COMMUNITY_PREFIX } from './spec.js';

/** README markers the test kit keeps in sync with schema.json (same strings as @dockstack/testing). */
export const OPTIONS_TABLE_START = '<!-- options:start (generated from schema.json; do not edit) -->';
export const OPTIONS_TABLE_END = '<!-- options:end -->';

/** What `stacks new` wrote. */
export interface ScaffoldResult {
  id: string;
  package: string;
  dir: string;
  /** Paths relative to `dir`, sorted. */
  files: string[];
}

async function copyTree(from: string, to: string, vars: Record<string, string>, files: string[], rel = ''): Promise<void> {
  const fill = (text: string): string => text.replace(/\{\{(\w+)\}\}/g, (m, key: string) => vars[key] ?? m);
  for (const entry of await readdir(path.join(from, rel), { withFileTypes: true })) {
    // Template names starting with "_" become dotfiles (npm would drop or rename real ones).
    const name = fill(entry.name.startsWith('_') ? `.${entry.name.slice(1)}` : entry.name);
    const source = path.join(from, rel, entry.name);
    const targetRel = path.posix.join(rel.split(path.sep).join('/'), name);
    if (entry.isDirectory()) {
      await mkdir(path.join(to, targetRel), { recursive: true });
      await copyTree(from, to, vars, files, path.join(rel, entry.name));
    } else if (entry.isFile()) {
      await writeFile(path.join(to, targetRel), fill(await readFile(source, 'utf8')));
      if (((await stat(source)).mode & 0o111) !== 0) await chmod(path.join(to, targetRel), 0o755);
      files.push(targetRel);
    }
  }
}

/** Renders each fixture exactly as the test kit does (detection, then fixture `set`) and writes its goldens. */
async function writeGoldens(stack: LoadedStack, dir: string, files: string[]): Promise<void> {
  const fixturesDir = path.join(dir, 'test', 'fixtures');
  for (const name of (await readdir(fixturesDir)).sort()) {
    const fixture = path.join(fixturesDir, name);
    const spec = JSON.parse(await readFile(path.join(fixture, 'fixture.json'), 'utf8')) as { set?: Record<string, unknown> };
    const choice = await detectFor(stack, fixture);
    const failed = choice.detection?.problems.filter((p) => p.dropped === undefined) ?? [];
    if (failed.length > 0)
      throw new DockstackError(
        'E_TEMPLATE',
        `The scaffold's detector failed on fixture ${name}: ${failed.map((p) => p.message).join('; ')}`,
      );
    const planned = await plan({ path: '.', stack, choice, set: spec.set ?? {} }, { root: fixture, generatorVersion: GENERATOR_VERSION });
    for (const file of planned.files) {
      await writeFile(path.join(fixture, file.path), file.content);
      files.push(path.posix.join('test/fixtures', name, file.path));
    }
  }
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

/**
 * `stacks new <id>`: writes a community stack package `dockstack-stack-<id>` into
 * `<parent>/dockstack-stack-<id>` from `templateDir` (placeholders `{{id}}`, `{{package}}`,
 * `{{displayName}}`, `{{apiRange}}`, `{{kitRange}}`), then renders its fixture goldens and
 * README options table with this dockstack, so its own tests pass as scaffolded. Built in a
 * staging folder and renamed into place; refuses a non-empty target.
 */
export async function scaffoldStack(id: string, parent: string, templateDir: string): Promise<ScaffoldResult> {
  if (!/^[a-z][a-z0-9-]{1,31}$/.test(id)) {
    throw new DockstackError('E_USAGE', `"${id}" is not a valid stack id`, {
      hint: 'Stack ids match ^[a-z][a-z0-9-]{1,31}$, e.g. elixir or static-site.',
    });
  }
  const pkg = `${COMMUNITY_PREFIX}${id}`;
  const dir = path.resolve(parent, pkg);
  if (!(await isEmptyOrMissing(dir)))
    throw new DockstackError('E_FILE_EXISTS', `${dir} already exists and is not empty`, {
      hint: 'Pick another id or --dir, or remove the folder.',
    });
  const vars = {
    id,
    package: pkg,
    displayName: id
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(' '),
    // The scaffold's detector uses the stack kit (ProjectView.readToml), new in this minor version.
    apiRange: `^${PLUGIN_API_VERSION.split('.').slice(0, 2).join('.')}.0`,
    kitRange: `^${GENERATOR_VERSION}`,
  };
  await mkdir(parent, { recursive: true });
  const staging = path.join(parent, `.${pkg}.staging-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const files: string[] = [];
    await copyTree(templateDir, staging, vars, files);
    const stack = await loadStack(staging, 'new');
    // The detector imports the stack kit, a peer dependency that `npm install` brings; until then
    // core's own copy stands in, linked for the golden run only.
    const kit = path.join(staging, 'node_modules', '@dockstack', 'plugin-api');
    await mkdir(path.dirname(kit), { recursive: true });
    await symlink(path.dirname(path.dirname(fileURLToPath(import.meta.resolve('@dockstack/plugin-api')))), kit, 'junction');
    try {
      await writeGoldens(stack, staging, files);
    } finally {
      await rm(path.join(staging, 'node_modules'), { recursive: true, force: true });
    }
    const readmeFile = path.join(staging, 'README.md');
    const readme = await readFile(readmeFile, 'utf8');
    const start = readme.indexOf(OPTIONS_TABLE_START);
    const end = readme.indexOf(OPTIONS_TABLE_END);
    if (start !== -1 && end > start)
      await writeFile(
        readmeFile,
        `${readme.slice(0, start + OPTIONS_TABLE_START.length)}\n${optionsTable(stack.schema)}${readme.slice(end)}`,
      );
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    return { id, package: pkg, dir, files: files.sort() };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
