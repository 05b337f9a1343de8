import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AnySchema, ValidateFunction } from 'ajv';
import { createAjv, sharedSchemas } from './ajv.js';

const require = createRequire(import.meta.url);

/** The schemas of dockstack's own files, precompiled into `packages/core/validators/<name>.cjs`. */
export const OWN_SCHEMAS = ['manifest', 'config', 'lock', 'index', 'source'] as const;
export type OwnSchema = (typeof OWN_SCHEMAS)[number];

/**
 * A validator of one of dockstack's own schemas, as generated at build time with ajv's standalone
 * code (`packages/core/scripts/validators.mjs`): no ajv compile when a command starts.
 */
export function ownValidator(name: OwnSchema): ValidateFunction {
  return require(`../validators/${name}.cjs`) as ValidateFunction;
}

/** ajv's standalone code (CommonJS) of one compiled validator. */
export function standaloneCode(ajv: ReturnType<typeof createAjv>, validate: ValidateFunction): string {
  const standalone = require('ajv/dist/standalone/index.js') as { default: (a: typeof ajv, v: ValidateFunction) => string };
  return standalone.default(ajv, validate);
}

/**
 * The cache key of a stack's options schema: sha256 of the ajv version, the shared schemas and
 * the schema itself. A precompiled or cached validator is used only under the same key.
 */
export function optionSchemaKey(schema: unknown): string {
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  return createHash('sha256')
    .update(`${ajvVersion}\n${JSON.stringify(sharedSchemas())}\n${JSON.stringify(schema)}`)
    .digest('hex');
}

/** Where validators come from when a stack is loaded. */
export interface ValidatorSource {
  /** Validators generated at build time for bundled stacks, by {@link optionSchemaKey}. */
  precompiled?: (key: string) => ValidateFunction | undefined;
  /** Folder for validators compiled once from other stacks' schemas (under the cache dir). */
  cacheDir?: string;
}

function loadCode(code: string): ValidateFunction {
  const module = { exports: {} as unknown };
  // The code is ajv's standalone output for a schema we compiled ourselves (or read back from
  // our cache under the same key); its only imports are ajv's runtime helpers.
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports as ValidateFunction;
}

/**
 * The full validator of an options schema: precompiled when the schema is a bundled one, else
 * read from the on-disk cache, else compiled (ajv strict; compile errors are thrown) and cached.
 */
export function compileOptionSchema(schema: AnySchema, source: ValidatorSource = {}): ValidateFunction {
  if (source.precompiled === undefined && source.cacheDir === undefined) return createAjv().compile(schema);
  const key = optionSchemaKey(schema);
  const pre = source.precompiled?.(key);
  if (pre !== undefined) return pre;
  const file = source.cacheDir === undefined ? undefined : path.join(source.cacheDir, `${key}.cjs`);
  if (file !== undefined) {
    try {
      return loadCode(readFileSync(file, 'utf8'));
    } catch {
      // not cached yet (or unreadable): compile below
    }
  }
  const ajv = createAjv({ code: true });
  const validate = ajv.compile(schema);
  if (file === undefined) return validate;
  const code = standaloneCode(ajv, validate);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  } catch {
    // a read-only cache only costs the next run a compile
  }
  return validate;
}
