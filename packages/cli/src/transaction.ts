import path from 'node:path';
import lockfile from 'proper-lockfile';
import { DockstackError, applyWrites, type PlannedWrite } from '@dockstack/core';

/** The lock folder proper-lockfile creates in the project root while a command writes. */
export const PROJECT_LOCK = '.dockstack.lock';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Takes the lock a command that writes holds from before it reads the project until it exits: a second dockstack writing the same
 * project waits (up to about 30 s) and then reads the state the first one left, so config, lock
 * and Dockerfile never come from two different runs. The lock is released on exit, on a signal
 * (proper-lockfile's exit hook) and when `fn` throws; a lock left by a killed process goes stale
 * after 20 s.
 */
export async function acquireProjectLock(root: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(root, {
      lockfilePath: path.join(root, PROJECT_LOCK),
      realpath: false,
      stale: 20_000,
      update: 5_000,
      retries: { retries: 300, factor: 1, minTimeout: 100, maxTimeout: 100 },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DockstackError('E_WRITE', code === 'ELOCKED' ? `Another dockstack command is writing this project (${PROJECT_LOCK} is held); nothing was written` : `Could not take the project lock ${PROJECT_LOCK}: ${(error as Error).message}`, {
      file: PROJECT_LOCK,
      hint: code === 'ELOCKED' ? 'Wait for it to finish and run again; a lock left by a crashed run expires after 20 seconds.' : 'Check permissions on the project directory and run again.',
      cause: error,
    });
  }
}

/**
 * {@link applyWrites} with SIGINT, SIGTERM and SIGHUP held back until the transaction has either
 * finished or rolled back: an interrupt never leaves temporary files or a new Dockerfile beside
 * the old lock and config. A signal that arrived is then delivered again (the process ends as
 * interrupted, after the project lock's exit hook ran).
 */
export async function applyWritesAtomically(plan: readonly PlannedWrite[]): Promise<string[]> {
  let pending: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals): void => {
    pending ??= signal;
  };
  for (const s of SIGNALS) process.on(s, hold);
  try {
    return await applyWrites(plan);
  } finally {
    for (const s of SIGNALS) process.off(s, hold);
    if (pending !== undefined) process.kill(process.pid, pending);
  }
}
