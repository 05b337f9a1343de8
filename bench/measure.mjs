// Builds and runs one generator's Dockerfile for one fixture and returns one table row.
// The numbers come from core's verifyImage (the same code as `dockstack verify` and the engine
// tier); memory comes from bench/memory.mjs, which starts the image once more after verifyImage.
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { docker, verifyImage } from '@dockstack/engine';
import { load1 } from './machine.mjs';
import { measureMemory } from './memory.mjs';

const { tsImport } = await import('tsx/esm/api');
const { mirrorBase } = await tsImport('../test/support/mirrors.ts', import.meta.url);
const { fixtureBuildArgs } = await tsImport('../test/support/fixture-run.ts', import.meta.url);

/**
 * BuildKit keeps `RUN --mount=type=cache` contents across builds even with --no-cache, so a
 * "cold" build of a template with cache mounts would reuse the npm/pip/go/cargo caches of earlier
 * builds while a file without them downloads everything. To compare like with like, every cold
 * build starts with the engine's cache mounts emptied (only unused ones can be removed: a build
 * running elsewhere at the same moment keeps its own). BENCH_KEEP_CACHE_MOUNTS=1 skips this.
 */
async function emptyCacheMounts() {
  if (process.env.BENCH_KEEP_CACHE_MOUNTS === '1') return false;
  const r = await docker(['buildx', 'prune', '--force', '--filter', 'type=exec.cachemount'], { timeoutMs: 120_000 });
  return r.code === 0;
}

/** A line of 48 blanks, spaces and tabs, spelling 48 random bits. */
function nonceLine() {
  const bits = [...randomBytes(6)].flatMap((b) => [...b.toString(2).padStart(8, '0')]);
  return `\n${bits.map((b) => (b === '1' ? '\t' : ' ')).join('')}\n`;
}

/**
 * @param {object} o
 * @param {string} o.generator       'dockstack' | 'naive' | 'fly'
 * @param {string} o.label           `${stack}-${fixture}` for the image tag
 * @param {string} o.sourceDir       the build context to copy (fixture app, plus a peer's extra files)
 * @param {string} o.dockerfile      the Dockerfile text to build (kept outside the context)
 * @param {string|undefined} o.dockerignore  written into the context; undefined removes any
 * @param {Record<string,string>} o.standins  official name -> stand-in
 * @param {object} o.engine          the fixture's engine block (check, port, edit, buildArgs, mirror)
 * @param {number|undefined} o.port  the port the image listens on (defaults to engine.port)
 * @param {string[]} [o.notes]
 * @param {object} [o.spec]          the fixture's fixture.json (its `set`; build args come from `engine.buildArgs`)
 * @param {object} [o.mirror]        the running package mirror the fixture builds against
 * @param {Record<string,string>} [o.env]  the fixture's run-time environment
 */
