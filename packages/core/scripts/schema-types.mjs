#!/usr/bin/env node
// Generates TypeScript types from core's JSON Schemas (json-schema-to-typescript) into
// src/schemas/types.generated.ts. src/schemas/types-sync.ts makes the build fail when a hand-kept
// interface (Lockfile, ProjectConfig, StackManifest, RegistryIndex) no longer equals its schema's type;
// test/schema-types.test.ts fails when this file is stale. Run: node packages/core/scripts/schema-types.mjs
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compile } from 'json-schema-to-typescript';

const SCHEMAS = path.resolve(import.meta.dirname, '..', 'src', 'schemas');
export const GENERATED = path.join(SCHEMAS, 'types.generated.ts');

/** Schema file (relative to src/schemas) -> name of its generated type. */
export const PAIRS = {
  'config.schema.json': 'ConfigSchema',
  'lock.schema.json': 'LockSchema',
  'manifest.schema.json': 'ManifestSchema',
  '../../../../registry/index.schema.json': 'RegistryIndexSchema',
};

/** The text of types.generated.ts for the schemas as they are now. */
export async function generatedTypes() {
  const parts = ['// Generated from src/schemas/*.schema.json and registry/index.schema.json by scripts/schema-types.mjs; do not edit.\n'];
  for (const [file, name] of Object.entries(PAIRS)) {
    const { $id: _id, $schema: _draft, ...schema } = JSON.parse(await readFile(path.join(SCHEMAS, file), 'utf8'));
    parts.push(await compile({ ...schema, title: name }, name, { bannerComment: '', format: true, strictIndexSignatures: false, ignoreMinAndMaxItems: true }));
  }
  return parts.join('\n');
}

if (process.argv[1] === import.meta.filename) {
  await writeFile(GENERATED, await generatedTypes());
  console.log(`wrote ${path.relative(process.cwd(), GENERATED)}`);
}
