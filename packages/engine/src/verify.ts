import { randomBytes } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DockstackError } from '@dockstack/core';
import { INSTALL_STEP, parseBuildLog, type BuildStep } from './build-log.js';
import { docker, hasBridgeNetwork } from './docker.js';

/** What "works" means for an image: an HTTP answer, or a program's output. */
export interface WorksCheck {
  http?: { path: string; status: number; contains: string };
  run?: { stdout: string };
}

export interface VerifyOptions {
  context: string;
  /** Dockerfile path (may live outside the context). */
  dockerfile: string;
  tag: string;
  buildArgs?: Record<string, string>;
  check?: WorksCheck;
  /** Fixed port (e.g. nginx on 8080); otherwise a free port is passed as PORT. */
  port?: number;
  /** File (relative to the context) to change before the rebuild; it is modified in place. */
  edit?: string;
  /** Paths that must not exist in the image. */
  absent?: string[];
  /** Build without the layer cache (benchmarks' cold builds). */
  noCache?: boolean;
  /** Progress: build log lines and phase changes. */
  onProgress?: (event: { phase: string; line?: string }) => void;
}

export interface LayerSize {
  bytes: number;
  createdBy: string;
}

export interface VerifyReport {
  image: string;
  build: { ok: boolean; seconds: number; steps: BuildStep[]; error?: string };
  rebuild?: { seconds: number; edited: string; installSteps: string[]; installCached: boolean; rebuilt: string[] };
  size?: { bytes: number; layers: LayerSize[] };
  config?: { user: string; healthcheck: boolean; exposed: string[]; entrypoint: string[]; cmd: string[] };
  run?: { mode: 'server' | 'job'; port?: number; uids: number[]; nonRoot: boolean; check: { ok: boolean; detail: string } };
  health?: { status: string; seconds: number };
  stop?: { seconds: number };
  absent?: Array<{ path: string; absent: boolean }>;
  failures: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function uidOf(user: string): number | undefined {
  const first = user.split(':')[0] ?? '';
  if (first === '') return 0;
  if (/^\d+$/.test(first)) return Number(first);
  return first === 'root' ? 0 : undefined;
}

async function build(options: VerifyOptions, network: string[], progress: boolean): Promise<{ ok: boolean; seconds: number; steps: BuildStep[]; log: string }> {
  const args = ['buildx', 'build', '--load', '--progress=plain', ...network, '-f', options.dockerfile, '-t', options.tag];
  for (const [k, v] of Object.entries(options.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  if (options.noCache) args.push('--no-cache');
  args.push(options.context);
  const onLine = progress && options.onProgress ? (line: string) => options.onProgress?.({ phase: 'build', line }) : undefined;
  const r = await docker(args, { ...(onLine ? { onLine } : {}), timeoutMs: 30 * 60_000 });
  return { ok: r.code === 0, seconds: r.ms / 1000, steps: parseBuildLog(r.stderr), log: r.stderr };
}

async function inspectImage(tag: string): Promise<{ size: number; config: NonNullable<VerifyReport['config']>; layers: LayerSize[] }> {
  const r = await docker(['image', 'inspect', tag]);
  const info = (JSON.parse(r.stdout) as Array<{ Size: number; Config: { User?: string; Healthcheck?: { Test?: string[] }; ExposedPorts?: Record<string, unknown>; Entrypoint?: string[] | null; Cmd?: string[] | null } }>)[0];
  if (!info) throw new DockstackError('E_VERIFY', `Image ${tag} not found after build`);
  const history = await docker(['history', '--no-trunc', '--format', '{{.Size}}\t{{.CreatedBy}}', tag]);
  const layers = history.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [size = '0B', ...rest] = line.split('\t');
      return { bytes: parseSize(size), createdBy: rest.join('\t').replace(/\s+/g, ' ').slice(0, 160) };
    });
  const hc = info.Config.Healthcheck?.Test ?? [];
  return {
    size: info.Size,
    layers,
    config: {
      user: info.Config.User ?? '',
      healthcheck: hc.length > 0 && hc[0] !== 'NONE',
      exposed: Object.keys(info.Config.ExposedPorts ?? {}),
      entrypoint: info.Config.Entrypoint ?? [],
      cmd: info.Config.Cmd ?? [],
    },
  };
}

function parseSize(text: string): number {
  const m = /^([\d.]+)\s*([kKMG]?B)$/.exec(text.trim());
  if (!m) return 0;
  const scale: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 };
  return Math.round(Number(m[1]) * (scale[m[2] as string] ?? 1));
}

