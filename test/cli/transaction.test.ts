import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, REPO, nodeProject } from '../support/cli.js';

const CLI = process.env['DOCKSTACK_SECURITY_BIN'] ?? BIN;
const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  delete e['CI'];
  return e;
};

const sha512 = (text: string): string => `sha512-${createHash('sha512').update(text, 'utf8').digest('base64')}`;

/** The port recorded by the config, the lock and the Dockerfile; throws when they disagree or debris is left. */
function consistentPort(dir: string): number {
  const names = readdirSync(dir);
  assert.deepEqual(
    names.filter((n) => n.endsWith('.tmp') || n === '.dockstack.lock'),
    [],
    `debris in ${dir}: ${names.join(', ')}`,
  );
  const config = JSON.parse(readFileSync(path.join(dir, '.dockstackrc.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(path.join(dir, 'dockstack.lock.json'), 'utf8'));
  const entry = lock.services['.'];
  for (const file of ['Dockerfile', '.dockerignore']) {
    assert.equal(sha512(readFileSync(path.join(dir, file), 'utf8')), entry.files[file], `${file} is not the file the lock records`);
  }
  assert.equal(config.stacks[0].options.port, entry.options.port, 'the config and the lock disagree');
  assert.match(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), new RegExp(`EXPOSE ${entry.options.port}\\b`));
  return entry.options.port as number;
}

function run(args: string[]): { child: ReturnType<typeof spawn>; done: Promise<number | string> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: env(), stdio: 'ignore' });
  const done = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, done };
}

let template: string | undefined;

/** A project generated once with the given port, then copied (one CLI run instead of one per copy). */
function initWithPort(port: number): string {
  if (template === undefined) {
    template = nodeProject();
    const r = spawnSync(process.execPath, [CLI, 'add', 'node', '--set', `port=${port}`, '--yes', '--cwd', template], {
      env: env(),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-tx-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}

describe('transactions: interrupts and concurrent runs leave the project fully old or fully new', function () {
  this.timeout(600_000);

  it('50 runs interrupted (SIGINT) early or in the middle of the write: no temporary file, never a mix', async function () {
    const outcomes = { old: 0, new: 0, atWrite: 0 };
    const dirs = Array.from({ length: 50 }, () => initWithPort(3000));
    for (let i = 0; i < 50; i += 5) {
      await Promise.all(
        dirs.slice(i, i + 5).map(async (dir, j) => {
          const { child, done } = run(['add', 'node', '--set', 'port=4000', '--yes', '--force', '--cwd', dir]);
          let timer: NodeJS.Timeout | undefined;
          let watcher: FSWatcher | undefined;
          if ((i + j) % 2 === 0) {
            // the moment the first temporary file appears: the write transaction has begun
            watcher = watch(dir, (_event, name) => {
              if (typeof name === 'string' && name.endsWith('.tmp')) {
                outcomes.atWrite += 1;
                child.kill('SIGINT');
                watcher?.close();
              }
            });
          } else timer = setTimeout(() => child.kill('SIGINT'), 100 + ((i + j) % 10) * 150);
          await done;
          watcher?.close();
          if (timer !== undefined) clearTimeout(timer);
          const port = consistentPort(dir);
          if (port === 3000) outcomes.old += 1;
          else outcomes.new += 1;
        }),
      );
    }
    console.log(
      `      50 interrupted runs: ${outcomes.atWrite} interrupted during the write; ${outcomes.old} left the old project, ${outcomes.new} the new one, none a mix`,
    );
    assert.equal(outcomes.old + outcomes.new, 50);
    assert.ok(outcomes.atWrite >= 20, `only ${outcomes.atWrite} interrupts landed in the write`);
  });

  it('20 pairs of concurrent runs on one project: config, lock and Dockerfile always agree', async function () {
    const results: number[] = [];
    for (let round = 0; round < 20; round += 4) {
      await Promise.all(
        [0, 1, 2, 3].map(async () => {
          const dir = initWithPort(3000);
          const a = run(['init', '--yes', '--force', '--set', 'port=4001', '--cwd', dir]);
          const b = run(['init', '--yes', '--force', '--set', 'port=4002', '--cwd', dir]);
          const codes = await Promise.all([a.done, b.done]);
          assert.deepEqual(codes, [0, 0]);
          results.push(consistentPort(dir));
          assert.equal(existsSync(path.join(dir, '.dockstack.lock')), false);
        }),
      );
    }
    assert.equal(results.length, 20);
    assert.ok(results.every((p) => p === 4001 || p === 4002));
  });
});
