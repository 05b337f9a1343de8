import { Worker } from 'node:worker_threads';
import type { DetectResult } from '@dockstack/plugin-api';
import type { LoadedStack } from './loader.js';
import type { ProjectBudget, ProjectStats } from './project-fs.js';
import { detectSandboxed, isTrustedStack } from './sandbox/index.js';

/** A stack that claims the project, with its evidence. */
export interface Candidate {
  stack: LoadedStack;
  result: DetectResult;
}

/** A detector that failed; detection of the other stacks goes on. */
export interface DetectProblem {
  stack: string;
  message: string;
}

export interface DetectionReport {
  /** Best first. */
  candidates: Candidate[];
  problems: DetectProblem[];
  /** Read counters summed over detectors. */
  stats: ProjectStats;
}

export interface DetectOptions {
  /** Per-detector wall-clock limit, in milliseconds. */
  timeoutMs?: number;
  budget?: Partial<ProjectBudget>;
}

type WorkerReply = { ok: true; result: DetectResult | null; stats: ProjectStats } | { ok: false; message: string; stats?: ProjectStats };

function runOne(stack: LoadedStack, root: string, options: DetectOptions): Promise<WorkerReply> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  // a stack that is not bundled is untrusted code: its detector runs in the permission sandbox
  if (!isTrustedStack(stack)) return detectSandboxed(stack, root, { timeoutMs: Math.max(100, timeoutMs - 500), ...options.budget }, timeoutMs + 2_000);
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./detect-worker.js', import.meta.url), {
      workerData: { detectorPath: stack.detectorPath, root, budget: { timeoutMs: Math.max(100, timeoutMs - 500), ...options.budget } },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (reply: WorkerReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(reply);
    };
    const timer = setTimeout(() => finish({ ok: false, message: `detector did not finish within ${timeoutMs} ms` }), timeoutMs);
    worker.once('message', (reply: WorkerReply) => finish(reply));
    worker.once('error', (error) => finish({ ok: false, message: error.message }));
    worker.once('exit', (code) => finish({ ok: false, message: `detector exited with code ${code}` }));
  });
}

function checkResult(stack: LoadedStack, result: DetectResult): string | undefined {
  if (typeof result !== 'object' || result === null) return 'returned a non-object';
  if (typeof result.confidence !== 'number' || result.confidence < 0 || result.confidence > 1) return 'returned a confidence outside 0..1';
  if (!Array.isArray(result.reasons)) return 'returned no reasons array';
  if (typeof result.options !== 'object' || result.options === null) return 'returned no options object';
  const unknown = Object.keys(result.options).filter((k) => !(k in stack.schema.properties));
  if (unknown.length > 0) return `proposed undeclared option(s): ${unknown.join(', ')}`;
  return undefined;
}

/** Runs every stack's detector against `root`, each isolated and bounded. */
export async function detectStacks(stacks: readonly LoadedStack[], root: string, options: DetectOptions = {}): Promise<DetectionReport> {
  const withDetector = stacks.filter((s) => s.detectorPath !== undefined);
  const replies = await Promise.all(withDetector.map((s) => runOne(s, root, options)));
  const candidates: Candidate[] = [];
  const problems: DetectProblem[] = [];
  const stats: ProjectStats = { filesRead: 0, bytesRead: 0, entriesListed: 0, truncated: [] };
  replies.forEach((reply, i) => {
    const stack = withDetector[i] as LoadedStack;
    if (reply.stats !== undefined) {
      stats.filesRead += reply.stats.filesRead;
      stats.bytesRead += reply.stats.bytesRead;
      stats.entriesListed += reply.stats.entriesListed;
      for (const t of reply.stats.truncated) if (!stats.truncated.includes(t)) stats.truncated.push(t);
    }
    if (!reply.ok) {
      problems.push({ stack: stack.id, message: reply.message });
      return;
    }
    if (reply.result === null) return;
    const defect = checkResult(stack, reply.result);
    if (defect !== undefined) problems.push({ stack: stack.id, message: `detector ${defect}` });
    else if (reply.result.confidence > 0) candidates.push({ stack, result: reply.result });
  });
  candidates.sort((a, b) => b.result.confidence - a.result.confidence || a.stack.id.localeCompare(b.stack.id));
  return { candidates, problems, stats };
}
