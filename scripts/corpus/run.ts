// The real-world corpus tier (`pnpm test:corpus`): for each app in test/corpus/corpus.json, a copy gets
// `dockstack init --yes`, then the engine tier's checks on a real Docker engine (build on the stand-ins,
// answer on PORT, healthy, non-root, stop < 2 s, cached rebuild after an edit), one build at a time.
// Writes test/corpus/results.json (after every app) and the README's "Real-world corpus" table.
//
//   pnpm test:corpus                 every app
//   pnpm test:corpus next vite-vue   apps whose id contains one of the words
//   pnpm test:corpus --table         rewrite the README table from results.json (no engine)
//   CORPUS_SAMPLE=1 pnpm test:corpus the CI sample only (test/corpus/ci-sample.json)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dependencyStepFor, globalArgs, substituteBaseImages, verifyImage, type VerifyReport, type WorksCheck } from '@dockstack/engine';
import { REPO, ensureEngine, ensureStandins, hasDependencies, standinMap } from '../../test/support/engine.js';
import { mirrorBase, removeMirrorBases, startMirror, type Mirror } from '../../test/support/mirrors.js';
import { classify, reclassify, type Classified } from './classify.js';
import { writeReadmeTable } from './table.js';

const CORPUS = path.join(REPO, 'test', 'corpus');
const RESULTS = path.join(CORPUS, 'results.json');
const PROBE_BUILDER = 'golang:1.24-bookworm';
/** How long a started app may take to answer: 45 s (the engine tier allows 90 s) keeps a run with many silent apps short; CORPUS_ANSWER_TIMEOUT_MS overrides. */
const ANSWER_TIMEOUT_MS = Number(process.env['CORPUS_ANSWER_TIMEOUT_MS'] ?? 45_000);

export interface CorpusApp {
  id: string;
  stack: string;
  tool: string;
  toolVersion: string;
  packageManager: string;
  packageManagerVersion?: string;
  check: WorksCheck;
  edit?: string;
  note?: string;
  /** A package mirror the build needs (python apps: the local PyPI mirror of Debian's packages). */
  mirror?: 'pypi';
}

/** One check's outcome: passed, failed, or not reached / not applicable. */
export type Outcome = 'pass' | 'fail' | '-';

export interface AppResult {
  id: string;
  tool: string;
  toolVersion: string;
  packageManager: string;
  stackChosen?: string;
  checks: { init: Outcome; build: Outcome; answer: Outcome; healthy: Outcome; nonRoot: Outcome; stop: Outcome; cachedRebuild: Outcome };
  passed: boolean;
  failure?: Classified;
  seconds: number;
  buildSeconds?: number;
  rebuildSeconds?: number;
  sizeMB?: number;
}

interface ResultsFile {
  date: string;
  engine: string;
  totalSeconds: number;
  results: AppResult[];
}

const args = process.argv.slice(2);
export const manifest = JSON.parse(readFileSync(path.join(CORPUS, 'corpus.json'), 'utf8')) as { registryPlaceholder: string; apps: CorpusApp[] };

export function registryUrl(): string {
  const r = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' });
  const url = r.stdout.trim().replace(/\/+$/, '');
  if (r.status !== 0 || !/^https?:\/\//.test(url)) throw new Error(`cannot read the machine's npm registry (npm config get registry): ${r.stderr}`);
  return url;
}

/** Maps the corpus's registry placeholder in every lockfile to the machine's registry. */
function mapRegistry(dir: string, placeholder: string, registry: string): void {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      mapRegistry(p, placeholder, registry);
    } else if (/^(yarn\.lock|pnpm-lock\.yaml|bun\.lock|package-lock\.json)$/.test(name)) {
      const text = readFileSync(p, 'utf8');
      if (text.includes(placeholder)) writeFileSync(p, text.split(placeholder).join(registry));
    }
  }
}

function emptyChecks(): AppResult['checks'] {
  return { init: '-', build: '-', answer: '-', healthy: '-', nonRoot: '-', stop: '-', cachedRebuild: '-' };
}

const ok = (b: boolean | undefined): Outcome => (b === undefined ? '-' : b ? 'pass' : 'fail');

