import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { Detector } from '@dockstack/plugin-api';
import { createProjectView, type ProjectBudget } from './project-fs.js';

// Runs one stack's detector in isolation: a detector that throws, loops or hangs cannot
// take the CLI down with it, because the parent terminates this worker on timeout.
const { detectorPath, root, budget } = workerData as { detectorPath: string; root: string; budget: Partial<ProjectBudget> };
const view = createProjectView(root, budget);
try {
  const mod = (await import(pathToFileURL(detectorPath).href)) as { detect?: Detector; default?: Detector };
  const detect = mod.detect ?? mod.default;
  if (typeof detect !== 'function') throw new Error(`${detectorPath} exports no "detect" function`);
  const result = await detect(view);
  parentPort?.postMessage({ ok: true, result: result ?? null, stats: view.stats });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error), stats: view.stats });
}
