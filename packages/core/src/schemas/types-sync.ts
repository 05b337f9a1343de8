import type { StackManifest } from '@dockstack/plugin-api';
import type { ProjectConfig } from '../config.js';
import type { Lockfile } from '../lock.js';
import type { RegistryIndex } from '../registry/index-schema.js';
import type { ConfigSchema, LockSchema, ManifestSchema, RegistryIndexSchema } from './types.generated.js';

/**
 * Compile-time sync checks of the hand-kept type/schema pairs: each hand-written interface must
 * equal the type json-schema-to-typescript generates from its JSON Schema (types.generated.ts,
 * kept current by test/schema-types.test.ts). A drift on either side fails `tsc -b`.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type SchemaTypesInSync = [
  Assert<Equal<ProjectConfig, ConfigSchema>>,
  Assert<Equal<Lockfile, LockSchema>>,
  Assert<Equal<StackManifest, ManifestSchema>>,
  Assert<Equal<RegistryIndex, RegistryIndexSchema>>,
];
