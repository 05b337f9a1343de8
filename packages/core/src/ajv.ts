import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnySchemaObject, ErrorObject, Options } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);

/** Annotation keywords dockstack adds to option schemas. */
export const OPTION_KEYWORDS = ['x-important', 'x-group', 'x-example'] as const;

/** The options every dockstack ajv instance uses (the precompiled validators too). */
export const AJV_OPTIONS: Options = { strict: true, allErrors: true, useDefaults: false };

/**
 * Where schemas shared between other schemas live (`packages/core/schemas/shared`, shipped with the
 * package; for example the common options that stack
 * schemas `$ref`): every `*.json` file here with a `$id` is registered on each ajv instance, at
 * run time and when validators are precompiled, so a `$ref` to it resolves in both.
 */
export const SHARED_SCHEMA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'shared');

let shared: AnySchemaObject[] | undefined;

/** The shared schemas (sorted by file name), read once. */
export function sharedSchemas(): AnySchemaObject[] {
  if (shared === undefined) {
    let names: string[];
    try {
      names = readdirSync(SHARED_SCHEMA_DIR)
        .filter((n) => n.endsWith('.json'))
        .sort();
    } catch {
      names = [];
    }
    shared = names
      .map((n) => JSON.parse(readFileSync(path.join(SHARED_SCHEMA_DIR, n), 'utf8')) as AnySchemaObject)
      .filter((s) => typeof s['$id'] === 'string');
  }
  return shared;
}

/**
 * A strict ajv instance that knows dockstack's annotation keywords and the shared schemas.
 * ajv itself is loaded here, on first use: precompiled validators never need it.
 * `code` makes it keep each validator's source (for standalone code).
 */
export function createAjv(options: { code?: boolean } = {}): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv({ ...AJV_OPTIONS, ...(options.code === true ? { code: { source: true } } : {}) });
  for (const keyword of OPTION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ['boolean', 'string'] });
  for (const schema of sharedSchemas()) ajv.addSchema(schema);
  return ajv;
}

/** One line per ajv error: pointer and message. */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || '/';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')})`
          : '';
    return `${where}: ${e.message ?? e.keyword}${extra}`;
  });
}
