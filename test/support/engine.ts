import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertEngine } from '@dockstack/engine';

export const REPO = path.resolve(import.meta.dirname, '..', '..');

/**
 * Makes sure an engine answers: uses one that already does, else starts one with the
 * repo's script. Returns a reason to skip when none can be had outside CI; under CI a
 * missing engine throws (a failure, never a skip).
 */
export async function ensureEngine(): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  try {
    return { ok: true, ...(await assertEngine()) };
  } catch {
    // fall through: try to start one
  }
  if (process.env['DOCKSTACK_ENGINE'] !== '0') {
    const started = spawnSync('bash', [path.join(REPO, 'scripts', 'engine', 'ensure-engine.sh')], { stdio: 'inherit' });
    if (started.status === 0) {
      try {
        return { ok: true, ...(await assertEngine()) };
      } catch {
        // reported below
      }
    }
  }
  const reason = 'engine tier skipped: no Docker engine answers; run `bash scripts/engine/ensure-engine.sh` as root (Debian) or set DOCKER_HOST, then re-run `pnpm test`';
  if (process.env['CI']) throw new Error(`CI is set and no Docker engine could be started: ${reason}`);
  return { ok: false, reason };
}

/** Official-name -> stand-in, as committed in scripts/standins/map.json. */
export function standinMap(): Record<string, string> {
  return JSON.parse(readFileSync(path.join(REPO, 'scripts', 'standins', 'map.json'), 'utf8')) as Record<string, string>;
}

/** Builds (or finds cached) the stand-ins for these official names (all when empty); returns the map. */
export function ensureStandins(officialNames: readonly string[] = []): Record<string, string> {
  const r = spawnSync('bash', [path.join(REPO, 'scripts', 'standins', 'build-standins.sh'), ...officialNames], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`building the stand-in base images failed (exit ${r.status}); see the log named above`);
  return standinMap();
}
