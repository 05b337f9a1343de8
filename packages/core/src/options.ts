import type { ErrorObject } from 'ajv';
import { DockstackError } from './errors.js';
import { defaultsOf, validatorFor, type OptionProperty, type OptionSchema } from './option-schema.js';
import { didYouMean, hasControlChars, showValue } from './text.js';

/**
 * Where an option value came from, as printed in reports and errors. Precedence, lowest first:
 * `default` < `detection` < `config <file>` < `prompt` < `flag --set` < `harness` (the test kit's
 * overrides, e.g. the engine tier's `syntax=false`, which are nobody's choice).
 */
export type OptionSource = 'default' | 'detection' | 'image policy' | `config ${string}` | 'prompt' | 'flag --set' | 'harness';

/** Sources a person chose: their values go into the header's regenerate command. */
export function isChosen(source: OptionSource): boolean {
  return source === 'flag --set' || source === 'prompt';
}

/** A named set of option values, lowest precedence first when resolving. */
export interface OptionLayer {
  /** Where the values came from. */
  source: OptionSource;
  values: Record<string, unknown>;
  /** File the layer came from, when any (for errors). */
  file?: string;
  /** JSON pointer prefix of the values inside that file. */
  pointer?: string;
}

export interface ResolvedOptions {
  values: Record<string, unknown>;
  /** Option -> the source of its final value (`default` for schema defaults). */
  sources: Record<string, OptionSource>;
}

/** Parses `key=value` flags, coercing each value by the option's declared type. */
export function parseSetFlags(schema: OptionSchema, flags: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      throw new DockstackError('E_USAGE', `--set "${showValue(flag).slice(1, -1)}" is not key=value`, {
        source: 'flag --set',
        hint: 'Write --set nodeVersion=22 (one option per --set).',
      });
    }
    const key = flag.slice(0, eq);
    const raw = flag.slice(eq + 1);
    const prop = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (prop === undefined) throw unknownOption(schema, key, { source: 'flag --set', values: {} });
    out[key] = coerce(prop, raw);
  }
  return out;
}

function coerce(prop: OptionProperty, raw: string): unknown {
  switch (prop.type) {
    case 'boolean':
      if (raw === 'true' || raw === '1' || raw === 'yes') return true;
      if (raw === 'false' || raw === '0' || raw === 'no') return false;
      return raw;
    case 'integer':
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'array':
      return raw === '' ? [] : raw.split(',').map((s) => s.trim());
    default:
      return raw;
  }
}

/** Keys that name JavaScript's object machinery, never an option. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

function unknownOption(schema: OptionSchema, key: string, layer: OptionLayer): DockstackError {
  const known = Object.keys(schema.properties);
  if (RESERVED_KEYS.includes(key)) {
    return new DockstackError('E_OPTION_UNKNOWN', `"${key}" is not an option name (it is reserved by JavaScript) (from ${layer.source})`, {
      option: key,
      source: layer.source,
      ...(layer.file === undefined ? {} : { file: layer.file }),
      ...(layer.pointer === undefined ? {} : { pointer: `${layer.pointer}/${key}` }),
      hint: `Remove "${key}"; known options: ${known.join(', ')}.`,
    });
  }
  const guess = didYouMean(key, known);
  return new DockstackError('E_OPTION_UNKNOWN', `Unknown option "${key}" (from ${layer.source})`, {
    option: key,
    source: layer.source,
    ...(layer.file === undefined ? {} : { file: layer.file }),
    ...(layer.pointer === undefined ? {} : { pointer: `${layer.pointer}/${key}` }),
    hint: guess !== undefined ? `Did you mean "${guess}"? ` : `Known options: ${known.join(', ')}.`,
  });
}

/** True when a value (or any string inside it) holds a newline or control character. */
export function findControlChars(value: unknown): boolean {
  if (typeof value === 'string') return hasControlChars(value);
  if (Array.isArray(value)) return value.some(findControlChars);
  if (value !== null && typeof value === 'object') return Object.values(value).some(findControlChars);
  return false;
}

/** The rule an ajv error names, in words: `must match the pattern ...`, `must be one of ...`. */
export function describeRule(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'pattern':
      return `must match the pattern ${String(p['pattern'])}`;
    case 'enum':
      return `must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be of type ${String(p['type'])}`;
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * Merges defaults < layers (in order) and validates the result with ajv. Errors name the
 * option, the bad value, the rule it breaks and where the value came from.
 */
export function resolveOptions(schema: OptionSchema, layers: readonly OptionLayer[]): ResolvedOptions {
  const values = defaultsOf(schema);
  const sources: Record<string, OptionSource> = Object.fromEntries(Object.keys(values).map((k): [string, OptionSource] => [k, 'default']));
  const layerOf: Record<string, OptionLayer> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values)) {
      if (!Object.hasOwn(schema.properties, key)) throw unknownOption(schema, key, layer);
      if (value === undefined) continue;
      values[key] = value;
      sources[key] = layer.source;
      layerOf[key] = layer;
    }
  }
  for (const [key, value] of Object.entries(values)) {
    if (findControlChars(value)) {
      const layer = layerOf[key];
      throw new DockstackError(
        'E_OPTIONS_INVALID',
        `Option "${key}" = ${showValue(value)} (from ${sources[key]}) holds a newline or control character, which could inject a Dockerfile instruction`,
        {
          option: key,
          source: sources[key] ?? 'default',
          ...(layer?.file === undefined ? {} : { file: layer.file, pointer: `${layer.pointer ?? ''}/${key}` }),
          hint: `Give ${key} a single-line value.`,
        },
      );
    }
  }
  const missing = (schema.required ?? []).filter((k) => values[k] === undefined);
  if (missing.length > 0) {
    throw new DockstackError('E_OPTIONS_MISSING', `Missing required option${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, {
      hint: `Set ${missing.map((k) => `--set ${k}=...`).join(' ')}.`,
      data: { missing },
    });
  }
  const validate = validatorFor(schema);
  if (!validate(values)) {
    const error = validate.errors?.find((e) => e.instancePath !== '') ?? validate.errors?.[0];
    const key = error?.instancePath.split('/')[1] ?? '';
    const layer = layerOf[key];
    const source = sources[key] ?? 'default';
    const rule = error === undefined ? 'is invalid' : describeRule(error);
    const example = schema.properties[key]?.['x-example'];
    throw new DockstackError('E_OPTIONS_INVALID', `Option "${key}" = ${showValue(values[key])} (from ${source}) ${rule}`, {
      option: key,
      source,
      ...(layer?.file === undefined ? {} : { file: layer.file, pointer: `${layer.pointer ?? ''}/${key}` }),
      hint: `${schema.properties[key]?.description ?? ''}${example === undefined ? '' : ` Example: ${key}=${String(example)}.`}`.trim(),
    });
  }
  return { values, sources };
}
