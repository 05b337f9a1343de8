import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { Detector } from '@dockstack/plugin-api';
import { createProjectView, type ProjectBudget } from './project-fs.js';

// Runs non-bundled stacks' detectors one after the other, away from the CLI's thread: before
// each one it says which, so the parent can time it and, when it throws, loops or hangs,
// terminate this worker and start another for the rest.
const { detectors, root, budget } = workerData as {
  detectors: Array<{ index: number; detectorPath: string }>;
  root: string;
  budget: Partial<ProjectBudget>;
};
for (const { index, detectorPath } of detectors) {
  parentPort?.postMessage({ type: 'start', index });
  const view = createProjectView(root, budget);
  try {
    const mod = (await import(pathToFileURL(detectorPath).href)) as { detect?: Detector; default?: Detector };
    const detect = mod.detect ?? mod.default;
    if (typeof detect !== 'function') throw new Error(`${detectorPath} exports no "detect" function`);
    const result = await detect(view);
    parentPort?.postMessage({ type: 'done', index, reply: { ok: true, result: result ?? null, stats: view.stats } });
  } catch (error) {
    parentPort?.postMessage({
      type: 'done',
      index,
      reply: { ok: false, message: error instanceof Error ? error.message : String(error), stats: view.stats },
    });
  }
}
