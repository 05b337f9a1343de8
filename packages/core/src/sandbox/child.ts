import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Detector, Migration } from '@dockstack/plugin-api';
import semver from 'semver';
import { DockstackError } from '../errors.js';
import { createProjectView, type ProjectBudget } from '../project-fs.js';
import { renderInProcess, type RenderMeta } from '../render.js';
import type { LoadedStack } from '../loader.js';
import type { SandboxJob, SandboxReply } from './index.js';

// The child side of the sandbox: runs ONE job of an untrusted stack (its detector, its templates or
// its migrations) in a process started under Node's permission model (reads limited to the project,
// the stack and dockstack's own code; no writes, no child processes, no workers), then prints the
// reply as one line tagged with the parent's nonce.

function denied(error: unknown): SandboxReply & { ok: false } {
  const e = error as NodeJS.ErrnoException & { permission?: string; resource?: string };
  const refused = e?.code === 'ERR_ACCESS_DENIED';
  return {
    ok: false,
    message: error instanceof Error ? error.message : String(error),
    ...(refused ? { refused: { permission: e.permission ?? 'unknown', resource: e.resource ?? '' } } : {}),
    ...(error instanceof DockstackError ? { dockstack: { code: error.code, details: { ...error.details, cause: undefined } } } : {}),
  };
}

async function runJob(job: SandboxJob): Promise<SandboxReply> {
  switch (job.kind) {
    case 'detect': {
      const view = createProjectView(job.root, job.budget as Partial<ProjectBudget>);
      try {
        const mod = (await import(pathToFileURL(job.detectorPath).href)) as { detect?: Detector; default?: Detector };
        const detect = mod.detect ?? mod.default;
        if (typeof detect !== 'function') throw new Error(`${job.detectorPath} exports no "detect" function`);
        const result = await detect(view);
        return { ok: true, value: { result: result ?? null, stats: view.stats } };
      } catch (error) {
        return { ...denied(error), stats: view.stats };
      }
    }
    case 'render':
      try {
        return { ok: true, value: renderInProcess(job.stack as LoadedStack, job.options, job.meta as RenderMeta) };
      } catch (error) {
        return denied(error);
      }
    case 'migrate':
      try {
        const mod = (await import(pathToFileURL(job.migrationsPath).href)) as { migrations?: Migration[] };
        const all = Array.isArray(mod.migrations) ? mod.migrations : [];
        const due = all
          .filter((m) => semver.valid(m.version) !== null && semver.gt(m.version, job.from) && semver.lte(m.version, job.to))
          .sort((a, b) => semver.compare(a.version, b.version));
        let current = { ...job.options };
        const steps: Array<{ version: string; description: string; before: Record<string, unknown>; after: Record<string, unknown> }> = [];
        for (const m of due) {
          let next: Record<string, unknown>;
          try {
            next = m.migrate(Object.freeze({ ...current }) as Record<string, unknown>);
          } catch (error) {
            return { ...denied(error), migration: { version: m.version, description: m.description } };
          }
          steps.push({ version: m.version, description: String(m.description), before: current, after: { ...next } });
          current = { ...next };
        }
        return { ok: true, value: { options: current, steps } };
      } catch (error) {
        return denied(error);
      }
  }
}

// Refusals the stack's code did not surface itself (a promise it left running, a callback):
// recorded so the parent reports every attempt, not only the first thrown one.
const refusals: Array<{ permission: string; resource: string }> = [];
const record = (error: unknown): void => {
  const e = error as { code?: string; permission?: string; resource?: string };
  if (e?.code === 'ERR_ACCESS_DENIED') refusals.push({ permission: e.permission ?? 'unknown', resource: e.resource ?? '' });
};
process.on('unhandledRejection', record);
process.on('uncaughtException', record);

const nonce = process.env['DOCKSTACK_SANDBOX_NONCE'] ?? '';
const job = JSON.parse(readFileSync(0, 'utf8')) as SandboxJob;
let reply = await runJob(job);
if (!reply.ok && reply.refused !== undefined) refusals.unshift(reply.refused);
// let work the stack's code started but did not await run into the permission model too
await new Promise((resolve) => setTimeout(resolve, 50));
if (refusals.length > 0) {
  const list = refusals.map((r) => `${r.permission}${r.resource ? ` ${r.resource}` : ''}`).join('; ');
  reply = {
    ...(reply.ok ? {} : reply),
    ok: false,
    message: `tried ${refusals.length} forbidden operation${refusals.length === 1 ? '' : 's'}: ${list}`,
    refused: refusals[0] as { permission: string; resource: string },
    refusals,
  };
}
process.stdout.write(`\n${nonce}${JSON.stringify(reply)}\n`, () => process.exit(0));
