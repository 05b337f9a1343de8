import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv, formatAjvErrors } from './ajv.js';
import { DockstackError } from './errors.js';
import { compileOptionSchema, type ValidatorSource } from './validators.js';

/** One option as declared in a stack's JSON Schema. */
export interface OptionProperty {
  type?: 'string' | 'boolean' | 'integer' | 'number' | 'array';
  description: string;
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: { type?: string; pattern?: string; enum?: unknown[]; maxLength?: number };
  'x-important'?: boolean;
  'x-group'?: string;
  [key: string]: unknown;
}

/** A stack's options schema: a closed object of described properties. */
export interface OptionSchema {
  type: 'object';
  properties: Record<string, OptionProperty>;
  required?: string[];
  additionalProperties: false;
  [key: string]: unknown;
}

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Checks that a schema is usable as a dockstack options schema: it compiles under ajv
 * strict mode, is a closed object, and every property has a description and either a
 * default or a place in `required`. With a `source`, the validator comes precompiled or from the
 * cache (and is kept for {@link validatorFor}) instead of a fresh compile.
 */
export function checkOptionSchema(schema: unknown, file: string, source?: ValidatorSource): OptionSchema {
  const fail = (message: string, pointer = ''): never => {
    throw new DockstackError('E_STACK_INVALID', message, { file, pointer });
  };
  const failDefaults = (errors: readonly ErrorObject[]): never => {
    const key = errors[0]?.instancePath.split('/')[1] ?? '';
    return fail(
      `Default of option "${key}" does not satisfy its own schema: ${formatAjvErrors(errors).join('; ')}`,
      `/properties/${key}/default`,
    );
  };
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) fail('Options schema must be a JSON object');
  const s = schema as Record<string, unknown>;
  if (s['type'] !== 'object') fail('Options schema must have "type": "object"', '/type');
  if (s['additionalProperties'] !== false) fail('Options schema must set "additionalProperties": false', '/additionalProperties');
  const props = s['properties'];
  if (typeof props !== 'object' || props === null) fail('Options schema needs "properties"', '/properties');
  const required = Array.isArray(s['required']) ? (s['required'] as string[]) : [];
  for (const [key, prop] of Object.entries(props as Record<string, Record<string, unknown>>)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(key)) fail(`Option "${key}" must be camelCase`, `/properties/${key}`);
    if (typeof prop['description'] !== 'string' || prop['description'].length === 0) {
      fail(`Option "${key}" has no description`, `/properties/${key}/description`);
    }
    if (!('default' in prop) && !required.includes(key)) {
      fail(`Option "${key}" needs a default or a place in "required"`, `/properties/${key}`);
    }
  }
  try {
    if (source === undefined) {
      // One compile checks strictness and every default at once (without `required`, so options
      // that have no default do not count); the full validator is compiled lazily on first use.
      const { required: _required, ...withoutRequired } = s;
      const defaults = createAjv().compile(withoutRequired);
      if (!defaults(defaultsOf(s as OptionSchema))) failDefaults(defaults.errors ?? []);
    } else {
      // The full validator (precompiled, cached or compiled once) checks the defaults; the root
      // `required` errors are those of options without a default, which do not count.
      const validate = compileOptionSchema(s, source);
      compiled.set(s, validate);
      if (!validate(defaultsOf(s as OptionSchema))) {
        const errors = (validate.errors ?? []).filter((e) => !(e.keyword === 'required' && e.instancePath === ''));
        if (errors.length > 0) failDefaults(errors);
      }
    }
  } catch (error) {
    if (error instanceof DockstackError) throw error;
    fail(`Options schema does not compile in ajv strict mode: ${(error as Error).message}`);
  }
  return s as OptionSchema;
}

/** The compiled validator of a checked schema. */
export function validatorFor(schema: OptionSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = createAjv().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** The schema's defaults, as an object. */
export function defaultsOf(schema: OptionSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties)) if ('default' in prop) out[key] = structuredClone(prop.default);
  return out;
}
