import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DockstackError } from '@dockstack/core';
import { dependencyStepFor, parseBuildLog, type BuildStep, type DependencyStep } from './build-log.js';
import { docker, hasBridgeNetwork } from './docker.js';
import { imageContains, planEdit, type EditPlan } from './edit.js';
import { PROBE_SOURCE } from './probe.js';
import { fastcgiGet } from './fastcgi.js';
import { checkWritable, type WritableResult } from './writable.js';

/**
 * What "works" means for an image: an HTTP answer, a job's output (it runs and exits), or, for a
 * long-running process that serves no HTTP (a queue worker), a line in its log while it runs.
 */
export interface WorksCheck {
  /**
   * An HTTP GET of `path`; with `fastcgi`, the same request spoken as FastCGI to the port (php-fpm, which
   * serves a web server beside it) through the front controller `fastcgi.script`.
   */
  http?: { path: string; status: number; contains: string; fastcgi?: { script: string } };
  run?: { stdout: string };
  log?: { contains: string };
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
  /**
   * File (relative to the context) to change before the rebuild; it is modified in place. The
   * rebuild must prove the edit reached the image: the program's output changes (when the check's
   * text is in the file) or a marker comment is found in the new image's files.
   */
  edit?: string;
  /** What "the dependency step" is for this stack (default: any known install command). */
  dependencyStep?: DependencyStep;
  /** The project has dependencies: then a dependency step must exist (a pattern matching no RUN fails). */
  hasDependencies?: boolean;
  /**
   * Image with a Go toolchain to build the uid probe for job images (a static program that
   * prints its uid and gid, then execs the job). Default `golang:1.24-bookworm`.
   */
  probeBuilder?: string;
  /** Paths that must not exist in the image. */
  absent?: string[];
  /** Paths the runtime user must be able to write (created when missing), e.g. an app's run-time cache. */
  writable?: string[];
  /** Environment the container runs with (what a deployment passes at run time, e.g. a secret key). */
  env?: Record<string, string>;
  /** `docker stop` time above which the stop check fails (default 2 s; a worker's warm shutdown may need more). */
  stopLimitSeconds?: number;
  /**
   * Runs the long-running container with this command instead of the image's CMD (the ENTRYPOINT
   * stays), as compose runs a service's `command`: a worker process from the same image.
   */
  command?: string[];
  /** Runs it without the image's HEALTHCHECK, as compose's `healthcheck: disable: true` does. */
  noHealthcheck?: boolean;
  /** How long a server may take to answer its check (default 90 s). */
  answerTimeoutMs?: number;
  /** Build without the layer cache (benchmarks' cold builds). */
  noCache?: boolean;
  /**
   * A registry build cache, as CI runners share one: the first build exports its cache to `to`
   * (`--cache-to type=registry,mode=max`); `reset` runs before the rebuild (e.g. prunes the builder
   * and its images, as a fresh runner has neither); the rebuild then imports `from` only.
   */
  registryCache?: { ref: string; reset: () => Promise<void> };
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
  rebuild?: {
    seconds: number;
    edited: string;
    installSteps: string[];
    installCached: boolean;
    /** Dependencies a rebuilt step compiled again (the stack's `recompiled` lines). */
    recompiled: string[];
    rebuilt: string[];
    /** RUN and COPY steps the rebuild took from the cache. */
    reused: string[];
    edit: { how: EditPlan['kind']; proven: boolean; detail: string };
  };
  size?: { bytes: number; layers: LayerSize[] };
  config?: { user: string; healthcheck: boolean; exposed: string[]; entrypoint: string[]; cmd: string[] };
  run?: { mode: 'server' | 'job'; port?: number; uids: number[]; gids: number[]; nonRoot: boolean; check: { ok: boolean; detail: string } };
  health?: { status: string; seconds: number };
  /** `docker stop` (10 s grace): its wall time, and the exit code (137: killed when the grace ran out). */
  stop?: { seconds: number; exitCode?: number };
  absent?: Array<{ path: string; absent: boolean }>;
  writable?: WritableResult[];
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

/** The group of an image's USER when it names one (`1000:0` -> 0; `app` -> undefined). */
function gidOf(user: string): number | undefined {
  const second = user.split(':')[1];
  if (second === undefined) return undefined;
  if (/^\d+$/.test(second)) return Number(second);
  return second === 'root' ? 0 : undefined;
}

/** Expected text of a check, with `from` replaced by `to` (the edit's new output). */
function retarget(check: WorksCheck, to: string): WorksCheck {
  if (check.http) return { http: { ...check.http, contains: to } };
  if (check.log) return { log: { contains: to } };
  return { run: { stdout: to } };
}

async function build(
  options: VerifyOptions,
  network: string[],
  progress: boolean,
  cache: 'export' | 'import' = 'export',
): Promise<{ ok: boolean; seconds: number; steps: BuildStep[]; log: string }> {
  const args = ['buildx', 'build', '--load', '--progress=plain', ...network, '-f', options.dockerfile, '-t', options.tag];
  for (const [k, v] of Object.entries(options.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  if (options.noCache) args.push('--no-cache');
  const registry = options.registryCache?.ref;
  if (registry !== undefined && cache === 'export') args.push('--cache-to', `type=registry,ref=${registry},mode=max`);
  if (registry !== undefined && cache === 'import') args.push('--cache-from', `type=registry,ref=${registry}`);
  args.push(options.context);
  const onLine = progress && options.onProgress ? (line: string) => options.onProgress?.({ phase: 'build', line }) : undefined;
  const r = await docker(args, { ...(onLine ? { onLine } : {}), timeoutMs: 30 * 60_000 });
  return { ok: r.code === 0, seconds: r.ms / 1000, steps: parseBuildLog(r.stderr), log: r.stderr };
}

async function inspectImage(tag: string): Promise<{ size: number; config: NonNullable<VerifyReport['config']>; layers: LayerSize[] }> {
  const r = await docker(['image', 'inspect', tag]);
  const info = (
    JSON.parse(r.stdout) as Array<{
      Size: number;
      Config: {
        User?: string;
        Healthcheck?: { Test?: string[] };
        ExposedPorts?: Record<string, unknown>;
        Entrypoint?: string[] | null;
        Cmd?: string[] | null;
      };
    }>
  )[0];
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
  const fcgi = check.fastcgi;
  while (Date.now() < deadline) {
    try {
      const res =
        fcgi === undefined
          ? await fetch(`http://127.0.0.1:${port}${check.path}`, { signal: AbortSignal.timeout(3000), redirect: 'manual' })
          : await fastcgiGet(port, fcgi.script, check.path);
      const body = 'text' in res ? await res.text() : res.body;
      last = `${fcgi === undefined ? 'HTTP' : 'FastCGI'} ${res.status}, body ${JSON.stringify(body.slice(0, 120))}`;
      if (res.status === check.status && body.includes(check.contains)) return { ok: true, detail: last };
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(500);
  }
  return {
    ok: false,
    detail: `GET ${check.path}${fcgi === undefined ? '' : ` (FastCGI, ${fcgi.script})`} on port ${port}: ${last} (expected ${check.status} containing ${JSON.stringify(check.contains)})`,
  };
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
  const configGid = gidOf(inspected.config.user);
  if (configUid === undefined || configUid === 0)
    failures.push(`image user is ${JSON.stringify(inspected.config.user || 'root (unset)')}, expected a non-root numeric uid`);
  if (configGid === 0)
    failures.push(
      `image user is ${JSON.stringify(inspected.config.user)}: group 0 (root) gives root's group rights, expected a non-root group`,
    );

  const runNet = network.length > 0 ? ['--network=host'] : [];
  const ctx: RunContext = { tag: options.tag, runNet, network, config: inspected.config, options, progress, failures };
  if (options.check?.run) {
    progress('run');
    report.run = await runJob(ctx, options.check.run);
    if (!report.run.check.ok) failures.push(`run check failed: ${report.run.check.detail}`);
    if (!report.run.nonRoot)
      failures.push(
        `the job ran as uid ${JSON.stringify(report.run.uids)} gid ${JSON.stringify(report.run.gids)}: expected a non-root uid and group`,
      );
  } else if (options.check?.http || options.check?.log) {
    progress('run');
    const server = await runServer(ctx, options.check.http ? { http: options.check.http } : { log: options.check.log! }, true);
    if (server === undefined) return report;
    report.run = server.run;
    if (server.health) report.health = server.health;
    if (server.stop) report.stop = server.stop;
  }

  if (options.absent !== undefined && options.absent.length > 0) {
    progress('inspect');
    report.absent = [];
    const created = await docker(['create', options.tag]);
    const id = created.stdout.trim();
    if (created.code !== 0 || id === '') {
      failures.push(`cannot check what is left behind: docker create failed: ${created.stderr.trim()}`);
    } else {
      try {
        for (const p of options.absent) {
          const r = await docker(['cp', `${id}:${p}`, '-'], { timeoutMs: 60_000 });
          if (r.code === 0) {
            report.absent.push({ path: p, absent: false });
            failures.push(`${p} exists in the runtime image but should have been left behind`);
          } else if (/Could not find the file|No such file or directory|not found/i.test(r.stderr)) {
            report.absent.push({ path: p, absent: true });
          } else {
            failures.push(`cannot check ${p}: docker cp failed (exit ${r.code}): ${r.stderr.trim()}`);
          }
        }
      } finally {
        await docker(['rm', '-f', id]);
      }
    }
  }

  if (options.writable !== undefined && options.writable.length > 0) {
    progress('writable');
    report.writable = await checkWritable(options.tag, options.writable);
    for (const w of report.writable) if (!w.writable) failures.push(`the runtime user cannot write ${w.path}: ${w.detail}`);
  }

  if (options.edit !== undefined) {
    progress('rebuild');
    const file = path.join(options.context, options.edit);
    const before = await readFile(file, 'utf8');
    // A unique token per run: the build cache has never seen the edited file, so a cached
    // dependency step proves it is independent of the sources.
    const nonce = randomBytes(5).toString('hex');
    const plan = planEdit(options.edit, before, options.check, nonce);
    await writeFile(file, plan.content);
    if (options.registryCache) {
      progress('reset');
      await options.registryCache.reset();
    }
    const second = await build({ ...options, noCache: false }, network, false, 'import');
    const dep = options.dependencyStep ?? dependencyStepFor(undefined);
    const installSteps = second.steps.filter((s) => dep.step.test(s.name));
    const rebuilt = second.steps.filter((s) => !s.cached && /^\[[^\]]+\] (RUN|COPY)/.test(s.name)).map((s) => s.name);
    const reused = second.steps.filter((s) => s.cached && /^\[[^\]]+\] (RUN|COPY)/.test(s.name)).map((s) => s.name);
    const recompiled = second.steps
      .filter((s) => !s.cached)
      .flatMap((s) => s.output.map((line) => dep.recompiled?.exec(line)?.[1]))
      .filter((c): c is string => c !== undefined);
    const installCached =
      second.ok &&
      installSteps.length > 0 &&
      recompiled.length === 0 &&
      (dep.mode === 'cached'
        ? installSteps.every((s) => s.cached)
        : installSteps.every((s) => !s.output.some((line) => dep.fetched?.test(line))));
    let edit = { how: plan.kind, proven: false, detail: 'rebuild failed' };
    if (!second.ok) {
      failures.push(`rebuild after editing ${options.edit} failed:\n${second.log.trim().split('\n').slice(-15).join('\n')}`);
    } else {
      edit = await proveEdit({ ...ctx, config: (await inspectImage(options.tag)).config }, plan);
      if (!edit.proven) failures.push(`the edit of ${options.edit} did not reach the image: ${edit.detail}`);
      if (installSteps.length === 0) {
        if (options.hasDependencies)
          failures.push(
            `the project has dependencies but no build step matches the dependency step ${dep.step} (the rebuild cannot prove they are cached)`,
          );
      } else if (recompiled.length > 0) {
        failures.push(
          `after editing ${options.edit}, dependencies compiled again (the dependency layer did not hold them): ${recompiled.slice(0, 5).join(', ')}`,
        );
      } else if (!installCached) {
        failures.push(
          dep.mode === 'cached'
            ? `after editing ${options.edit}, dependency install steps re-ran: ${installSteps
                .filter((s) => !s.cached)
                .map((s) => s.name)
                .join('; ')}`
            : `after editing ${options.edit}, the build step downloaded dependencies again (its cache mount did not keep them): ${installSteps
                .flatMap((s) => s.output.filter((l) => dep.fetched?.test(l)))
                .slice(0, 3)
                .join('; ')}`,
        );
      }
    }
    report.rebuild = {
      seconds: second.seconds,
      edited: options.edit,
      installSteps: installSteps.map((s) => `${s.cached ? 'CACHED ' : 'RAN '}${s.name}`),
      installCached,
      recompiled,
      rebuilt,
      reused,
      edit,
    };
  }
  return report;
}

interface RunContext {
  tag: string;
  runNet: string[];
  network: string[];
  config: NonNullable<VerifyReport['config']>;
  options: VerifyOptions;
  progress: (phase: string) => void;
  failures: string[];
}

/** Builds `<tag>-probe`: the image plus a static program that prints its uid/gid, then execs its arguments. */
async function buildProbeImage(ctx: RunContext): Promise<{ ok: boolean; tag: string; error: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dockstack-probe-'));
  const tag = `${ctx.tag.replace(/:[^:/]*$/, '')}-uid-probe:latest`;
  try {
    await writeFile(path.join(dir, 'probe.go'), PROBE_SOURCE);
    const builder = ctx.options.probeBuilder ?? 'golang:1.24-bookworm';
    await writeFile(
      path.join(dir, 'Dockerfile'),
      `FROM ${builder} AS probe\nWORKDIR /src\nCOPY probe.go .\nRUN CGO_ENABLED=0 go build -ldflags=-s -o /dockstack-probe probe.go\nFROM ${ctx.tag}\nCOPY --from=probe /dockstack-probe /.dockstack-probe\n`,
    );
    const r = await docker(['buildx', 'build', '--load', '--progress=plain', ...ctx.network, '-t', tag, dir], { timeoutMs: 10 * 60_000 });
    return { ok: r.code === 0, tag, error: r.stderr.trim().split('\n').slice(-8).join('\n') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a job through the uid probe: the probe is the process docker starts (same USER, same
 * environment); it records its real uid and gid, then execs the image's own entrypoint and
 * command, so the job's process carries exactly those credentials.
 */
async function runJob(ctx: RunContext, check: NonNullable<WorksCheck['run']>): Promise<NonNullable<VerifyReport['run']>> {
  const probe = await buildProbeImage(ctx);
  if (!probe.ok)
    return {
      mode: 'job',
      uids: [],
      gids: [],
      nonRoot: false,
      check: { ok: false, detail: `could not build the uid probe image:\n${probe.error}` },
    };
  try {
    const argv = [...ctx.config.entrypoint, ...ctx.config.cmd];
    const r = await docker(
      ['run', '--rm', ...ctx.runNet, ...envArgs(ctx.options.env), '--entrypoint', '/.dockstack-probe', probe.tag, ...argv],
      {
        timeoutMs: 120_000,
      },
    );
    const seen = /dockstack-probe uid=(\d+) gid=(\d+)/.exec(r.stderr);
    const uids = seen ? [Number(seen[1])] : [];
    const gids = seen ? [Number(seen[2])] : [];
    const ok = r.code === 0 && r.stdout.includes(check.stdout);
    const stderr = r.stderr.replace(/^dockstack-probe .*\n/m, '');
    return {
      mode: 'job',
      uids,
      gids,
      nonRoot: uids.length > 0 && uids.every((u) => u !== 0) && gids.every((g) => g !== 0),
      check: {
        ok,
        detail: `exit ${r.code}, stdout ${JSON.stringify(r.stdout.slice(0, 200))}${r.code !== 0 ? `, stderr ${JSON.stringify(stderr.slice(-300))}` : ''}`,
      },
    };
  } finally {
    await docker(['rmi', probe.tag]);
  }
}

/** `docker run` flags for the options' environment. */
const envArgs = (env: Record<string, string> | undefined): string[] => Object.entries(env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);

/**
 * Starts a long-running container (a server, or a worker checked by its log), checks it answers;
 * with `full`, also processes' uids/gids, health and stop time.
 */
async function runServer(
  ctx: RunContext,
  check: Required<Pick<WorksCheck, 'http'>> | Required<Pick<WorksCheck, 'log'>>,
  full: boolean,
): Promise<{ run: NonNullable<VerifyReport['run']>; health?: VerifyReport['health']; stop?: VerifyReport['stop'] } | undefined> {
  const { failures, progress } = ctx;
  const port = ctx.options.port ?? (await freePort());
  const portArgs = ctx.network.length > 0 ? [] : ['-p', `127.0.0.1:${port}:${port}`];
  const started = await docker([
    'run',
    '-d',
    ...ctx.runNet,
    ...portArgs,
    '-e',
    `PORT=${port}`,
    ...envArgs(ctx.options.env),
    ...(ctx.options.noHealthcheck === true ? ['--no-healthcheck'] : ['--health-interval=2s', '--health-start-period=60s']),
    ctx.tag,
    ...(ctx.options.command ?? []),
  ]);
  const id = started.stdout.trim();
  if (started.code !== 0 || id === '') {
    failures.push(`container did not start: ${started.stderr.trim()}`);
    return undefined;
  }
  try {
    const deadline = Date.now() + (ctx.options.answerTimeoutMs ?? 90_000);
    const answer = 'http' in check ? await httpCheck(port, check.http, deadline) : await logCheck(id, check.log.contains, deadline);
    const top = await docker(['top', id, '-eo', 'pid,uid,gid,args']);
    const rows = top.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => Number.isFinite(Number(cols[1])) && Number.isFinite(Number(cols[2])));
    const uids = rows.map((cols) => Number(cols[1]));
    const gids = rows.map((cols) => Number(cols[2]));
    const run = {
      mode: 'server' as const,
      port,
      uids,
      gids,
      nonRoot: uids.length > 0 && uids.every((u) => u !== 0) && gids.every((g) => g !== 0),
      check: answer,
    };
    if (!answer.ok) {
      const logs = await docker(['logs', '--tail', '20', id]);
      failures.push(
        `${'http' in check ? 'HTTP' : 'log'} check failed: ${answer.detail}\ncontainer logs:\n${(logs.stdout + logs.stderr).trim()}`,
      );
    }
    if (!full) return { run };
    if (!run.nonRoot)
      failures.push(
        `processes run as uids ${JSON.stringify(uids)} gids ${JSON.stringify(gids)}: expected no root process and no root group`,
      );
    let health: VerifyReport['health'];
    if (ctx.config.healthcheck && ctx.options.noHealthcheck !== true) {
      progress('health');
      const t0 = Date.now();
      let status = 'starting';
      while (Date.now() - t0 < 90_000) {
        status = (await docker(['inspect', '-f', '{{.State.Health.Status}}', id])).stdout.trim();
        if (status === 'healthy' || status === 'unhealthy') break;
        await sleep(500);
      }
      health = { status, seconds: (Date.now() - t0) / 1000 };
      if (status !== 'healthy') failures.push(`HEALTHCHECK status is ${status}, expected healthy`);
    }
    progress('stop');
    const stopped = await docker(['stop', '-t', '10', id]);
    const exit = Number((await docker(['inspect', '-f', '{{.State.ExitCode}}', id])).stdout.trim());
    const stop = { seconds: stopped.ms / 1000, ...(Number.isInteger(exit) ? { exitCode: exit } : {}) };
    const limit = ctx.options.stopLimitSeconds ?? 2;
    if (stop.seconds >= limit)
      failures.push(
        `docker stop took ${stop.seconds.toFixed(2)} s (limit ${limit} s): SIGTERM does not reach the app, or it stops too slowly`,
      );
    if (stop.exitCode === 137) failures.push('the container was killed when the stop grace period ran out (exit 137)');
    return { run, ...(health ? { health } : {}), stop };
  } finally {
    await docker(['rm', '-f', id]);
  }
}

/** Waits until a running container's log (stdout and stderr) contains `text`, or it exits, or the deadline passes. */
async function logCheck(id: string, text: string, deadline: number): Promise<{ ok: boolean; detail: string }> {
  let logs: string;
  for (;;) {
    const r = await docker(['logs', id]);
    logs = r.stdout + r.stderr;
    if (logs.includes(text)) return { ok: true, detail: `the log shows ${JSON.stringify(text)}` };
    const state = (await docker(['inspect', '-f', '{{.State.Running}} {{.State.ExitCode}}', id])).stdout.trim();
    if (state.startsWith('false'))
      return {
        ok: false,
        detail: `the container exited (${state}) before its log showed ${JSON.stringify(text)}: ${JSON.stringify(logs.slice(-300))}`,
      };
    if (Date.now() > deadline)
      return { ok: false, detail: `no ${JSON.stringify(text)} in the log in time: ${JSON.stringify(logs.slice(-300))}` };
    await sleep(500);
  }
}

/** Proves the rebuilt image holds the edit: the changed output, or the marker in its files. */
async function proveEdit(ctx: RunContext, plan: EditPlan): Promise<{ how: EditPlan['kind']; proven: boolean; detail: string }> {
  if (plan.kind === 'none') return { how: plan.kind, proven: false, detail: plan.reason };
  if (plan.kind === 'marker') {
    const found = await imageContains(ctx.tag, plan.marker);
    return {
      how: plan.kind,
      proven: found.found,
      detail:
        found.error ??
        (found.found
          ? `marker ${plan.marker} found in the image`
          : `marker ${plan.marker} (appended to the file) is not in any file of the new image`),
    };
  }
  const check = retarget(ctx.options.check ?? {}, plan.expected);
  const scratch: string[] = [];
  let answer: { ok: boolean; detail: string };
  if (check.run) {
    const r = await docker(['run', '--rm', ...ctx.runNet, ...envArgs(ctx.options.env), ctx.tag], { timeoutMs: 120_000 });
    const ok = r.code === 0 && r.stdout.includes(plan.expected);
    answer = {
      ok,
      detail: `output after the edit ${ok ? 'contains' : 'lacks'} ${JSON.stringify(plan.expected)}: exit ${r.code}, stdout ${JSON.stringify(r.stdout.slice(0, 200))}`,
    };
  } else {
    const server = await runServer(
      { ...ctx, failures: scratch },
      check.log ? { log: check.log } : (check as Required<Pick<WorksCheck, 'http'>>),
      false,
    );
    const ok = server?.run.check.ok ?? false;
    answer = {
      ok,
      detail: ok
        ? `the answer changed to contain ${JSON.stringify(plan.expected)}`
        : `the answer does not contain the edited text ${JSON.stringify(plan.expected)}: ${server?.run.check.detail ?? scratch.join('; ')}`,
    };
  }
  if (answer.ok) return { how: plan.kind, proven: true, detail: answer.detail };
  // The edited text may sit in a file the checked answer does not show (a client-side bundle
  // behind an SPA shell): then the new text itself must be in the image's files.
  const found = await imageContains(ctx.tag, plan.expected);
  if (found.found) return { how: 'marker', proven: true, detail: `${answer.detail}; the edited text is in the image's files` };
  return {
    how: plan.kind,
    proven: false,
    detail: `${answer.detail}; nor is it in any file of the image${found.error ? ` (${found.error})` : ''}`,
  };
}
