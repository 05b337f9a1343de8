import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The golden and option-combination lint tests go through lintHook: without ShellCheck, DS-38
// would be silently off. Under CI a missing ShellCheck must fail them instead.
const HOOK = path.resolve(import.meta.dirname, '..', 'dist', 'hook.js');
const SCRIPT = `import(${JSON.stringify(HOOK)}).then(({ lintHook }) => lintHook('FROM debian:trixie-slim\\nRUN echo $1\\n', undefined)).then((f) => console.log(JSON.stringify(f)), (e) => { console.error(e.message); process.exit(3); });`;

describe('lintHook: ShellCheck is required under CI', function () {
  // A missing binary leaves spawn's 30 s timeout timer alive in the child: each such run takes ~30 s to exit.
  this.timeout(120_000);
  let empty: string;
  before(function () {
    empty = mkdtempSync(path.join(tmpdir(), 'dockstack-no-shellcheck-'));
  });
  after(function () {
    rmSync(empty, { recursive: true, force: true });
  });

  const run = (ci: boolean, PATH = empty) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { encoding: 'utf8', env: { PATH, ...(ci ? { CI: 'true' } : {}) } });
  const rules = (stdout: string): string[] => (JSON.parse(stdout) as Array<{ rule: string }>).map((f) => f.rule);

  it('fails when CI is set and no shellcheck is on PATH', function () {
    const r = run(true);
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stderr, /shellcheck .*not found/);
  });
  it('with shellcheck on PATH, the sample RUN is a DS-38 finding', function () {
    const r = run(true, process.env['PATH'] ?? '');
    if (r.status === 3 && !process.env['CI']) this.skip(); // no shellcheck on this machine
    assert.equal(r.status, 0, r.stderr);
    assert.ok(rules(r.stdout).includes('DS-38'), r.stdout);
  });
  it('outside CI, the same missing tool drops DS-38 (what CI must never do)', function () {
    const r = run(false);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!rules(r.stdout).includes('DS-38'), r.stdout);
  });
});
