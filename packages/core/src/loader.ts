import { readFileSync, readdirSync } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { PLUGIN_API_VERSION, type Migration, type StackManifest } from '@dockstack/plugin-api';
import { formatAjvErrors } from './ajv.js';
import { DockstackError } from './errors.js';
import { resolveCommonOptions } from './common-options.js';
import { checkOptionSchema, type OptionSchema } from './option-schema.js';
import { ownValidator, type ValidatorSource } from './validators.js';

/** A stack read from disk and checked: everything render needs is in memory. */
export interface LoadedStack {
  id: string;
  displayName: string;
  description: string;
  packageName: string;
  version: string;
  dir: string;
  manifest: StackManifest;
  schema: OptionSchema;
  /** Output file name -> template source. */
  templates: Record<string, string>;
  /** Every file under the template folders, keyed by package-relative path (for includes). */
  templateFiles: Record<string, string>;
  /** Absolute path of the detector module, when the stack has one. */
  detectorPath?: string;
  /** Absolute path of the migrations module, when the stack has one. */
  migrationsPath?: string;
  /** Where it came from: bundled with the CLI, installed, or linked for development. */
  origin: string;
}

/** A stack that failed to load; other stacks keep working. */
export interface LoadError {
  dir: string;
  error: DockstackError;
}

const validateManifest = ownValidator('manifest');

async function readPackageJson(dir: string): Promise<Record<string, unknown>> {
  const file = path.join(dir, 'package.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DockstackError('E_STACK_INVALID', `No package.json in ${dir}`, {
      file,
      hint: 'A stack is an npm package: its folder needs a package.json with a "dockstack" key.',
      cause,
    });
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new DockstackError('E_STACK_INVALID', `${file} is not valid JSON`, { file, cause });
  }
}

/** Reads a file inside the package, refusing paths that escape it. */
async function readInside(dir: string, rel: string, what: string): Promise<string> {
  const abs = path.resolve(dir, rel);
  if (!abs.startsWith(path.resolve(dir) + path.sep)) {
    throw new DockstackError('E_STACK_INVALID', `${what} path "${rel}" leaves the stack package`, {
      file: path.join(dir, 'package.json'),
      pointer: '/dockstack',
    });
  }
  try {
    // a symlink inside the package must not lead out of it either
    const [real, realDir] = await Promise.all([realpath(abs), realpath(dir)]);
    if (!real.startsWith(realDir + path.sep))
      throw new DockstackError('E_STACK_INVALID', `${what} path "${rel}" leaves the stack package through a symlink`, {
        file: path.join(dir, 'package.json'),
        pointer: '/dockstack',
      });
    return await readFile(abs, 'utf8');
  } catch (cause) {
    if (cause instanceof DockstackError) throw cause;
    throw new DockstackError('E_STACK_INVALID', `${what} "${rel}" is missing from the stack package`, {
      file: path.join(dir, 'package.json'),
      pointer: '/dockstack',
      cause,
    });
  }
}

async function readTree(dir: string, relDir: string, out: Record<string, string>): Promise<void> {
  const abs = path.join(dir, relDir);
  for (const entry of await readdir(abs, { withFileTypes: true })) {
    const rel = path.posix.join(relDir, entry.name);
    if (entry.isDirectory()) await readTree(dir, rel, out);
    else if (entry.isFile()) out[rel] = await readFile(path.join(dir, rel), 'utf8');
  }
}

/** Checks the running plugin API against a stack's declared range. */
export function assertApiCompatible(id: string, version: string, apiRange: string, file?: string): void {
  if (semver.validRange(apiRange) === null) {
    throw new DockstackError('E_STACK_INVALID', `Stack ${id}@${version} declares an invalid apiRange "${apiRange}"`, {
      file,
      pointer: '/dockstack/apiRange',
      hint: 'Use a semver range such as "^1.0.0".',
    });
  }
  if (!semver.satisfies(PLUGIN_API_VERSION, apiRange)) {
    const major = semver.minVersion(apiRange)?.major;
    throw new DockstackError(
      'E_STACK_INCOMPATIBLE',
      `Stack ${id}@${version} needs plugin API ${apiRange}, but this dockstack provides plugin API ${PLUGIN_API_VERSION}`,
      {
        file,
        pointer: '/dockstack/apiRange',
        hint:
          `Install a version of ${id} whose apiRange admits ${PLUGIN_API_VERSION} (for example one declaring ^${semver.major(PLUGIN_API_VERSION)}.0.0)` +
          (major !== undefined ? `, or use a dockstack release that provides plugin API ${major}.x.` : '.'),
        data: { apiRange, running: PLUGIN_API_VERSION },
      },
    );
  }
}

