import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatAjvErrors } from './ajv.js';
import type { StackCatalog } from './catalog.js';
import { parseJsonText } from './config-parse.js';
import { DockstackError } from './errors.js';
import type { LoadedStack } from './loader.js';
import type { RenderedFile } from './render.js';
import { ownValidator } from './validators.js';

/** The lock file's name, at the project root. */
export const LOCK_FILE = 'dockstack.lock.json';

/** What generated one service's files: enough to render them again byte for byte. */
export interface LockedService {
  /** Stack id. */
  stack: string;
  /** npm package of the stack. */
  package: string;
  /** Exact stack version. */
  version: string;
  /** `sha512-…` of the stack's manifest, options schema and template files (see {@link stackIntegrity}). */
  integrity: string;
  /** Every resolved option value. */
  options: Record<string, unknown>;
  /** dockstack version printed in the headers. */
  generator: string;
  /** Regenerate command printed in the headers. */
  regenerate: string;
  /** File path (relative to the service folder) -> `sha512-…` of the rendered text. */
  files: Record<string, string>;
  /** Base image (`name:tag`, as the Dockerfile names it) -> the `sha256:` digest `dockstack pin` wrote. */
  digests?: Record<string, string>;
}

/** `dockstack.lock.json`: service folder (`.` for the root) -> what generated it. */
export interface Lockfile {
  lockfileVersion: 1;
  services: Record<string, LockedService>;
}

const validate = ownValidator('lock');

/** `sha512-<base64>` of a text, in the Subresource Integrity format npm uses. */
export function sha512(text: string): string {
  return `sha512-${createHash('sha512').update(text, 'utf8').digest('base64')}`;
}

/** JSON with object keys sorted at every level: a stable text for hashing and for the lock. */
export function canonicalJson(value: unknown, indent?: number): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value), null, indent);
}

/**
 * Integrity of what a stack renders from: sha512 over, in this order, the manifest
 * (`package.json#dockstack`, canonical JSON), the options schema (canonical JSON), then every
 * template file (the manifest's templates and everything in their folders) sorted by its
 * package-relative path, each entry framed as `name\0text\0`. The detector and migrations are not
 * included: they do not change what a given set of options renders.
 */
export function stackIntegrity(stack: LoadedStack): string {
  const files: Record<string, string> = { ...stack.templateFiles };
  for (const [output, rel] of Object.entries(stack.manifest.templates)) files[path.posix.normalize(rel)] = stack.templates[output] ?? '';
  const parts: Array<[string, string]> = [
    ['package.json#dockstack', canonicalJson(stack.manifest)],
    [stack.manifest.schema, canonicalJson(stack.schema)],
    ...Object.keys(files)
      .sort()
      .map((rel): [string, string] => [rel, files[rel] ?? '']),
  ];
  const h = createHash('sha512');
  for (const [name, text] of parts) h.update(name).update('\0').update(text).update('\0');
  return `sha512-${h.digest('base64')}`;
}

/** The lock entry for a service rendered with `stack` and `options`. */
export function lockEntry(
  stack: LoadedStack,
  options: Record<string, unknown>,
  files: readonly RenderedFile[],
  meta: { generator: string; regenerate: string },
): LockedService {
  return {
    stack: stack.id,
    package: stack.packageName,
    version: stack.version,
    integrity: stackIntegrity(stack),
    options: { ...options },
    generator: meta.generator,
    regenerate: meta.regenerate,
    files: Object.fromEntries(files.map((f) => [f.path, sha512(f.content)])),
  };
}

/** Reads and validates the lock; undefined when the project has none. */
export async function readLock(root: string): Promise<Lockfile | undefined> {
  let text: string;
  try {
    const info = await stat(path.join(root, LOCK_FILE));
    if (!info.isFile() || info.size > 16 * 1024 * 1024) {
      throw new DockstackError('E_LOCK', `${LOCK_FILE} is not a regular file of a sensible size`, {
        file: LOCK_FILE,
        hint: `Remove it and run "dockstack init" to write a new one.`,
      });
    }
    text = await readFile(path.join(root, LOCK_FILE), 'utf8');
  } catch (error) {
    if (error instanceof DockstackError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DockstackError('E_LOCK', `Cannot read ${LOCK_FILE}: ${(error as Error).message}`, { file: LOCK_FILE, cause: error });
  }
  let value: unknown;
  try {
    value = parseJsonText(LOCK_FILE, text);
  } catch (error) {
    const e = error as DockstackError;
    throw new DockstackError('E_LOCK', e.message, {
      ...e.details,
      hint: `Restore ${LOCK_FILE} from version control, or delete it and run "dockstack init" to write a new one.`,
    });
  }
  if (!validate(value)) {
    const named = validate.errors?.find((e) => e.keyword === 'propertyNames');
    const key = (named?.params as { propertyName?: string } | undefined)?.propertyName;
    if (named !== undefined && key !== undefined) {
      const pointer = `${named.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      throw new DockstackError(
        'E_LOCK',
        `${LOCK_FILE} is not a valid lock: ${pointer.startsWith('/services') && named.instancePath === '/services' ? 'service folder' : 'file name'} ${JSON.stringify(key)} is not a normalised relative path inside the project`,
        {
          file: LOCK_FILE,
          pointer,
          hint: `Lock keys are relative paths without "..", "." segments or a leading "/". Restore ${LOCK_FILE} from version control, or delete it and run "dockstack init" to write a new one.`,
        },
      );
    }
    const first = validate.errors?.[0];
    throw new DockstackError('E_LOCK', `${LOCK_FILE} is not a valid lock: ${formatAjvErrors(validate.errors).slice(0, 3).join('; ')}`, {
      file: LOCK_FILE,
      pointer: first?.instancePath ?? '',
      hint: `Restore ${LOCK_FILE} from version control, or delete it and run "dockstack init" to write a new one.`,
    });
  }
  return value as unknown as Lockfile;
}

/** The lock's text: sorted keys, two-space indent, final newline, no timestamps. */
export function serializeLock(lock: Lockfile): string {
  return `${canonicalJson(lock, 2)}\n`;
}

/** The installed stack of exactly the locked version, or E_LOCK saying what, where and how to fix. */
export function lockedStack(catalog: StackCatalog, service: string, entry: LockedService): LoadedStack {
  const match = catalog.stacks.find((s) => s.id === entry.stack && s.version === entry.version);
  if (match !== undefined) return match;
  const installed = catalog.stacks.filter((s) => s.id === entry.stack).map((s) => s.version);
  throw new DockstackError(
    'E_LOCK',
    `${LOCK_FILE} pins stack ${entry.stack}@${entry.version} for service "${service}", but that version is not installed (installed: ${installed.join(', ') || 'none'})`,
    {
      file: LOCK_FILE,
      pointer: `/services/${service.replace(/~/g, '~0').replace(/\//g, '~1')}/version`,
      hint: `Install it (dockstack stacks install ${entry.stack}@${entry.version}, or add its folder to DOCKSTACK_STACK_PATH), or move the project to an installed version with "dockstack upgrade ${entry.stack}".`,
      data: { stack: entry.stack, version: entry.version, installed },
    },
  );
}
