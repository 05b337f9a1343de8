import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyImage, type VerifyReport } from '@dockstack/engine';
import { ensureEngine, ensureStandins } from '../support/engine.js';

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
    writeFileSync(path.join(work, 'Dockerfile'), `FROM ${standins['python:3.13-slim-trixie']}\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt && touch /usr/bin/gcc\nHEALTHCHECK --interval=2s CMD ["false"]\nCMD ["sh", "-c", "exec python3 -m http.server \${PORT}"]\n`);
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
    assert.ok(report.failures.some((f) => /image user is "root/.test(f)), report.failures.join('\n'));
    assert.ok(report.failures.some((f) => /processes run as uids \[0/.test(f)), report.failures.join('\n'));
  });
  it('reports an unhealthy HEALTHCHECK', function () {
    assert.ok(report.failures.some((f) => /HEALTHCHECK status is unhealthy/.test(f)), report.failures.join('\n'));
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
