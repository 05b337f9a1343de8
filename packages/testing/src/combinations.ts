import type { OptionProperty, OptionSchema } from '@dockstack/core';

/** A small deterministic PRNG (mulberry32), so combination runs are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The values worth trying for one option: every enum value and boolean, number bounds, sampled strings. */
export function candidateValues(prop: OptionProperty, samples: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const add = (v: unknown): void => {
    if (v !== undefined && !out.some((x) => JSON.stringify(x) === JSON.stringify(v))) out.push(v);
  };
  if (Array.isArray(prop.enum)) prop.enum.forEach(add);
  else if (prop.type === 'boolean') [true, false].forEach(add);
  else if (prop.type === 'integer' || prop.type === 'number') {
    add(prop.default);
    if (prop.minimum !== undefined) add(prop.minimum);
    if (prop.maximum !== undefined) add(prop.maximum);
  } else {
    add(prop.default);
    if (prop['x-example'] !== undefined) add(prop['x-example']);
  }
  samples.forEach(add);
  return out;
}

/**
 * At least `count` distinct option objects: first the defaults with each single value varied
 * (so every enum value and boolean appears), then seeded random mixes of all candidates.
 * `samples` adds realistic values per option (e.g. what detection proposed for the fixtures).
 */
export function optionCombinations(
  schema: OptionSchema,
  base: Record<string, unknown>,
  samples: Record<string, unknown[]>,
  count = 200,
  seed = 1,
): Array<Record<string, unknown>> {
  const keys = Object.keys(schema.properties);
  const values = Object.fromEntries(keys.map((k) => [k, candidateValues(schema.properties[k] as OptionProperty, samples[k] ?? [])]));
  const seen = new Set<string>();
  const out: Array<Record<string, unknown>> = [];
  const push = (combo: Record<string, unknown>): void => {
    const key = JSON.stringify(combo);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(combo);
    }
  };
  push({ ...base });
  for (const k of keys) for (const v of values[k] ?? []) push({ ...base, [k]: v });
  const random = prng(seed);
  let guard = 0;
  while (out.length < count && guard++ < count * 50) {
    const combo: Record<string, unknown> = { ...base };
    for (const k of keys) {
      const options = values[k] ?? [];
      if (options.length > 0 && random() < 0.6) combo[k] = options[Math.floor(random() * options.length)];
    }
    push(combo);
  }
  return out;
}