async function httpCheck(port: number, check: NonNullable<WorksCheck['http']>, deadline: number): Promise<{ ok: boolean; detail: string }> {
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${check.path}`, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
      const body = await res.text();
      last = `HTTP ${res.status}, body ${JSON.stringify(body.slice(0, 120))}`;
      if (res.status === check.status && body.includes(check.contains)) return { ok: true, detail: last };
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(500);
  }
  return { ok: false, detail: `GET ${check.path} on port ${port}: ${last} (expected ${check.status} containing ${JSON.stringify(check.contains)})` };
}

/** Builds, runs and measures an image: the engine behind `dockstack verify` and the engine tests. */
export async function verifyImage(options: VerifyOptions): Promise<VerifyReport> {
  const failures: string[] = [];
  const progress = (phase: string): void => options.onProgress?.({ phase });
  const network = (await hasBridgeNetwork()) ? [] : ['--network=host'];
  const report: VerifyReport = { image: options.tag, build: { ok: false, seconds: 0, steps: [] }, failures };

  progress('build');
  const first = await build(options, network, true);
  report.build = { ok: first.ok, seconds: first.seconds, steps: first.steps };
  if (!first.ok) {
    const tail = first.log.trim().split('\n').slice(-15).join('\n');
    report.build.error = tail;
    failures.push(`build failed:\n${tail}`);
    return report;
  }

  const inspected = await inspectImage(options.tag);
  report.size = { bytes: inspected.size, layers: inspected.layers };
  report.config = inspected.config;
  const configUid = uidOf(inspected.config.user);
  if (configUid === undefined || configUid === 0) failures.push(`image user is ${JSON.stringify(inspected.config.user || 'root (unset)')}, expected a non-root numeric uid`);

  const runNet = network.length > 0 ? ['--network=host'] : [];
  if (options.check?.run) {
    progress('run');
    const r = await docker(['run', '--rm', ...runNet, options.tag], { timeoutMs: 120_000 });
    const ok = r.code === 0 && r.stdout.includes(options.check.run.stdout);
    report.run = { mode: 'job', uids: configUid === undefined ? [] : [configUid], nonRoot: configUid !== undefined && configUid !== 0, check: { ok, detail: `exit ${r.code}, stdout ${JSON.stringify(r.stdout.slice(0, 200))}${r.code !== 0 ? `, stderr ${JSON.stringify(r.stderr.slice(-300))}` : ''}` } };
    if (!ok) failures.push(`run check failed: ${report.run.check.detail}`);
  } else if (options.check?.http) {
    progress('run');
    const port = options.port ?? (await freePort());
    const portArgs = network.length > 0 ? [] : ['-p', `127.0.0.1:${port}:${port}`];
    const started = await docker(['run', '-d', ...runNet, ...portArgs, '-e', `PORT=${port}`, '--health-interval=2s', '--health-start-period=60s', options.tag]);
    const id = started.stdout.trim();
    if (started.code !== 0 || id === '') {
      failures.push(`container did not start: ${started.stderr.trim()}`);
      return report;
    }
    try {
      const check = await httpCheck(port, options.check.http, Date.now() + 90_000);
      const top = await docker(['top', id, '-eo', 'pid,uid,args']);
      const uids = top.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => Number(l.trim().split(/\s+/)[1]))
        .filter((n) => Number.isFinite(n));
      report.run = { mode: 'server', port, uids, nonRoot: uids.length > 0 && uids.every((u) => u !== 0), check };
      if (!check.ok) {
        const logs = await docker(['logs', '--tail', '20', id]);
        failures.push(`HTTP check failed: ${check.detail}\ncontainer logs:\n${(logs.stdout + logs.stderr).trim()}`);
      }
      if (!report.run.nonRoot) failures.push(`processes run as uids ${JSON.stringify(uids)}: expected no root process`);
      if (inspected.config.healthcheck) {
        progress('health');
        const t0 = Date.now();
        let status = 'starting';
        while (Date.now() - t0 < 90_000) {
          status = (await docker(['inspect', '-f', '{{.State.Health.Status}}', id])).stdout.trim();
          if (status === 'healthy' || status === 'unhealthy') break;
          await sleep(500);
        }
        report.health = { status, seconds: (Date.now() - t0) / 1000 };
        if (status !== 'healthy') failures.push(`HEALTHCHECK status is ${status}, expected healthy`);
      }
      progress('stop');
      const stop = await docker(['stop', '-t', '10', id]);
      report.stop = { seconds: stop.ms / 1000 };
      if (report.stop.seconds >= 2) failures.push(`docker stop took ${report.stop.seconds.toFixed(2)} s (limit 2 s): SIGTERM does not reach the app`);
    } finally {
      await docker(['rm', '-f', id]);
    }
  }

  if (options.absent !== undefined && options.absent.length > 0) {
    progress('inspect');
    const created = await docker(['create', options.tag]);
    const id = created.stdout.trim();
    try {
      report.absent = [];
      for (const p of options.absent) {
        const r = await docker(['cp', `${id}:${p}`, '-'], { timeoutMs: 60_000 });
        const absent = r.code !== 0;
        report.absent.push({ path: p, absent });
        if (!absent) failures.push(`${p} exists in the runtime image but should have been left behind`);
      }
    } finally {
      await docker(['rm', '-f', id]);
    }
  }

  if (options.edit !== undefined) {
    progress('rebuild');
    // A blank line whose spaces and tabs encode a random number: valid at the end of any source
    // file, and never seen by the build cache before, so a cached install step proves it is
    // independent of the sources (a repeated edit could be served from an earlier run's cache).
    const nonce = Array.from(randomBytes(3)).flatMap((b) => Array.from({ length: 8 }, (_, i) => ((b >> i) & 1 ? '\t' : ' '))).join('');
    await appendFile(path.join(options.context, options.edit), `\n${nonce}\n`);
    const second = await build({ ...options, noCache: false }, network, false);
    if (!second.ok) failures.push(`rebuild after editing ${options.edit} failed`);
    const installSteps = second.steps.filter((s) => INSTALL_STEP.test(s.name));
    const rebuilt = second.steps.filter((s) => !s.cached && /^\[[^\]]+\] (RUN|COPY)/.test(s.name)).map((s) => s.name);
    const installCached = installSteps.every((s) => s.cached);
    report.rebuild = { seconds: second.seconds, edited: options.edit, installSteps: installSteps.map((s) => `${s.cached ? 'CACHED ' : 'RAN '}${s.name}`), installCached, rebuilt };
    if (!installCached) failures.push(`after editing ${options.edit}, dependency install steps re-ran: ${installSteps.filter((s) => !s.cached).map((s) => s.name).join('; ')}`);
  }
  return report;
}
