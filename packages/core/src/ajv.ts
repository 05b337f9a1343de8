import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';

/** Annotation keywords dockstack adds to option schemas. */
export const OPTION_KEYWORDS = ['x-important', 'x-group', 'x-example'] as const;

/** A strict ajv instance that knows dockstack's annotation keywords. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, useDefaults: false });
  for (const keyword of OPTION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ['boolean', 'string'] });
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
