import { pathToFileURL } from 'node:url';
import type { DetectContext, DetectResult, Detector, Evidence } from '@dockstack/plugin-api';
import type { DetectorReply } from './detect-isolated.js';
import type { LoadedStack } from './loader.js';
import { createProjectView, type ProjectBudget, type ProjectStats } from './project-fs.js';
import { checkProposals, describeDropped, type DroppedProposal } from './proposals.js';
import { detectSandboxed } from './sandbox/index.js';
import { unsupportedEvidence } from './unsupported.js';
import { compareText } from './collate.js';

/** A stack that claims the project, with its evidence. */
export interface Candidate {
  stack: LoadedStack;
  result: DetectResult;
}

/** A detector that failed; detection of the other stacks goes on. */
export interface DetectProblem {
  stack: string;
  message: string;
  /** Set when core dropped a proposed value that breaks the schema (the detector itself worked). */
  dropped?: DroppedProposal;
}

export interface DetectionReport {
  /** Best first. */
  candidates: Candidate[];
  problems: DetectProblem[];
  /** Read counters summed over detectors. */
  stats: ProjectStats;
  /** When no stack claimed the project: build files of ecosystems no stack supports (`build.sbt`, ...). */
  unsupported: Evidence[];
}

export interface DetectOptions {
  /** Per-detector wall-clock limit, in milliseconds. */
  timeoutMs?: number;
  budget?: Partial<ProjectBudget>;
  /**
   * The service is a workspace member built from the workspace root: `root` is that root (absolute),
   * `member` the service folder relative to it. Bundled detectors get a view of the root as their
   * `DetectContext`; isolated ones see their folder only.
   */
  workspace?: { root: string; member: string };
}

/** Bundled stacks ship with the CLI (trusted code); every other origin is isolated. */
function isBundled(stack: LoadedStack): boolean {
  return stack.origin === 'bundled';
}

/** A bundled stack's detector module compiled into the CLI's own bundle, by package name. */
export interface CompiledDetector {
  /** The stack package's version it was built from: used only for that exact version. */
  version: string;
  load: () => Promise<{ detect?: Detector; default?: Detector }>;
}

const compiledDetectors = new Map<string, CompiledDetector>();

/**
 * The CLI's bundle carries its bundled stacks' detectors (built from the same packages), so that
 * a start does not read and link each one's modules from disk. A bundled stack of the same package
 * and version uses it; any other stack imports its detector file as before.
 */
export function useCompiledDetectors(detectors: Readonly<Record<string, CompiledDetector>>): void {
  for (const [name, detector] of Object.entries(detectors)) compiledDetectors.set(name, detector);
}

function detectorModule(stack: LoadedStack): Promise<{ detect?: Detector; default?: Detector }> {
  const compiled = compiledDetectors.get(stack.packageName);
  if (compiled !== undefined && isBundled(stack) && compiled.version === stack.version) return compiled.load();
  return import(pathToFileURL(stack.detectorPath as string).href) as Promise<{ detect?: Detector; default?: Detector }>;
}

/**
 * A bundled detector runs in this thread: it is a pure function over the bounded, read-only
 * project view, so it needs no worker of its own. The time limit still applies to what it awaits.
 */
async function runInProcess(
  stack: LoadedStack,
  root: string,
  timeoutMs: number,
  budget: Partial<ProjectBudget>,
  workspace?: { root: string; member: string },
): Promise<DetectorReply> {
  const view = createProjectView(root, budget);
  const context: DetectContext =
    workspace === undefined ? {} : { workspace: { root: createProjectView(workspace.root, budget), member: workspace.member } };
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<DetectorReply>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, message: `detector did not finish within ${timeoutMs} ms` }), timeoutMs);
  });
  const run = async (): Promise<DetectorReply> => {
    try {
      const detectorPath = stack.detectorPath as string;
      const mod = await detectorModule(stack);
      const detect = mod.detect ?? mod.default;
      if (typeof detect !== 'function') throw new Error(`${detectorPath} exports no "detect" function`);
      const result = await detect(view, context);
      return { ok: true, result: result ?? null, stats: view.stats };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error), stats: view.stats };
    }
  };
  try {
    return await Promise.race([run(), limit]);
  } finally {
    clearTimeout(timer);
  }
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

/**
 * Runs every stack's detector against `root`, each bounded in time: bundled stacks' detectors in
 * this thread, every other stack's in the permission sandbox (a child process per detector, cut off
 * at the time limit). A detector that throws, hangs or answers badly is a problem, not a failure.
 */
export async function detectStacks(stacks: readonly LoadedStack[], root: string, options: DetectOptions = {}): Promise<DetectionReport> {
  const withDetector = stacks.filter((s) => s.detectorPath !== undefined);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const budget = { timeoutMs: Math.max(100, timeoutMs - 500), ...options.budget };
  const isolated = withDetector.filter((s) => !isBundled(s));
  const [inProcess, outside] = await Promise.all([
    Promise.all(withDetector.filter(isBundled).map((s) => runInProcess(s, root, timeoutMs, budget, options.workspace))),
    // Not bundled: untrusted code, each detector in the permission sandbox (a child process that
    // may read only the project and the stack), one after another, each cut off at its limit.
    (async () => {
      const out: DetectorReply[] = [];
      for (const s of isolated) {
        const reply = await detectSandboxed(s, root, budget, timeoutMs);
        // The same words as a bundled detector cut off at the same limit.
        out.push(
          !reply.ok && /did not finish within/.test(reply.message)
            ? { ...reply, message: `detector did not finish within ${timeoutMs} ms` }
            : reply,
        );
      }
      return out;
    })(),
  ]);
  const byStack = new Map<LoadedStack, DetectorReply>();
  withDetector.filter(isBundled).forEach((s, i) => byStack.set(s, inProcess[i] as DetectorReply));
  isolated.forEach((s, i) => byStack.set(s, outside[i] as DetectorReply));
  const replies = withDetector.map((s) => byStack.get(s) as DetectorReply);
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
    else if (reply.result.confidence > 0) {
      const checked = checkProposals(stack.schema, reply.result);
      for (const dropped of checked.dropped) problems.push({ stack: stack.id, message: describeDropped(dropped), dropped });
      candidates.push({ stack, result: checked.result });
    }
  });
  candidates.sort((a, b) => b.result.confidence - a.result.confidence || compareText(a.stack.id, b.stack.id));
  const unsupported = candidates.length === 0 ? await unsupportedEvidence(root) : [];
  return { candidates, problems, stats, unsupported };
}