/** Runs one app; never throws (a harness error is recorded as the app's failure). */
export async function runApp(app: CorpusApp, registry: string, placeholder: string, mirrors: { pypi?: Mirror } = {}): Promise<AppResult> {
  const t0 = Date.now();
  const result: AppResult = {
    id: app.id,
    tool: app.tool,
    toolVersion: app.toolVersion,
    packageManager: app.packageManager + (app.packageManagerVersion ? ` ${app.packageManagerVersion}` : ''),
    checks: emptyChecks(),
    passed: false,
    seconds: 0,
  };
  const work = mkdtempSync(path.join(tmpdir(), `dockstack-corpus-${app.id}-`));
  try {
    const context = path.join(work, 'context');
    cpSync(path.join(CORPUS, 'apps', app.id), context, { recursive: true });
    mapRegistry(context, placeholder, registry);
    const env = { ...process.env };
    delete env['CI'];
    const init = spawnSync('node', [path.join(REPO, 'packages', 'cli', 'bin', 'run.js'), 'init', '--yes', '--cwd', context], {
      encoding: 'utf8',
      env,
      timeout: 5 * 60_000,
    });
    const dockerfilePath = path.join(context, 'Dockerfile');
    result.checks.init = ok(init.status === 0 && existsSync(dockerfilePath));
    if (result.checks.init === 'fail') {
      const services = existsSync(context) ? readdirSync(context).filter((f) => /Dockerfile/.test(f)) : [];
      result.failure = classify({ phase: 'init', text: `${init.stdout}\n${init.stderr}`, exit: init.status, extra: services.join(',') });
      return result;
    }
    const dockerfile = readFileSync(dockerfilePath, 'utf8');
    const stack = /from stack ([\w-]+@\d+(?:\.\d+)*)/.exec(dockerfile)?.[1];
    if (stack !== undefined) result.stackChosen = stack;
    // As `dockstack verify --offline`: build without the # syntax directive (no frontend pull here).
    writeFileSync(path.join(work, 'Dockerfile'), dockerfile.replace(/^# syntax=[^\n]*\n/, ''));
    const map = standinMap();
    const needed = Object.entries(globalArgs(dockerfile))
      .filter(([name, value]) => /_IMAGE$/.test(name) && map[value] !== undefined)
      .map(([, value]) => value);
    if ('run' in app.check) needed.push(PROBE_BUILDER);
    const standins = ensureStandins([...new Set(needed)].sort());
    const { buildArgs, unmapped } = substituteBaseImages(dockerfile, standins);
    if (unmapped.length > 0) {
      result.checks.build = 'fail';
      result.failure = classify({ phase: 'standin', text: `base images without a stand-in: ${unmapped.join(', ')}` });
      return result;
    }
    if (app.mirror === 'pypi') {
      // As the engine tier's fixtures: the stand-in base gets /etc/pip.conf naming the local mirror.
      if (mirrors.pypi === undefined) throw new Error(`${app.id} needs the PyPI mirror, which is not running`);
      for (const [name, value] of Object.entries(buildArgs)) if (/_IMAGE$/.test(name)) buildArgs[name] = mirrorBase(value, mirrors.pypi);
    }
    const base = {
      context,
      dockerfile: path.join(work, 'Dockerfile'),
      tag: `corpus-dockstack/${app.id}:latest`,
      buildArgs,
      check: app.check,
      dependencyStep: dependencyStepFor(result.stackChosen?.split('@')[0]),
      hasDependencies: hasDependencies(context),
      answerTimeoutMs: ANSWER_TIMEOUT_MS,
      ...(standins[PROBE_BUILDER] === undefined ? {} : { probeBuilder: standins[PROBE_BUILDER] }),
    };
    // First pass: build, answer on PORT, health, user, stop (no edit, so a missing answer costs one wait).
    const report: VerifyReport = await verifyImage(base);
    result.buildSeconds = Number(report.build.seconds.toFixed(1));
    if (report.size) result.sizeMB = Number((report.size.bytes / 1e6).toFixed(1));
    const c = result.checks;
    c.build = ok(report.build.ok);
    let rebuildReport: VerifyReport | undefined;
    let fixedPort: number | undefined;
    if (report.build.ok) {
      c.answer = ok(report.run?.check.ok);
      // No process left to look at (it exited): the user cannot be observed, only the image's USER.
      const observed = (report.run?.uids.length ?? 0) > 0;
      c.nonRoot = ok(
        report.run ? (observed ? report.run.nonRoot : true) && !report.failures.some((f) => /^image user is/.test(f)) : undefined,
      );
      if ('http' in app.check) {
        c.healthy = report.config?.healthcheck ? ok(report.health?.status === 'healthy') : report.run ? 'fail' : '-';
        c.stop = ok(report.stop === undefined ? undefined : report.stop.seconds < 2);
      }
      // No answer on PORT but the image declares one fixed port: does it answer there (it ignores PORT)?
      // The generated Dockerfile's own EXPOSE (the image's list also holds its base image's ports).
      const exposed = [...dockerfile.matchAll(/^EXPOSE\s+(\d+)/gm)].map((m) => Number(m[1])).slice(-1);
      if (c.answer === 'fail' && 'http' in app.check && exposed.length === 1) {
        fixedPort = exposed[0];
      }
      // Second pass (cached build): the edit, the rebuild, the dependency step's cache.
      if (app.edit !== undefined && (c.answer === 'pass' || fixedPort !== undefined)) {
        rebuildReport = await verifyImage({ ...base, edit: app.edit, ...(fixedPort === undefined ? {} : { port: fixedPort }) });
        if (rebuildReport.rebuild) {
          result.rebuildSeconds = Number(rebuildReport.rebuild.seconds.toFixed(1));
          const r = rebuildReport.rebuild;
          const deps = r.installSteps.length === 0 ? !base.hasDependencies : r.installCached;
          c.cachedRebuild = ok(r.edit.proven && deps);
        }
      }
    }
    result.passed = Object.values(c).every((v) => v === 'pass' || v === '-') && c.build === 'pass' && c.answer === 'pass';
    if (!result.passed) {
      result.failure = classify({ phase: 'verify', report, checks: c, ...(rebuildReport ? { rebuild: rebuildReport } : {}) });
      if (fixedPort !== undefined && c.answer === 'fail') {
        const there = rebuildReport?.run?.check.ok;
        result.failure.detail = `${there ? `answers on its fixed port ${fixedPort}` : `no answer on its declared port ${fixedPort} either`}, not on PORT\n${result.failure.detail}`;
        if (there) result.failure = { ...result.failure, class: 'port: listens on a fixed port, ignores PORT', line: `answers on ${fixedPort} (EXPOSE), not on PORT=${report.run?.port}` };
      }
      if (c.answer === 'fail' && report.run?.mode === 'server' && report.run.uids.length === 0) {
        const cmd = JSON.stringify([...(report.config?.entrypoint ?? []), ...(report.config?.cmd ?? [])]);
        result.failure = reclassify({ ...result.failure, detail: `the container exited at once: no process running ${cmd}\n${result.failure.detail}` });
      }
    }
    return result;
  } catch (error) {
    result.failure = classify({ phase: 'harness', text: (error as Error).stack ?? String(error) });
    return result;
  } finally {
    result.seconds = Number(((Date.now() - t0) / 1000).toFixed(1));
    if (process.env['DOCKSTACK_KEEP_TMP'] !== '1') rmSync(work, { recursive: true, force: true });
    spawnSync('docker', ['rmi', '-f', `corpus-dockstack/${app.id}:latest`], { stdio: 'ignore' });
  }
}

function save(file: ResultsFile): void {
  for (const r of file.results) if (r.failure) r.failure = reclassify(r.failure);
  writeFileSync(`${RESULTS}.tmp`, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(`${RESULTS}.tmp`, RESULTS);
}

async function main(): Promise<void> {
  if (args.includes('--table')) {
    const file = JSON.parse(readFileSync(RESULTS, 'utf8')) as ResultsFile;
    save(file);
    writeReadmeTable(path.join(REPO, 'README.md'), file, manifest);
    return;
  }
  let selected = manifest.apps;
  if (process.env['CORPUS_SAMPLE'] === '1') {
    const sample = (JSON.parse(readFileSync(path.join(CORPUS, 'ci-sample.json'), 'utf8')) as { apps: string[] }).apps;
    selected = selected.filter((a) => sample.includes(a.id));
  }
  const words = args.filter((a) => !a.startsWith('--'));
  // Apps run in the order of the words that select them (breadth first when time is short).
  const rank = (a: CorpusApp): number => words.findIndex((w) => a.id === w || a.id.includes(w));
  if (words.length > 0) selected = selected.filter((a) => rank(a) >= 0).sort((a, b) => rank(a) - rank(b));
  const engine = await ensureEngine();
  if (!engine.ok) throw new Error(engine.reason);
  const registry = registryUrl();
  // A partial run (a filter or the sample) merges into the previous results; a full run replaces them.
  const previous: AppResult[] =
    (words.length > 0 || process.env['CORPUS_SAMPLE'] === '1') && existsSync(RESULTS)
      ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as ResultsFile).results
      : [];
  const mirrors: { pypi?: Mirror } = {};
  if (selected.some((a) => a.mirror === 'pypi')) {
    mirrors.pypi = await startMirror('pypi');
    console.log(`local PyPI mirror (wheels from Debian's python3-* packages) at ${mirrors.pypi.url}`);
  }
  const t0 = Date.now();
  const file: ResultsFile = { date: new Date().toISOString().slice(0, 10), engine: engine.version, totalSeconds: 0, results: previous };
  let failed = 0;
  try {
    for (const [i, app] of selected.entries()) {
      console.log(`[${i + 1}/${selected.length}] ${app.id} (${app.tool}@${app.toolVersion}, ${app.packageManager})`);
      const r = await runApp(app, registry, manifest.registryPlaceholder, mirrors);
      if (!r.passed) failed += 1;
      console.log(
        `  ${r.passed ? 'PASS' : 'FAIL'} in ${r.seconds} s: ${Object.entries(r.checks)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}${r.failure ? `\n  ${r.failure.class}: ${r.failure.line}` : ''}`,
      );
      file.results = [...file.results.filter((x) => x.id !== r.id), r].sort((a, b) => a.id.localeCompare(b.id));
      file.totalSeconds = Number(((Date.now() - t0) / 1000).toFixed(0));
      save(file);
    }
  } finally {
    mirrors.pypi?.stop();
    removeMirrorBases();
  }
  writeReadmeTable(path.join(REPO, 'README.md'), file, manifest);
  console.log(`${selected.length - failed}/${selected.length} apps passed every check in ${file.totalSeconds} s`);
  process.exitCode = failed > 0 ? 1 : 0;
}

// Run as a command (`pnpm test:corpus`); imported (the engine tier's CI sample), it only exports.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
