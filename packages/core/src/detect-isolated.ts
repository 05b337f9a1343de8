import { Worker } from 'node:worker_threads';
import type { DetectResult } from '@dockstack/plugin-api';
import type { ProjectBudget, ProjectStats } from './project-fs.js';

/** What one detector gave: its result (null when it did not claim the project) or why it failed. */
export type DetectorReply =
  { ok: true; result: DetectResult | null; stats: ProjectStats } | { ok: false; message: string; stats?: ProjectStats };

/** One detector to run in isolation. */
export interface IsolatedDetector {
  /** Absolute path of the detector module. */
  detectorPath: string;
}

type WorkerMessage = { type: 'start'; index: number } | { type: 'done'; index: number; reply: DetectorReply };

/**
 * Runs untrusted (non-bundled) detectors away from the CLI's thread, in ONE worker at a time,
 * one after the other, each within `timeoutMs`: one that throws is reported; one that loops or
 * hangs is cut off at its limit (the worker is terminated) and a new worker runs the rest.
 * Replies come back in input order. This is the one seam for isolating stack code at detection:
 * its internals can change (for example to a permission-restricted child process) without
 * touching callers.
 */
export function runIsolatedDetectors(
  detectors: readonly IsolatedDetector[],
  root: string,
  options: { timeoutMs: number; budget: Partial<ProjectBudget> },
): Promise<DetectorReply[]> {
  const replies: Array<DetectorReply | undefined> = detectors.map(() => undefined);
  if (detectors.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    const startWorker = (from: number): void => {
      const pending = detectors.map((d, index) => ({ index, detectorPath: d.detectorPath })).slice(from);
      if (pending.length === 0) {
        resolve(replies as DetectorReply[]);
        return;
      }
      const worker = new Worker(new URL('./detect-worker.js', import.meta.url), {
        workerData: { detectors: pending, root, budget: options.budget },
        resourceLimits: { maxOldGenerationSizeMb: 256 },
        stdout: true,
        stderr: true,
      });
      let current = from;
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => fail(`detector did not finish within ${options.timeoutMs} ms`), options.timeoutMs);
      };
      // The current detector failed without answering: record it, drop this worker, go on with the next.
      const fail = (message: string): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        replies[current] ??= { ok: false, message };
        void worker.terminate();
        startWorker(current + 1);
      };
      arm();
      worker.on('message', (m: WorkerMessage) => {
        if (done) return;
        if (m.type === 'start') {
          current = m.index;
          arm();
          return;
        }
        replies[m.index] = m.reply;
        if (m.index === detectors.length - 1) {
          done = true;
          clearTimeout(timer);
          void worker.terminate();
          resolve(replies as DetectorReply[]);
        }
      });
      worker.once('error', (error) => fail(error.message));
      worker.once('exit', (code) => fail(`detector exited with code ${code}`));
    };
    startWorker(0);
  });
}
