import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyImage, type VerifyReport } from '@dockstack/engine';
import { ensureEngine, ensureStandins } from '../support/engine.js';

const PYTHON = 'python:3.13-slim-trixie';
const GO = 'golang:1.24-bookworm';

/** Builds and verifies a one-off image from a Dockerfile text and context files. */
async function verifyBad(
  name: string,
  dockerfile: string,
  files: Record<string, string>,
  options: Omit<Parameters<typeof verifyImage>[0], 'context' | 'dockerfile' | 'tag'>,
): Promise<VerifyReport> {
  const work = mkdtempSync(path.join(tmpdir(), `dockstack-bad-${name}-`));
  try {
    const context = path.join(work, 'context');
    mkdirSync(context, { recursive: true });
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(context, file)), { recursive: true });
      writeFileSync(path.join(context, file), text);
    }
    writeFileSync(path.join(work, 'Dockerfile'), dockerfile);
    return await verifyImage({
      context,
      dockerfile: path.join(work, 'Dockerfile'),
      tag: `dockstack-test/harness-${name}:latest`,
      ...options,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// The checks of the engine tier must be able to fail: a deliberately bad image (root, PID 1
// that ignores SIGTERM, sources copied before the install, a compiler-like leftover) must be
// reported on every count.
describe('engine tier: the harness catches a bad image', function () {
  let report: VerifyReport;
  let work: string;

  before(async function () {
    this.timeout(10 * 60_000);
    const engine = await ensureEngine();
    if (!engine.ok) {
      console.log(`  ${engine.reason}`);
      this.skip();
    }
    const standins = ensureStandins(['python:3.13-slim-trixie']);
    work = mkdtempSync(path.join(tmpdir(), 'dockstack-bad-image-'));
    const context = path.join(work, 'context');
    writeFileSync(
      path.join(work, 'Dockerfile'),
      `FROM ${standins['python:3.13-slim-trixie']}\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt && touch /usr/bin/gcc\nHEALTHCHECK --interval=2s CMD ["false"]\nCMD ["sh", "-c", "exec python3 -m http.server \${PORT}"]\n`,
    );
    await import('node:fs').then((fs) => fs.mkdirSync(context));
    writeFileSync(path.join(context, 'requirements.txt'), '# no dependencies\n');
    writeFileSync(path.join(context, 'index.html'), 'bad image\n');
    report = await verifyImage({
      context,
      dockerfile: path.join(work, 'Dockerfile'),
      tag: 'dockstack-test/harness-bad-image:latest',
      check: { http: { path: '/', status: 200, contains: 'bad image' } },
      edit: 'index.html',
      absent: ['/usr/bin/gcc'],
    });
  });

  after(function () {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('still answers (the HTTP check itself passes)', function () {
    assert.ok(report.run?.check.ok, report.run?.check.detail);
  });
  it('reports the root user', function () {
    assert.ok(
      report.failures.some((f) => /image user is "root/.test(f)),
      report.failures.join('\n'),
    );
    assert.ok(
      report.failures.some((f) => /processes run as uids \[0/.test(f)),
      report.failures.join('\n'),
    );
  });
  it('reports an unhealthy HEALTHCHECK', function () {
    assert.ok(
      report.failures.some((f) => /HEALTHCHECK status is unhealthy/.test(f)),
      report.failures.join('\n'),
    );
  });
  it('reports a slow stop (SIGTERM ignored by PID 1)', function () {
    assert.ok((report.stop?.seconds ?? 0) >= 2, `stop ${report.stop?.seconds}`);
    assert.ok(report.failures.some((f) => /docker stop took/.test(f)));
  });
  it('reports a leftover', function () {
    assert.ok(report.failures.some((f) => /\/usr\/bin\/gcc exists in the runtime image/.test(f)));
  });
  it('reports an install step that re-runs after a source edit', function () {
    assert.equal(report.rebuild?.installCached, false);
    assert.ok(report.failures.some((f) => /dependency install steps re-ran/.test(f)));
  });
});

// One broken template per check: each image is right on every count but one, and that check fails.
describe('engine tier: each check fails on the template that breaks it', function () {
  let standins: Record<string, string> = {};
  const probe = (): { probeBuilder: string } => ({ probeBuilder: standins[GO] as string });

  before(async function () {
    this.timeout(10 * 60_000);
    const engine = await ensureEngine();
    if (!engine.ok) {
      console.log(`  ${engine.reason}`);
      this.skip();
    }
    standins = ensureStandins([PYTHON, GO]);
  });

  it('an edit that is never copied into the image fails the rebuild check (and a dependency step that matches nothing fails too)', async function () {
    this.timeout(10 * 60_000);
    const report = await verifyBad(
      'edit-not-copied',
      `FROM ${standins[PYTHON]}\nWORKDIR /app\nCOPY index.html ./\nUSER 1000:1000\nSTOPSIGNAL SIGINT\nCMD ["sh", "-c", "exec python3 -m http.server \${PORT}"]\n`,
      { 'index.html': 'served page\n', 'src/app.py': 'print("never copied")\n' },
      {
        check: { http: { path: '/', status: 200, contains: 'served page' } },
        edit: 'src/app.py',
        hasDependencies: true,
        dependencyStep: { step: /\bnever-matches-anything\b/, mode: 'cached' },
      },
    );
    assert.ok(report.run?.check.ok, report.failures.join('\n'));
    assert.equal(report.rebuild?.edit.proven, false);
    assert.ok(
      report.failures.some((f) => /the edit of src\/app\.py did not reach the image/.test(f)),
      report.failures.join('\n'),
    );
    assert.ok(
      report.failures.some((f) => /has dependencies but no build step matches/.test(f)),
      report.failures.join('\n'),
    );
    assert.equal(report.failures.length, 2, report.failures.join('\n'));
  });

  it('the same image with the edit copied passes the rebuild check (the check is not always failing)', async function () {
    this.timeout(10 * 60_000);
    const report = await verifyBad(
      'edit-copied',
      `FROM ${standins[PYTHON]}\nWORKDIR /app\nCOPY . ./\nUSER 1000:1000\nSTOPSIGNAL SIGINT\nCMD ["sh", "-c", "exec python3 -m http.server \${PORT}"]\n`,
      { 'index.html': 'served page\n', 'src/app.py': 'print("copied")\n' },
      { check: { http: { path: '/', status: 200, contains: 'served page' } }, edit: 'index.html' },
    );
    assert.deepEqual(report.failures, []);
    assert.equal(report.rebuild?.edit.how, 'output');
    assert.equal(report.rebuild?.edit.proven, true);
  });

  it('a job that runs as root is seen by its process, not only the image config', async function () {
    this.timeout(10 * 60_000);
    const report = await verifyBad(
      'root-job',
      `FROM ${standins[PYTHON]}\nCMD ["python3", "-c", "print('job done')"]\n`,
      {},
      { check: { run: { stdout: 'job done' } }, ...probe() },
    );
    assert.ok(report.run?.check.ok, report.run?.check.detail);
    assert.deepEqual(report.run?.uids, [0]);
    assert.ok(
      report.failures.some((f) => /the job ran as uid \[0\]/.test(f)),
      report.failures.join('\n'),
    );
  });

  it('a job in group 0 (USER 1000:0) fails, in the config and in its process', async function () {
    this.timeout(10 * 60_000);
    const report = await verifyBad(
      'gid0-job',
      `FROM ${standins[PYTHON]}\nUSER 1000:0\nCMD ["python3", "-c", "print('job done')"]\n`,
      {},
      { check: { run: { stdout: 'job done' } }, ...probe() },
    );
    assert.deepEqual({ uids: report.run?.uids, gids: report.run?.gids }, { uids: [1000], gids: [0] });
    assert.ok(
      report.failures.some((f) => /group 0/.test(f)),
      report.failures.join('\n'),
    );
    assert.ok(
      report.failures.some((f) => /the job ran as uid \[1000\] gid \[0\]/.test(f)),
      report.failures.join('\n'),
    );
  });

  it('a non-root job passes the uid check (observed uid 1000, gid 1000)', async function () {
    this.timeout(10 * 60_000);
    const report = await verifyBad(
      'good-job',
      `FROM ${standins[PYTHON]}\nUSER 1000:1000\nCMD ["python3", "-c", "print('job done')"]\n`,
      {},
      { check: { run: { stdout: 'job done' } }, ...probe() },
    );
    assert.deepEqual(report.failures, []);
    assert.deepEqual({ uids: report.run?.uids, gids: report.run?.gids }, { uids: [1000], gids: [1000] });
  });

  it('a path the runtime user cannot write fails the writable check; one it owns passes (the check is not always failing)', async function () {
    this.timeout(10 * 60_000);
    // What the Next templates did before: the build output copied root-owned, the app run as uid 1000.
    const report = await verifyBad(
      'not-writable',
      `FROM ${standins[PYTHON]}\nWORKDIR /app\nCOPY out/ ./out/\nCOPY --chown=1000:1000 own/ ./own/\nUSER 1000:1000\nCMD ["true"]\n`,
      { 'out/server.txt': 'built\n', 'own/keep.txt': 'mine\n' },
      { writable: ['/app/out/cache', '/app/own/cache'] },
    );
    assert.deepEqual(
      report.writable?.map((w) => [w.path, w.writable]),
      [
        ['/app/out/cache', false],
        ['/app/own/cache', true],
      ],
      JSON.stringify(report.writable),
    );
    assert.match(report.writable?.[1]?.detail ?? '', /^1000:1000$/);
    assert.deepEqual(
      report.failures.filter((f) => /cannot write/.test(f)),
      [`the runtime user cannot write /app/out/cache: ${report.writable?.[0]?.detail}`],
    );
  });

  it('a worker checked by its log passes when the line appears, fails when it never does or the worker exits (and its edit is proven by the log)', async function () {
    this.timeout(10 * 60_000);
    // A long-running process with no HTTP (a queue worker): a shell loop that handles SIGTERM.
    const worker = (line: string): string =>
      `FROM ${standins[PYTHON]}\nWORKDIR /app\nCOPY worker.sh .\nUSER 1000:1000\nCMD ["sh", "worker.sh"]\n${line}`;
    const script = (text: string): string => `trap 'exit 0' TERM\necho "${text}"\nwhile :; do sleep 0.2; done\n`;
    const good = await verifyBad(
      'log-worker',
      worker(''),
      { 'worker.sh': script('worker ready: 3 queues') },
      {
        check: { log: { contains: 'worker ready: 3 queues' } },
        edit: 'worker.sh',
      },
    );
    assert.ok(good.run?.check.ok, good.failures.join('\n'));
    assert.deepEqual(
      good.run?.uids.every((u) => u === 1000),
      true,
      JSON.stringify(good.run),
    );
    assert.ok(good.stop !== undefined && good.stop.seconds < 2, `stop ${good.stop?.seconds}`);
    assert.equal(good.rebuild?.edit.how, 'output');
    assert.ok(good.rebuild?.edit.proven, good.rebuild?.edit.detail);
    const silent = await verifyBad(
      'log-silent',
      worker(''),
      { 'worker.sh': script('starting') },
      {
        check: { log: { contains: 'worker ready' } },
        answerTimeoutMs: 3_000,
      },
    );
    assert.equal(silent.run?.check.ok, false);
    assert.match(silent.failures.join('\n'), /log check failed: no "worker ready" in the log in time/);
    const exited = await verifyBad(
      'log-exited',
      worker(''),
      { 'worker.sh': 'echo "crashed"\nexit 3\n' },
      {
        check: { log: { contains: 'worker ready' } },
      },
    );
    assert.match(exited.failures.join('\n'), /the container exited \(false 3\) before its log showed "worker ready"/);
  });

  it('"leaves behind nothing" fails when Docker cannot create the container, instead of calling every path absent', async function () {
    this.timeout(10 * 60_000);
    // No CMD and no ENTRYPOINT: `docker create` refuses the image.
    const report = await verifyBad('no-command', 'FROM scratch\nCOPY marker /marker\n', { marker: 'x\n' }, { absent: ['/usr/bin/gcc'] });
    assert.ok(
      report.failures.some((f) => /cannot check what is left behind: docker create failed/.test(f)),
      report.failures.join('\n'),
    );
    assert.deepEqual(report.absent, []);
  });
});
