import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import semver from 'semver';
import type { StackCatalog } from '../catalog.js';
import { servicePath, type LoadedConfig } from '../config.js';
import { renderLocked } from '../generate.js';
import { LOCK_FILE, lockedStack, sha512, stackIntegrity, type Lockfile } from '../lock.js';
import { hasConflictMarkers } from '../merge.js';
import { readProjectFile } from './read-file.js';

/** One generated file compared with its lock entry and with what the locked version renders now. */
export interface FileCheck {
  /** Path relative to the project root. */
  path: string;
  /** `ok`, or `drift` (see the flags), or `missing` (the file was deleted). */
  status: 'ok' | 'drift' | 'missing';
  /** The file on disk differs from what was generated (its hash is not the lock's). */
  userEdited: boolean;
  /** The locked version now renders something other than what the lock recorded. */
  templateMoved: boolean;
  /** The file still holds `<<<<<<<` / `>>>>>>>` blocks from an upgrade. */
  conflictMarkers: boolean;
  /** The file is what the locked version renders, but the lock records another hash (the lock was edited). */
  lockHashMismatch?: boolean;
  /** The file is larger than dockstack reads back (16 MB): not generated text, so reported as edited, not deleted. */
  tooLarge?: boolean;
}

/** One service: its files and whether the config still agrees with the lock. */
export interface ServiceCheck {
  path: string;
  stack: string;
  version: string;
  files: FileCheck[];
  /** `ok`, `changed` (config options, stack or range no longer match the lock), `not-locked` (in the config, not the lock). */
  config: 'ok' | 'changed' | 'not-locked' | 'no-config';
  /** False when the installed copy of the locked version is not the one that was locked. */
  integrity: boolean;
  /** Newest installed version of the stack, when newer than the locked one. */
  newer?: string;
}

/** Result of `dockstack check`. */
export interface CheckReport {
  drift: boolean;
  services: ServiceCheck[];
}

function configStatus(config: LoadedConfig | undefined, at: string, lock: Lockfile): ServiceCheck['config'] {
  if (config === undefined) return 'no-config';
  const entry = config.config.stacks.find((s) => servicePath(s) === at);
  const locked = lock.services[at];
  if (entry === undefined || locked === undefined) return 'changed';
  if (entry.stack !== locked.stack) return 'changed';
  if (entry.version !== undefined && !semver.satisfies(locked.version, entry.version)) return 'changed';
  const same = Object.entries(entry.options ?? {}).every(([k, v]) => isDeepStrictEqual(locked.options[k], v));
  return same ? 'ok' : 'changed';
}

/**
 * Compares every generated file with the lock: re-renders each service with its locked version,
 * options and header facts, and says per file whether the user edited it, the template moved, or
 * both. Throws E_LOCK when a locked version is not installed. Reads only.
 */
export async function checkProject(catalog: StackCatalog, root: string, lock: Lockfile, config?: LoadedConfig): Promise<CheckReport> {
  const services: ServiceCheck[] = [];
  for (const at of Object.keys(lock.services).sort()) {
    const locked = lock.services[at];
    if (locked === undefined) continue;
    const stack = lockedStack(catalog, at, locked);
    const expected = renderLocked(stack, locked);
    const names = [...new Set([...expected.map((f) => f.path), ...Object.keys(locked.files)])].sort();
    const files: FileCheck[] = [];
    for (const name of names) {
      const rel = path.posix.join(at, name);
      const want = expected.find((f) => f.path === name)?.content;
      const read = await readProjectFile(root, rel, { code: 'E_LOCK', what: `${LOCK_FILE} file`, file: LOCK_FILE });
      const current = read.status === 'ok' ? read.text : undefined;
      const present = read.status !== 'missing';
      const lockedHash = locked.files[name];
      const templateMoved = want === undefined || lockedHash === undefined || sha512(want) !== lockedHash;
      const userEdited = current === undefined || lockedHash === undefined || sha512(current) !== lockedHash;
      // ok only when the file is the locked render AND the lock's hash is that render's hash
      const lockHashMismatch = current !== undefined && current === want && lockedHash !== sha512(current);
      const ok = current !== undefined && current === want && !lockHashMismatch;
      files.push({
        path: rel,
        status: ok ? 'ok' : present ? 'drift' : 'missing',
        userEdited: !ok && !lockHashMismatch && userEdited,
        templateMoved: !ok && !lockHashMismatch && templateMoved,
        conflictMarkers: current !== undefined && hasConflictMarkers(current),
        ...(lockHashMismatch ? { lockHashMismatch: true } : {}),
        ...(read.status === 'too-large' ? { tooLarge: true } : {}),
      });
    }
    const newest = catalog.stacks
      .filter((s) => s.id === locked.stack)
      .map((s) => s.version)
      .sort(semver.rcompare)[0];
    services.push({
      path: at,
      stack: locked.stack,
      version: locked.version,
      files,
      config: configStatus(config, at, lock),
      integrity: stackIntegrity(stack) === locked.integrity,
      ...(newest !== undefined && semver.gt(newest, locked.version) ? { newer: newest } : {}),
    });
  }
  for (const entry of config?.config.stacks ?? []) {
    const at = servicePath(entry);
    if (lock.services[at] === undefined)
      services.push({ path: at, stack: entry.stack, version: '', files: [], config: 'not-locked', integrity: true });
  }
  const drift = services.some(
    (s) => (s.config !== 'ok' && s.config !== 'no-config') || !s.integrity || s.files.some((f) => f.status !== 'ok'),
  );
  return { drift, services };
}

/** One line per drifting file, e.g. `Dockerfile: edited by hand` / `template moved` / both. */
export function describeDrift(report: CheckReport): string[] {
  const out: string[] = [];
  for (const s of report.services) {
    if (!s.integrity)
      out.push(`${s.path}: the installed ${s.stack}@${s.version} is not the copy ${LOCK_FILE} recorded (integrity mismatch)`);
    if (s.config === 'not-locked') out.push(`${s.path}: in the config but not in ${LOCK_FILE} (run dockstack init)`);
    else if (s.config === 'changed') out.push(`${s.path}: the config changed since ${LOCK_FILE} was written (run dockstack init)`);
    for (const f of s.files) {
      if (f.status === 'ok') continue;
      const why =
        f.status === 'missing'
          ? ['deleted']
          : f.lockHashMismatch === true
            ? [`its hash in ${LOCK_FILE} is not the hash of the locked render (the lock was edited)`]
            : [
                ...(f.tooLarge === true ? ['larger than 16 MB, not read'] : []),
                ...(f.userEdited ? ['edited by hand'] : []),
                ...(f.templateMoved ? [`template moved (${s.stack}@${s.version} now renders differently)`] : []),
              ];
      if (f.conflictMarkers) why.push('holds unresolved conflict markers');
      out.push(`${f.path}: ${why.join('; ')}`);
    }
  }
  return out;
}
