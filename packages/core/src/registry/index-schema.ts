import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { formatAjvErrors } from '../ajv.js';
import { DockstackError } from '../errors.js';
import { ownValidator } from '../validators.js';

const require = createRequire(import.meta.url);

/** One published version of a stack, as the index records it. */
export interface IndexVersion {
  version: string;
  /** SRI sha512 of the published tarball. */
  integrity: string;
  /** `package.json#dockstack.apiRange` of that version. */
  apiRange: string;
  /** The version's release notes: `<repository path>/CHANGELOG.md#<anchor>`. */
  changelog?: string;
  /** Engine-proof status at release: test fixtures, and how many of them the engine tier builds and runs. */
  proof?: { fixtures: number; engine: number };
  deprecated: boolean;
  deprecationMessage?: string;
}

/** One stack in the index. */
export interface IndexStack {
  id: string;
  package: string;
  displayName: string;
  description: string;
  tags: string[];
  detectHints: string[];
  /** Built from this repository's plugins/ folder; others need confirmation to install. */
  official: boolean;
  /** Ascending by semver. */
  versions: IndexVersion[];
}

/** The registry index (`registry/index.json`, shape `formatVersion` 1). */
export interface RegistryIndex {
  /** Editor hint: the path or URL of the schema. */
  $schema?: string;
  formatVersion: 1;
  stacks: IndexStack[];
}

/** Absolute path of a file of the `@dockstack/registry` package (index, schemas). */
export function registryFile(name: 'index.json' | 'index.schema.json' | 'source.schema.json'): string {
  return require.resolve(`@dockstack/registry/${name}`);
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

let validators: { index: ValidateFunction; source: ValidateFunction } | undefined;

function compiled(): NonNullable<typeof validators> {
  validators ??= { index: ownValidator('index'), source: ownValidator('source') };
  return validators;
}

/** Problems that the schema cannot express: duplicate ids or packages, unsorted entries. */
function crossChecks(index: RegistryIndex): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const stack of index.stacks) {
    for (const key of [`id ${stack.id}`, `package ${stack.package}`]) {
      if (seen.has(key)) problems.push(`duplicate ${key}`);
      seen.set(key, stack.id);
    }
    const versions = stack.versions.map((v) => v.version);
    if (new Set(versions).size !== versions.length) problems.push(`${stack.id}: duplicate versions`);
  }
  return problems;
}

/**
 * Checks a parsed index against `index.schema.json` and the rules the schema cannot say
 * (unique ids, packages and versions). Throws E_REGISTRY naming `where`.
 */
export function validateIndex(data: unknown, where: string): RegistryIndex {
  const { index } = compiled();
  if (!index(data)) {
    throw new DockstackError(
      'E_REGISTRY',
      `The stack index from ${where} does not match its schema: ${formatAjvErrors(index.errors).slice(0, 3).join('; ')}`,
      {
        file: where,
        pointer: index.errors?.[0]?.instancePath ?? '',
        hint: 'Point DOCKSTACK_INDEX_URL (or indexUrl in the dockstack config) at a dockstack index, format 1.',
      },
    );
  }
  const problems = crossChecks(data as RegistryIndex);
  if (problems.length > 0)
    throw new DockstackError('E_REGISTRY', `The stack index from ${where} is inconsistent: ${problems.join('; ')}`, { file: where });
  return data as RegistryIndex;
}

/** Checks one `registry/stacks/<id>.json` source file; returns the error lines (empty when valid). */
export function checkRegistrySource(data: unknown): string[] {
  const { source } = compiled();
  return source(data) ? [] : formatAjvErrors(source.errors);
}

/** The index copy that ships with dockstack (works offline). */
export function readShippedIndex(): RegistryIndex {
  const file = registryFile('index.json');
  return validateIndex(readJson(file), file);
}
