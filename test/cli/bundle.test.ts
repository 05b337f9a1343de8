import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, REPO, nodeProject, runCli } from '../support/cli.js';
import { tempDir } from '../../packages/core/test/helpers.js';

const TRACE = path.join(REPO, 'test', 'cli', 'trace-reads.mjs');

const SCRIPT = path.join(REPO, 'packages', 'cli', 'scripts', 'bundle.mjs');
const BUNDLE = path.join(REPO, 'packages', 'cli', 'dist', 'cli.cjs');
const STACK_FIXTURES = path.join(REPO, 'packages', 'core', 'test', 'fixtures', 'stacks');

function check(file?: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPT, '--check', ...(file === undefined ? [] : ['--file', file])], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr };
}

describe('the bundled CLI (dist/cli.cjs)', function () {
  this.timeout(60_000);

  it('is what the built sources bundle to now', function () {
    const r = check();
    assert.equal(r.status, 0, r.stderr);
  });

  it('a stale bundle fails the check', function () {
    const stale = path.join(tempDir(), 'cli.cjs');
    writeFileSync(stale, readFileSync(BUNDLE, 'utf8').replace('is not a dockstack command.', 'is not a command.'));
    const r = check(stale);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is stale \(it differs from what dist\/main\.js bundles to\)/);
  });

  it("routes every dynamic import through the loader's import() (none left for a script to fail on)", function () {
    const text = readFileSync(BUNDLE, 'utf8');
    assert.ok(text.includes('__dsim('), 'dynamic imports are routed');
    // What is left is the fallback for a plain require (the banner), comments, strings and methods (jiti.import).
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
    assert.deepEqual(code.match(/(?<![.\w$])import\((?!specifier\))/g) ?? [], []);
    assert.equal(code.match(/(?<![.\w$])import\(specifier\)/g)?.length, 1, 'the one fallback for a plain require');
  });

  it('loaded by Node itself (--enable-source-maps, no code cache) it answers the same, dynamic imports included', function () {
    const plain = runCli(['help', 'detect']);
    const mapped = spawnSync(process.execPath, ['--enable-source-maps', BIN, 'help', 'detect'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    assert.equal(plain.status, 0, plain.stderr);
    assert.equal(mapped.status, 0, mapped.stderr);
    assert.match(plain.stdout, /Show which stacks match the project/);
    assert.equal(mapped.stdout, plain.stdout);
    assert.equal(mapped.stderr, plain.stderr);
  });

  it('is ASCII, so bin/bundle.js reads it without decoding UTF-8 (a regular expression with other characters is escaped)', function () {
    const bytes = readFileSync(BUNDLE);
    assert.ok(isAscii(bytes), `not ASCII at byte ${bytes.findIndex((b) => b > 0x7f)}`);
    // ansis' strip() matches CSI sequences that start with U+009B: the escaped character still matches.
    assert.ok(bytes.toString('ascii').includes('\\u009b'), "ansis' U+009B is escaped");
  });

  it('init --yes loads no JavaScript from outside the bundle but the precompiled validators (no picomatch for fdir)', function () {
    const dir = nodeProject();
    const out = path.join(tempDir(), 'reads.txt');
    const env = {
      ...process.env,
      FORCE_COLOR: '0',
      DOCKSTACK_TRACE_READS: out,
      DOCKSTACK_CACHE_DIR: tempDir(),
      DOCKSTACK_DATA_DIR: tempDir(),
      DOCKSTACK_CONFIG_DIR: tempDir(),
    };
    delete env['CI'];
    const r = spawnSync(process.execPath, ['--import', TRACE, BIN, 'init', '--yes', '--cwd', dir], {
      cwd: REPO,
      env,
      encoding: 'utf8',
      input: '',
    });
    assert.equal(r.status, 0, r.stderr);
    const scripts = readFileSync(out, 'utf8')
      .split('\n')
      .filter((f) => /\.(c|m)?js$/.test(f))
      .map((f) => path.relative(REPO, f).split(path.sep).join('/'));
    assert.ok(scripts.includes('packages/cli/dist/cli.cjs'), scripts.join(', '));
    const outside = scripts.filter(
      (f) =>
        !/^packages\/cli\/(bin\/(run|bundle)\.js|dist\/cli\.cjs)$/.test(f) &&
        !/^packages\/(core|cli)\/validators\/[\w-]+\.cjs$/.test(f) &&
        !f.endsWith('/ajv/dist/runtime/ucs2length.js'),
    );
    assert.deepEqual(outside, []);
  });

  it("makes esbuild's ES module view of a CommonJS module once, and again when the module has more names (a require cycle)", function () {
    const text = readFileSync(BUNDLE, 'utf8');
    assert.equal(text.split('var __esmOf=(mod,isNodeMode,target)=>(').length, 2, "esbuild's helper, renamed");
    const banner = /const __dsEsmViews[\s\S]*?\n}\n/.exec(text)?.[0];
    assert.ok(banner !== undefined, 'the memoizing __toESM is in the banner');
    let made = 0;
    const esmOf = (mod: unknown, nodeMode: unknown): object => ({ made: ++made, mod, nodeMode });
    const toESM = new Function('__esmOf', `${banner}; return __toESM;`)(esmOf) as (mod: unknown, nodeMode?: number) => { made: number };
    const mod: Record<string, number> = { a: 1 };
    const first = toESM(mod, 1);
    assert.equal(toESM(mod, 1), first, 'one view per module and mode');
    assert.notEqual(toESM(mod), first, 'another for the other interop mode');
    mod['b'] = 2;
    const grown = toESM(mod, 1);
    assert.notEqual(grown, first, 'a module that gained exports gets a new view');
    assert.equal(toESM(mod, 1), grown);
    assert.equal(toESM(undefined, 1).made, made, 'no module: passed through');
  });

  it('a community detector that hangs is cut off at its time limit; the bundled ones (compiled in) still answer', function () {
    const dir = nodeProject();
    const started = Date.now();
    const r = runCli(['detect', '--json', '--cwd', dir], { env: { DOCKSTACK_STACK_PATH: path.join(STACK_FIXTURES, 'detect-hangs') } });
    const took = Date.now() - started;
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().candidates[0].id, 'node');
    assert.deepEqual(r.json().problems, [{ stack: 'hanger', message: 'detector did not finish within 5000 ms' }]);
    assert.ok(took >= 5000, `waited for the time limit (${took} ms)`);
  });
});