export async function measure(o) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dockstack-bench-'));
  const context = path.join(work, 'context');
  const notes = [...(o.notes ?? [])];
  cpSync(o.sourceDir, context, { recursive: true });
  rmSync(path.join(context, 'Dockerfile'), { force: true });
  if (o.dockerignore === undefined) rmSync(path.join(context, '.dockerignore'), { force: true });
  else writeFileSync(path.join(context, '.dockerignore'), o.dockerignore);
  // Base images: global *_IMAGE ARGs go through build args (the file stays byte-identical);
  // a file that names its image directly (naive ones) gets the stand-in written into its FROM.
  // As in the engine tier: through the fixture's registry prefix, with the package mirror's client
  // configuration on the base when the fixture builds against one, plus the fixture's own build args
  // (those the file declares: a peer's file may not know the template's).
  const declared = Object.fromEntries(
    Object.entries(o.engine.buildArgs ?? {}).filter(([name]) => new RegExp(`^ARG ${name}[=\\s]`, 'm').test(o.dockerfile)),
  );
  const { buildArgs } = fixtureBuildArgs(o.dockerfile, { set: o.spec?.set, buildArgs: declared, mirror: o.engine.mirror }, o.standins, o.mirror);
  let file = o.dockerfile;
  for (const m of o.dockerfile.matchAll(/^FROM\s+(?:--\S+\s+)*(\S+)/gim)) {
    const standin = o.standins[m[1]];
    // A hand-written file runs the package manager in the language image: that base gets the client
    // configuration (for Composer, its global config and proxy under COMPOSER_HOME=/tmp, as on the Composer image).
    const target = standin === undefined || o.mirror === undefined ? standin : mirrorBase(standin, o.mirror, 'COMPOSER_IMAGE', { composerHome: true });
    if (target !== undefined) {
      file = file.replace(m[0], m[0].replace(m[1], target));
      notes.push(`FROM ${m[1]} -> ${target}`);
    }
  }
  for (const m of o.dockerfile.matchAll(/^COPY\s+(?:--\S+\s+)*?--from=(\S+)/gim)) {
    const target = o.standins[m[1]];
    if (target !== undefined) {
      file = file.replace(m[0], m[0].replace(`--from=${m[1]}`, `--from=${target}`));
      notes.push(`COPY --from=${m[1]} -> ${target}`);
    }
  }
  // BuildKit keeps every cache record, including those of earlier benchmark runs' rebuilds, and
  // the rebuild below appends a newline to the same file of the same fixture each time: without
  // this the "rebuild" of a second run is a cache hit on the first run's (0.2 s, nothing rebuilt).
  // So the file to edit first gets a run-unique last line of blanks (spaces and tabs: valid at the
  // end of a source file in every language here). The cold build uses --no-cache and is unaffected.
  if (o.engine.edit !== undefined) appendFileSync(path.join(context, o.engine.edit), nonceLine());
  const dockerfilePath = path.join(work, 'Dockerfile');
  writeFileSync(dockerfilePath, file);
  const tag = `dockstack-bench/${o.label}-${o.generator}:latest`;
  const port = o.port ?? o.engine.port;
  const cacheMountsEmptied = await emptyCacheMounts();
  const loadBefore = load1();
  const phases = [];
  let report;
  try {
    report = await verifyImage({
      context,
      dockerfile: dockerfilePath,
      tag,
      buildArgs,
      check: o.engine.check,
      ...(port === undefined ? {} : { port }),
      ...(o.engine.edit === undefined ? {} : { edit: o.engine.edit }),
      ...(o.env === undefined ? {} : { env: o.env }),
      // Jobs' uids come from a probe built with a Go toolchain: the stand-in, as for the images.
      ...(o.standins['golang:1.24-bookworm'] === undefined ? {} : { probeBuilder: o.standins['golang:1.24-bookworm'] }),
      noCache: true,
      onProgress: (e) => {
        if (e.line === undefined) phases.push(e.phase);
      },
    });
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    return { generator: o.generator, error: error.message, failures: [error.message], notes };
  }
  let memory = null;
  // The same port verifyImage used (the fixture's, the peer's own, or the free one it picked).
  const runPort = report.run?.port ?? port;
  if (report.build.ok && o.engine.check?.http && runPort !== undefined) {
    memory = await measureMemory({ tag, port: runPort, http: o.engine.check.http });
  }
  rmSync(work, { recursive: true, force: true });
  if (process.env.BENCH_KEEP_IMAGES !== '1') await docker(['rmi', '-f', tag]);
  const mode = o.engine.check?.http ? 'server' : 'job';
  return {
    generator: o.generator,
    mode,
    built: report.build.ok,
    sizeMB: report.size ? report.size.bytes / 1e6 : null,
    coldBuildS: report.build.ok ? report.build.seconds : null,
    // The slowest steps of the cold build (BuildKit's own per-step times), to say where time goes.
    coldSlowest: report.build.steps
      .filter((st) => typeof st.seconds === 'number' && !st.cached)
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 4)
      .map((st) => ({ step: st.name.replace(/\s+/g, ' ').slice(0, 140), seconds: st.seconds })),
    rebuildS: report.rebuild?.seconds ?? null,
    rebuiltSteps: report.rebuild?.rebuilt ?? null,
    // RAN/CACHED per dependency step the stack defines; none (an app without dependencies) leaves installCached null.
    installSteps: report.rebuild?.installSteps ?? null,
    installCached: report.rebuild === undefined || report.rebuild.installSteps.length === 0 ? null : report.rebuild.installCached,
    stopS: report.stop?.seconds ?? null,
    user: report.config ? report.config.user || 'root (unset)' : null,
    // Servers: uids of the running processes (docker top); jobs: the image's USER.
    root: report.run ? !report.run.nonRoot : report.config ? true : null,
    healthcheck: report.config?.healthcheck ?? null,
    health: report.health?.status ?? null,
    answered: report.run?.check.ok ?? false,
    answerDetail: report.run?.check.detail ?? null,
    port: runPort ?? null,
    memMiB: memory?.statsBytes == null ? null : memory.statsBytes / 2 ** 20,
    memory,
    cacheMountsEmptied,
    load1: loadBefore,
    failures: report.failures,
    notes,
  };
}
