import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Evidence } from '@dockstack/plugin-api';

/**
 * Build files of ecosystems no official stack builds yet, with what a user can do instead. Read only when no
 * stack claimed the project, so `detect` and `init` can say what they saw instead of "nothing".
 */
export const UNSUPPORTED_BUILD_FILES: ReadonlyArray<{ file: string; says: string }> = [
  {
    file: 'build.sbt',
    says: 'sbt (Scala) build: detected, not supported. No stack builds sbt projects yet (sbt is in neither Debian nor the npm registry, so no build could be proven here); build a fat jar with sbt-assembly and use `dockstack add java` on a Maven or Gradle build, or sbt-native-packager',
  },
  {
    file: 'gleam.toml',
    says: 'Gleam project: detected, not supported. `gleam export erlang-shipment` runs on the Erlang runtime the erlang stack uses, but no stack builds Gleam yet',
  },
  { file: 'build.zig', says: 'Zig build: detected, not supported (no stack builds Zig yet)' },
  { file: 'shard.yml', says: 'Crystal shard: detected, not supported (no stack builds Crystal yet)' },
  { file: 'pubspec.yaml', says: 'Dart/Flutter package: detected, not supported (no stack builds Dart yet)' },
  { file: 'Package.swift', says: 'Swift package: detected, not supported (no stack builds Swift yet)' },
  { file: 'project.clj', says: 'Leiningen (Clojure) project: detected, not supported (no stack builds Clojure yet)' },
  { file: 'deps.edn', says: 'Clojure CLI project: detected, not supported (no stack builds Clojure yet)' },
];

/** The unsupported build files at the root of `root` (regular files only, never followed through symlinks). */
export async function unsupportedEvidence(root: string): Promise<Evidence[]> {
  const out: Evidence[] = [];
  for (const { file, says } of UNSUPPORTED_BUILD_FILES) {
    const st = await lstat(path.join(root, file)).catch(() => undefined);
    if (st?.isFile() === true) out.push({ file, says });
  }
  return out;
}
