import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

// The closing line of `pnpm test` / `.ci/run` must equal the real number of tests: these run
// scripts/run-tests.mjs and the real mocha configs on sample suites and compare with mocha's own count.
const REPO = path.resolve(import.meta.dirname, '..', '..');
const FIXTURES = path.join(REPO, 'test', 'runner', 'fixtures');
const MOCHA = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
const env = (extra: Record<string, string | undefined>): NodeJS.ProcessEnv => {
  const out: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete out[k];
  return out;
};

function runTests(config: string, extra: Record<string, string | undefined> = {}): { status: number | null; out: string; closing: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'run-tests.mjs'), `--config=${path.join(FIXTURES, config)}`], {
    cwd: REPO,
    encoding: 'utf8',
    env: env({ CI: undefined, DOCKSTACK_TEST_STATS: undefined, ...extra }),
  });
  const lines = r.stdout.trim().split('\n');
  return { status: r.status, out: r.stdout + r.stderr, closing: lines[lines.length - 1] ?? '' };
}

/** Mocha's own number of tests in a spec file (a dry run: no test or hook executes). */
function mochaCount(spec: string): number {
  const r = spawnSync(process.execPath, [MOCHA, '--no-config', '--dry-run', '--reporter', 'json', path.join(FIXTURES, spec)], {
    encoding: 'utf8',
  });
  return (JSON.parse(r.stdout) as { stats: { tests: number } }).stats.tests;
}

describe('test runner: the closing line counts every test', function () {
  this.timeout(60_000);

  it("counts tests under failing before-all, before-each and after-all hooks as failed, and the total equals mocha's own count", function () {
    const r = runTests('mocharc.hooks.cjs');
    // The closing line alone, in the plain form CI reads; the total is on the line before it.
    const m = /^(\d+) passed, (\d+) failed, (\d+) skipped$/.exec(r.closing);
    assert.ok(m, `closing line: ${r.closing}\n${r.out}`);
    const [passed, failed, skipped] = m.slice(1).map(Number) as [number, number, number];
    const total = Number(/^--- all tiers: (\d+) tests/m.exec(r.out)?.[1]);
    assert.deepEqual({ passed, failed, skipped }, { passed: 3, failed: 8, skipped: 2 }, r.out);
    assert.equal(passed + failed + skipped, total);
    assert.equal(total, mochaCount('hooks.spec.cjs'));
    // Mocha's own summary hides the 5 tests behind the 3 hook failures: the reason for the reporter.
    assert.match(r.out, /5 passing/);
    assert.match(r.out, /4 failing/);
    assert.equal(r.status, 1);
  });

  it("honours mocha's exit status even when the counts were written", function () {
    const r = runTests('mocharc.exit.cjs');
    assert.match(r.out, /1 passed, 0 failed, 0 skipped/);
    assert.match(r.out, /mocha exited with signal SIGKILL although no test failed/);
    assert.match(r.out, /^--- all tiers: \d+ tests; 1 run problems above/m);
    assert.equal(r.status, 1);
  });

  it('passes with status 0 when every test passes', function () {
    const r = spawnSync(
      process.execPath,
      [MOCHA, '--no-config', '--reporter', path.join(REPO, 'test', 'support', 'count-reporter.cjs'), path.join(FIXTURES, 'only.spec.cjs')],
      { encoding: 'utf8', env: env({ CI: undefined, DOCKSTACK_TEST_STATS: undefined }) },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /counted per test: 1 passed, 0 failed, 0 skipped \(1 tests\)/);
  });

  for (const config of ['.mocharc.cjs', '.mocharc.e2e.cjs', '.mocharc.engine.cjs']) {
    it(`${config} forbids .only under CI (and only there)`, function () {
      const args = [MOCHA, '--config', path.join(REPO, config), '--spec', path.join(FIXTURES, 'only.spec.cjs')];
      const ci = spawnSync(process.execPath, args, {
        cwd: REPO,
        encoding: 'utf8',
        env: env({ CI: 'true', DOCKSTACK_TEST_STATS: undefined }),
      });
      assert.notEqual(ci.status, 0, ci.stdout);
      assert.match(ci.stdout + ci.stderr, /ERR_MOCHA_FORBIDDEN_EXCLUSIVITY|forbid/i);
      const local = spawnSync(process.execPath, args, {
        cwd: REPO,
        encoding: 'utf8',
        env: env({ CI: undefined, DOCKSTACK_TEST_STATS: undefined }),
      });
      assert.equal(local.status, 0, local.stdout + local.stderr);
    });
  }
});