/** Loads and checks one stack package folder. Throws a DockstackError on any defect. */
export async function loadStack(dir: string, origin = 'bundled', validators?: ValidatorSource): Promise<LoadedStack> {
  const pkgFile = path.join(dir, 'package.json');
  const pkg = await readPackageJson(dir);
  const manifest = pkg['dockstack'];
  if (manifest === undefined) {
    throw new DockstackError('E_STACK_INVALID', `${pkgFile} has no "dockstack" manifest`, {
      file: pkgFile,
      hint: 'Add a "dockstack" key with id, displayName, apiRange, schema and templates.',
    });
  }
  if (!validateManifest(manifest)) {
    throw new DockstackError('E_STACK_INVALID', `Invalid stack manifest: ${formatAjvErrors(validateManifest.errors).join('; ')}`, {
      file: pkgFile,
      pointer: `/dockstack${validateManifest.errors?.[0]?.instancePath ?? ''}`,
    });
  }
  const m = manifest as unknown as StackManifest;
  const version = typeof pkg['version'] === 'string' ? pkg['version'] : '0.0.0';
  assertApiCompatible(m.id, version, m.apiRange, pkgFile);

  const schemaText = await readInside(dir, m.schema, 'Options schema');
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch (cause) {
    throw new DockstackError('E_STACK_INVALID', `Options schema ${m.schema} is not valid JSON`, {
      file: path.join(dir, m.schema),
      cause,
    });
  }
  const checked = checkOptionSchema(resolveCommonOptions(schema, path.join(dir, m.schema)), path.join(dir, m.schema), validators);

  const templates: Record<string, string> = {};
  const templateFiles: Record<string, string> = {};
  for (const [output, rel] of Object.entries(m.templates)) {
    templates[output] = await readInside(dir, rel, `Template for ${output}`);
    const folder = path.posix.dirname(rel);
    if (folder !== '.' && !(folder in templateFiles)) await readTree(dir, folder, templateFiles);
  }

  let detectorPath: string | undefined;
  if (m.detector !== undefined) {
    detectorPath = path.resolve(dir, m.detector);
    await readInside(dir, m.detector, 'Detector module');
  }
  let migrationsPath: string | undefined;
  if (m.migrations !== undefined) {
    // kept inside the package like the detector: a manifest cannot point at code elsewhere
    await readInside(dir, m.migrations, 'Migrations module');
    migrationsPath = path.resolve(dir, m.migrations);
  }

  return {
    id: m.id,
    displayName: m.displayName,
    description: m.description ?? '',
    packageName: typeof pkg['name'] === 'string' ? pkg['name'] : m.id,
    version,
    dir,
    manifest: m,
    schema: checked,
    templates,
    templateFiles,
    ...(detectorPath === undefined ? {} : { detectorPath }),
    ...(migrationsPath === undefined ? {} : { migrationsPath }),
    origin,
  };
}

function readInsideSync(dir: string, rel: string, what: string): string {
  const abs = path.resolve(dir, rel);
  if (!abs.startsWith(path.resolve(dir) + path.sep)) {
    throw new DockstackError('E_STACK_INVALID', `${what} path "${rel}" leaves the stack package`, {
      file: path.join(dir, 'package.json'),
      pointer: '/dockstack',
    });
  }
  try {
    return readFileSync(abs, 'utf8');
  } catch (cause) {
    throw new DockstackError('E_STACK_INVALID', `${what} "${rel}" is missing from the stack package`, {
      file: path.join(dir, 'package.json'),
      pointer: '/dockstack',
      cause,
    });
  }
}

function readTreeSync(dir: string, relDir: string, out: Record<string, string>): void {
  for (const entry of readdirSync(path.join(dir, relDir), { withFileTypes: true })) {
    const rel = path.posix.join(relDir, entry.name);
    if (entry.isDirectory()) readTreeSync(dir, rel, out);
    else if (entry.isFile()) out[rel] = readFileSync(path.join(dir, rel), 'utf8');
  }
}

/**
 * Reads a stack's manifest only (checked, API range too) and returns a stack whose options
 * schema (with its validator) and templates are read and checked on first use, with the same
 * errors {@link loadStack} gives. For bundled stacks, checked at build time: discovery and
 * detection never touch the templates, schemas or validators of stacks they do not use.
 */
