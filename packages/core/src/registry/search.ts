import semver from 'semver';
import { PLUGIN_API_VERSION } from '@dockstack/plugin-api';
import type { IndexStack, IndexVersion, RegistryIndex } from './index-schema.js';

/** A search hit: the stack and why it matched (higher score first). */
export interface SearchHit {
  stack: IndexStack;
  score: number;
  /** Which fields matched, e.g. `["id", "tags"]`. */
  matched: string[];
}

const FIELD_WEIGHTS: ReadonlyArray<[string, number, (s: IndexStack) => string[]]> = [
  ['id', 100, (s) => [s.id]],
  ['package', 40, (s) => [s.package]],
  ['displayName', 40, (s) => [s.displayName]],
  ['tags', 30, (s) => s.tags],
  ['detectHints', 20, (s) => s.detectHints],
  ['description', 10, (s) => [s.description]],
];

const tokens = (value: string): string[] =>
  value
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** 3 for a whole token, 2 for a token prefix, 1 for a phrase with punctuation found as is; else 0. */
function wordScore(value: string, word: string): number {
  const ts = tokens(value);
  if (ts.includes(word)) return 3;
  if (ts.some((t) => t.startsWith(word))) return 2;
  return /[^a-z0-9]/.test(word) && value.toLowerCase().includes(word) ? 1 : 0;
}

function fieldScore(values: string[], words: string[]): number {
  return words.reduce((sum, w) => sum + values.reduce((s, v) => s + wordScore(v, w), 0), 0);
}

/**
 * Stacks where every word of `term` starts a word of the id, package, name, tags, hint
 * files or description (case-insensitive), best first; ties by id. An empty term lists
 * everything.
 */
export function searchIndex(index: RegistryIndex, term: string): SearchHit[] {
  const words = term.toLowerCase().split(/\s+/).filter(Boolean);
  const hits: SearchHit[] = [];
  for (const stack of index.stacks) {
    const values = FIELD_WEIGHTS.flatMap(([, , get]) => get(stack));
    if (!words.every((w) => values.some((v) => wordScore(v, w) > 0))) continue;
    let score = 0;
    const matched: string[] = [];
    for (const [name, weight, get] of FIELD_WEIGHTS) {
      const s = fieldScore(get(stack), words);
      if (s > 0) {
        score += s * weight;
        matched.push(name);
      }
    }
    hits.push({ stack, score, matched });
  }
  return hits.sort((a, b) => b.score - a.score || a.stack.id.localeCompare(b.stack.id));
}

/** True when a version's declared API range admits the running plugin API. */
export function admitsRunningApi(apiRange: string): boolean {
  return semver.validRange(apiRange) !== null && semver.satisfies(PLUGIN_API_VERSION, apiRange);
}

/** The newest non-deprecated version that works with this dockstack, if any. */
export function newestCompatible(stack: IndexStack): IndexVersion | undefined {
  return [...stack.versions].reverse().find((v) => !v.deprecated && admitsRunningApi(v.apiRange));
}

/** Finds a stack by id or npm package name. */
export function findInIndex(index: RegistryIndex, idOrPackage: string): IndexStack | undefined {
  return index.stacks.find((s) => s.id === idOrPackage) ?? index.stacks.find((s) => s.package === idOrPackage);
}
