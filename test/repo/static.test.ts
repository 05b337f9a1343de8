// Static checks over the repository, as tests so they count in the closing line and fail CI:
// ESLint (typescript-eslint), Prettier (formatting) and an import-cycle check (madge over the
// built JavaScript, which mirrors the TypeScript import graph one file for one file).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const bin = (name: string) => path.join(REPO, 'node_modules', '.bin', name);

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}

describe('repository static checks', function () {
  this.timeout(200_000);

  it('ESLint finds no problem in the TypeScript sources and tests', () => {
    const r = run(bin('eslint'), ['--max-warnings', '0', '.']);
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, `eslint failed:\n${r.out.slice(-6000)}`);
  });

  it('Prettier finds every TypeScript file formatted', () => {
    const r = run(bin('prettier'), ['--check', '--log-level', 'warn', '.']);
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, `prettier --check failed (run \`pnpm -s format\`):\n${r.out.slice(-6000)}`);
  });

  it('no package has an import cycle (madge over the built output)', () => {
    const dists = ['packages', 'plugins'].flatMap((top) =>
      spawnSync('bash', ['-c', `ls -d ${top}/*/dist`], { cwd: REPO, encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean),
    );
    assert.ok(dists.length >= 5, `expected built packages (run pnpm -s build): ${dists.join(', ')}`);
    const r = run(bin('madge'), ['--circular', '--no-spinner', '--no-color', '--extensions', 'js', ...dists]);
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, `madge found circular imports:\n${r.out.slice(-6000)}`);
    assert.match(r.out, /No circular dependency found/);
  });
});