export async function loadStackLazily(dir: string, origin = 'bundled', validators?: ValidatorSource): Promise<LoadedStack> {
  const pkgFile = path.join(dir, 'package.json');
  const pkg = await readPackageJson(dir);
  const manifest = pkg['dockstack'];
  if (manifest === undefined) {
    throw new DockstackError('E_STACK_INVALID', `${pkgFile} has no "dockstack" manifest`, {
      file: pkgFile,
      hint: 'Add a "dockstack" key with id, displayName, apiRange, schema and templates.',
    });
  }
  if (!validateManifest(manifest)) {
    throw new DockstackError('E_STACK_INVALID', `Invalid stack manifest: ${formatAjvErrors(validateManifest.errors).join('; ')}`, {
      file: pkgFile,
      pointer: `/dockstack${validateManifest.errors?.[0]?.instancePath ?? ''}`,
    });
  }
  const m = manifest as unknown as StackManifest;
  const version = typeof pkg['version'] === 'string' ? pkg['version'] : '0.0.0';
  assertApiCompatible(m.id, version, m.apiRange, pkgFile);
  let schema: OptionSchema | undefined;
  let templates: { templates: Record<string, string>; templateFiles: Record<string, string> } | undefined;
  const readSchema = (): OptionSchema => {
    const text = readInsideSync(dir, m.schema, 'Options schema');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new DockstackError('E_STACK_INVALID', `Options schema ${m.schema} is not valid JSON`, {
        file: path.join(dir, m.schema),
        cause,
      });
    }
    return checkOptionSchema(resolveCommonOptions(parsed, path.join(dir, m.schema)), path.join(dir, m.schema), validators);
  };
  const readTemplates = (): NonNullable<typeof templates> => {
    const out = { templates: {} as Record<string, string>, templateFiles: {} as Record<string, string> };
    for (const [output, rel] of Object.entries(m.templates)) {
      out.templates[output] = readInsideSync(dir, rel, `Template for ${output}`);
      const folder = path.posix.dirname(rel);
      if (folder !== '.' && !(folder in out.templateFiles)) readTreeSync(dir, folder, out.templateFiles);
    }
    return out;
  };
  const stack = {
    id: m.id,
    displayName: m.displayName,
    description: m.description ?? '',
    packageName: typeof pkg['name'] === 'string' ? pkg['name'] : m.id,
    version,
    dir,
    manifest: m,
    ...(m.detector === undefined ? {} : { detectorPath: path.resolve(dir, m.detector) }),
    ...(m.migrations === undefined ? {} : { migrationsPath: path.resolve(dir, m.migrations) }),
    origin,
  };
  return Object.defineProperties(stack, {
    schema: { enumerable: true, get: () => (schema ??= readSchema()) },
    templates: { enumerable: true, get: () => (templates ??= readTemplates()).templates },
    templateFiles: { enumerable: true, get: () => (templates ??= readTemplates()).templateFiles },
  }) as LoadedStack;
}

/** Loads many stacks (`lazy`: see {@link loadStackLazily}), collecting errors instead of failing on the first bad one. */
export async function loadStacks(
  dirs: ReadonlyArray<{ dir: string; origin: string; lazy?: boolean }>,
  validators?: ValidatorSource,
): Promise<{ stacks: LoadedStack[]; errors: LoadError[] }> {
  const stacks: LoadedStack[] = [];
  const errors: LoadError[] = [];
  for (const { dir, origin, lazy } of dirs) {
    try {
      stacks.push(lazy === true ? await loadStackLazily(dir, origin, validators) : await loadStack(dir, origin, validators));
    } catch (error) {
      const e =
        error instanceof DockstackError
          ? error
          : new DockstackError('E_STACK_INVALID', `Could not load stack at ${dir}: ${String(error)}`, { cause: error });
      errors.push({ dir, error: e });
    }
  }
  return { stacks, errors };
}

/** Folders directly under `root` that hold a package.json with a dockstack manifest. */
export async function findStackDirs(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(root)).sort();
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    try {
      if ((await stat(path.join(dir, 'package.json'))).isFile()) dirs.push(dir);
    } catch {
      // not a package folder
    }
  }
  return dirs;
}

/** Loads a stack's option migrations (empty when it ships none). */
export async function loadMigrations(stack: LoadedStack): Promise<Migration[]> {
  if (stack.migrationsPath === undefined) return [];
  const mod = (await import(pathToFileURL(stack.migrationsPath).href)) as { migrations?: Migration[] };
  return Array.isArray(mod.migrations) ? mod.migrations : [];
}
