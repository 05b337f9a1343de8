import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, REPO, nodeProject, runCli } from '../support/cli.js';
import { tempDir } from '../../packages/core/test/helpers.js';

const TRACE = path.join(REPO, 'test', 'cli', 'trace-reads.mjs');
const PLUGINS = path.join(REPO, 'plugins');

/** Runs the built CLI and returns the stack files (under plugins/, relative) it read. */
function stackReads(args: string[]): { status: number | null; stdout: string; stderr: string; reads: string[] } {
  const out = path.join(tempDir(), 'reads.txt');
  const env = {
    ...process.env,
    CI: '1',
    FORCE_COLOR: '0',
    DOCKSTACK_TRACE_READS: out,
    DOCKSTACK_CACHE_DIR: tempDir(),
    DOCKSTACK_DATA_DIR: tempDir(),
    DOCKSTACK_CONFIG_DIR: tempDir(),
  };
  const r = spawnSync(process.execPath, ['--import', TRACE, BIN, ...args], { cwd: REPO, env, encoding: 'utf8', input: '' });
  const all = readFileSync(out, 'utf8').split('\n');
  const cli = path.join(REPO, 'packages', 'cli', 'validators');
  const reads = all
    .map((f) => path.resolve(f))
    .flatMap((f) =>
      f.startsWith(PLUGINS + path.sep)
        ? [path.relative(PLUGINS, f)]
        : f.startsWith(cli + path.sep)
          ? [`validators/${path.basename(f)}`]
          : [],
    )
    .filter((f) => !f.includes(`${path.sep}node_modules${path.sep}`));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, reads: [...new Set(reads)].sort() };
}

const templates = (reads: string[]): string[] => reads.filter((f) => f.split(path.sep)[1] === 'template');

describe('CLI: stacks are loaded only when used', function () {
  this.timeout(60_000);

  it('detect reads every stack manifest and detector, no template, and no validator or schema of a stack that did not answer', function () {
    const dir = nodeProject();
    const r = stackReads(['detect', '--json', '--cwd', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(templates(r.reads), []);
    const ids = (JSON.parse(r.stdout) as { candidates: Array<{ id: string }> }).candidates.map((c) => c.id);
    assert.ok(ids.includes('node'));
    for (const f of r.reads.filter((x) => x.endsWith('schema.json') || (x.startsWith('validators/') && x !== 'validators/index.json'))) {
      const id = f.startsWith('validators/') ? path.basename(f, '.cjs') : f.split(path.sep)[0];
      assert.ok(ids.includes(id as string), `${f} read, but ${id} is not a candidate`);
    }
    assert.ok(r.reads.includes(path.join('python', 'package.json')), 'manifests are read');
  });

  it('check reads the templates of the locked stack only', function () {
    const dir = nodeProject();
    assert.equal(runCli(['init', '--yes', '--cwd', dir]).status, 0);
    const r = stackReads(['check', '--cwd', dir]);
    assert.equal(r.status, 0, r.stderr);
    const stacksOfTemplates = [...new Set(templates(r.reads).map((f) => f.split(path.sep)[0]))];
    assert.deepEqual(stacksOfTemplates, ['node']);
    assert.deepEqual(
      r.reads.filter((f) => f.startsWith('validators/') && f !== 'validators/index.json'),
      ['validators/node.cjs'],
    );
  });

  it('lint reads no stack at all', function () {
    const dir = nodeProject();
    assert.equal(runCli(['init', '--yes', '--cwd', dir]).status, 0);
    const r = stackReads(['lint', '--cwd', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.reads, []);
  });
});
