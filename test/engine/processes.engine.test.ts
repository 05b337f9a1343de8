import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { docker, substituteBaseImages, verifyImage, type VerifyReport } from '@dockstack/engine';
import { parse } from 'yaml';
import { runCli } from '../support/cli.js';
import { REPO, ensureEngine, ensureStandins, standinMap } from '../support/engine.js';
import { mirrorBase, removeMirrorBases, startMirror, type Mirror } from '../support/mirrors.js';

// A web app with a queue worker declared in its Procfile: `init` writes one Dockerfile and a
// compose.yaml whose worker service runs the same build with the Procfile's command. Compose is
// not installed here, so each service is run the way compose runs it: the image, the service's
// `command` after it (the ENTRYPOINT stays), and `--no-healthcheck` for `healthcheck: disable`.
const APP: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', private: true, scripts: { start: 'node index.js' } }, null, 2),
  'package-lock.json': JSON.stringify(
    { name: 'shop', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'shop', version: '1.0.0' } } },
    null,
    2,
  ),
  'index.js': "require('node:http').createServer((q, s) => s.end('shop web')).listen(process.env.PORT || 3000);\n",
  'worker.js': 'console.log(`worker ready as uid ${process.getuid()}`);\nsetInterval(() => {}, 1000);\n',
  Procfile: 'web: node index.js\nworker: node worker.js\n',
};

describe('engine tier: a Procfile worker runs from the web image as its compose service says', function () {
  let work: string;
  let web: VerifyReport;
  let worker: VerifyReport;
  let compose: { services: Record<string, { command?: string; healthcheck?: { disable?: boolean } }> };

  before(async function () {
    this.timeout(20 * 60_000);
    const engine = await ensureEngine();
    if (!engine.ok) {
      console.log(`  ${engine.reason}`);
      this.skip();
    }
    work = mkdtempSync(path.join(tmpdir(), 'dockstack-processes-'));
    for (const [file, text] of Object.entries(APP)) {
      writeFileSync(path.join(work, file), text);
    }
    const init = runCli(['init', '--yes', '--json', '--cwd', work]);
    assert.equal(init.status, 0, init.stdout + init.stderr);
    compose = parse(readFileSync(path.join(work, 'compose.yaml'), 'utf8'));
    const text = readFileSync(path.join(work, 'Dockerfile'), 'utf8').replace(/^# syntax=[^\n]*\n/, '');
    const map = standinMap();
    const official = Object.values(substituteBaseImages(text, map).buildArgs).map(
      (s) => Object.keys(map).find((k) => map[k] === s) as string,
    );
    const standins = ensureStandins([...new Set([...official, 'golang:1.24-bookworm'])].sort());
    const { buildArgs, unmapped } = substituteBaseImages(text, standins);
    assert.deepEqual(unmapped, []);
    const dockerfile = path.join(tmpdir(), `${path.basename(work)}.Dockerfile`);
    writeFileSync(dockerfile, text);
    writeFileSync(`${dockerfile}.dockerignore`, readFileSync(path.join(work, '.dockerignore')));
    const common = {
      context: work,
      dockerfile,
      tag: 'dockstack-test/processes:latest',
      buildArgs,
      probeBuilder: standins['golang:1.24-bookworm'] as string,
    };
    web = await verifyImage({ ...common, check: { http: { path: '/', status: 200, contains: 'shop web' } } });
    const service = Object.entries(compose.services).find(([name]) => name.endsWith('-worker'));
    assert.ok(service, 'compose.yaml has the worker service');
    worker = await verifyImage({
      ...common,
      command: (service[1].command ?? '').split(' '),
      noHealthcheck: service[1].healthcheck?.disable === true,
      check: { log: { contains: 'worker ready as uid' } },
    });
  });

  after(function () {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('compose.yaml runs the worker from the same build with its command and without the web healthcheck', function () {
    const [, svc] = Object.entries(compose.services).find(([name]) => name.endsWith('-worker')) ?? [];
    assert.equal(svc?.command, 'node worker.js');
    assert.equal(svc?.healthcheck?.disable, true);
  });

  it('the web service answers, healthy, as a non-root user', function () {
    assert.deepEqual(web.failures, []);
    assert.equal(web.health?.status, 'healthy');
  });

  it('the worker starts from the same image, runs as non-root (observed) and stops in under 2 s', function () {
    assert.deepEqual(worker.failures, []);
    assert.ok(worker.run?.check.ok, worker.run?.check.detail);
    assert.equal(worker.run?.nonRoot, true, `uids ${JSON.stringify(worker.run?.uids)}`);
    assert.equal(worker.health, undefined, 'no healthcheck ran');
    assert.ok((worker.stop?.seconds ?? 99) < 2, `stop took ${worker.stop?.seconds} s`);
  });
});

/** A free loopback port (containers run on the host network here). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

// Sidekiq: the ruby stack's sinatra-sidekiq fixture (a Sinatra API that queues deliveries in Redis) through
// `init`, as a user gets it: one Dockerfile, and a compose worker service whose command detection proposed.
// Gems come from the engine tier's local gem source (Debian trixie's sidekiq 7.3.2); Redis is the
// redis:8.0-trixie stand-in (Debian's redis-server 8.0) on a free loopback port. The web app enqueues, the
// worker from the same image performs, as the image's non-root user; its stop is measured idle and busy.
describe("engine tier: Sidekiq runs from a Sinatra app's image against a real Redis", function () {
  const FIXTURE = path.join(REPO, 'plugins', 'ruby', 'test', 'fixtures', 'sinatra-sidekiq');
  const TAG = 'dockstack-test/processes-sidekiq:latest';
  const token = `ada-${process.pid}-${Date.now()}`;
  const slow = `grace-${process.pid}-${Date.now()}`;
  const containers: string[] = [];
  let work: string;
  let mirror: Mirror | undefined;
  let redisPort: number;
  let command: string[];
  let web: VerifyReport;
  let worker: VerifyReport;
  let compose: { services: Record<string, { command?: string; healthcheck?: { disable?: boolean } }> };
  let queued: { queued?: string; to?: string };
  let busy: { seconds: number; exitCode: number; log: string; queue: string; jid: string };

  const redisCli = async (...args: string[]): Promise<string> => {
    const r = await docker(['exec', containers[0] as string, 'redis-cli', '-p', String(redisPort), ...args]);
    return r.stdout.trim();
  };
  /** POSTs a delivery to the web container; the app answers 202 with the job id once Redis took it. */
  const deliver = async (port: number, form: Record<string, string>): Promise<{ queued?: string; to?: string }> => {
    const res = await fetch(`http://127.0.0.1:${port}/deliveries`, { method: 'POST', body: new URLSearchParams(form) });
    const body = await res.text();
    assert.equal(res.status, 202, `POST /deliveries: ${res.status} ${body}`);
    return JSON.parse(body) as { queued?: string; to?: string };
  };

  before(async function () {
    this.timeout(20 * 60_000);
    const engine = await ensureEngine();
    if (!engine.ok) {
      console.log(`  ${engine.reason}`);
      this.skip();
    }
    // The fixture's app, without its goldens: init writes the Dockerfile, .dockerignore and compose.yaml.
    work = mkdtempSync(path.join(tmpdir(), 'dockstack-sidekiq-'));
    cpSync(FIXTURE, work, {
      recursive: true,
      filter: (src) => !['Dockerfile', '.dockerignore', 'fixture.json'].includes(path.relative(FIXTURE, src)),
    });
    const init = runCli(['init', '--yes', '--json', '--cwd', work]);
    assert.equal(init.status, 0, init.stdout + init.stderr);
    compose = parse(readFileSync(path.join(work, 'compose.yaml'), 'utf8'));
    const service = Object.entries(compose.services).find(([name]) => name.endsWith('-worker'));
    assert.ok(service, `compose.yaml has a worker service: ${JSON.stringify(compose)}`);
    command = (service[1].command ?? '').split(' ');
    const text = readFileSync(path.join(work, 'Dockerfile'), 'utf8').replace(/^# syntax=[^\n]*\n/, '');
    const map = standinMap();
    const official = Object.values(substituteBaseImages(text, map).buildArgs).map(
      (s) => Object.keys(map).find((k) => map[k] === s) as string,
    );
    const standins = ensureStandins([...new Set([...official, 'golang:1.24-bookworm', 'redis:8.0-trixie'])].sort());
    const { buildArgs, unmapped } = substituteBaseImages(text, standins);
    assert.deepEqual(unmapped, []);
    mirror = await startMirror('rubygems');
    for (const [name, value] of Object.entries(buildArgs)) if (/_IMAGE$/.test(name)) buildArgs[name] = mirrorBase(value, mirror);
    const dockerfile = path.join(tmpdir(), `${path.basename(work)}.Dockerfile`);
    writeFileSync(dockerfile, text);
    writeFileSync(`${dockerfile}.dockerignore`, readFileSync(path.join(work, '.dockerignore')));

    // Redis, as Debian's redis-server runs it: its own uid, loopback only, nothing persisted.
    redisPort = await freePort();
    const redis = await docker([
      'run',
      '-d',
      '--network=host',
      standins['redis:8.0-trixie'] as string,
      'redis-server',
      '--bind',
      '127.0.0.1',
      '--port',
      String(redisPort),
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    assert.equal(redis.code, 0, redis.stderr);
    containers.push(redis.stdout.trim());
    for (let i = 0; i < 50 && (await redisCli('ping')) !== 'PONG'; i++) await sleep(200);
    assert.equal(await redisCli('ping'), 'PONG', 'the Redis stand-in answers');
    const env = { REDIS_URL: `redis://127.0.0.1:${redisPort}/0` };
    const common = { context: work, dockerfile, tag: TAG, buildArgs, env, probeBuilder: standins['golang:1.24-bookworm'] as string };

    // The web service: the engine checks (answers, healthy, non-root, stops in under 2 s).
    web = await verifyImage({ ...common, check: { http: { path: '/', status: 200, contains: '"service":"notifier"' } } });
    assert.deepEqual(web.failures, []);

    // The web app, running, enqueues a delivery; then the worker (compose's command) must perform it.
    const webPort = await freePort();
    const started = await docker(['run', '-d', '--network=host', '-e', `PORT=${webPort}`, '-e', `REDIS_URL=${env.REDIS_URL}`, TAG]);
    assert.equal(started.code, 0, started.stderr);
    containers.push(started.stdout.trim());
    for (let i = 0; i < 150; i++) {
      if ((await fetch(`http://127.0.0.1:${webPort}/`).catch(() => undefined))?.ok) break;
      await sleep(200);
    }
    queued = await deliver(webPort, { to: token });
    // Sidekiq's fetch blocks on Redis for up to 2 s (BasicFetch::TIMEOUT) and its manager pauses 0.5 s before
    // and polls every 0.5 s while the processors finish: an idle worker stops in up to about 3 s after
    // SIGTERM (1.1-2.2 s measured here), so 2 s would fail at random; 4 s still fails a SIGTERM ignored.
    worker = await verifyImage({
      ...common,
      command,
      noHealthcheck: service[1].healthcheck?.disable === true,
      // The job logs Process.uid: the image's user (10001), never root.
      check: { log: { contains: `delivered to ${token} as uid 10001` } },
      stopLimitSeconds: 4,
    });

    // A delivery still running at `docker stop` (Docker's 10 s grace): Sidekiq must push it back to Redis
    // and exit by itself before the grace ends.
    const long = await deliver(webPort, { to: slow, seconds: '120' });
    const run = await docker(['run', '-d', '--network=host', '-e', `REDIS_URL=${env.REDIS_URL}`, TAG, ...command]);
    assert.equal(run.code, 0, run.stderr);
    const id = run.stdout.trim();
    containers.push(id);
    let log = '';
    for (let i = 0; i < 300 && !log.includes(`jid=${long.queued} INFO: start`); i++) {
      await sleep(200);
      const l = await docker(['logs', id]);
      log = l.stdout + l.stderr;
    }
    assert.ok(log.includes(`jid=${long.queued} INFO: start`), `the slow job started: ${log.slice(-800)}`);
    const stopped = await docker(['stop', '-t', '10', id]);
    const l = await docker(['logs', id]);
    busy = {
      seconds: stopped.ms / 1000,
      exitCode: Number((await docker(['inspect', '-f', '{{.State.ExitCode}}', id])).stdout.trim()),
      log: l.stdout + l.stderr,
      queue: await redisCli('lrange', 'queue:default', '0', '-1'),
      jid: long.queued ?? '',
    };
    console.log(
      `  sidekiq: idle stop ${worker.stop?.seconds.toFixed(2)} s; busy stop ${busy.seconds.toFixed(2)} s (exit ${busy.exitCode})`,
    );
  });

  after(async function () {
    this.timeout(120_000);
    for (const id of containers) await docker(['rm', '-f', id]);
    mirror?.stop();
    removeMirrorBases();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("init proposes the Sidekiq worker: the file that loads the jobs, and a shutdown inside Docker's stop grace", function () {
    const [, svc] = Object.entries(compose.services).find(([name]) => name.endsWith('-worker')) ?? [];
    assert.equal(svc?.command, 'bundle exec sidekiq -r ./jobs.rb -t 8');
    assert.equal(svc?.healthcheck?.disable, true);
  });

  it('the web service answers, healthy, as a non-root user, and enqueues a delivery in Redis', function () {
    assert.deepEqual(web.failures, []);
    assert.equal(web.health?.status, 'healthy');
    assert.equal(queued.to, token);
    assert.match(queued.queued ?? '', /^[0-9a-f]{24}$/, 'Sidekiq returned a job id');
  });

  it("the Sidekiq worker from the same image performs it as the image's non-root user and stops idle in under 4 s", function () {
    assert.deepEqual(worker.failures, []);
    assert.ok(worker.run?.check.ok, worker.run?.check.detail);
    assert.equal(worker.run?.nonRoot, true, `uids ${JSON.stringify(worker.run?.uids)}`);
    assert.equal(worker.health, undefined, 'no healthcheck ran');
    assert.equal(worker.config?.user, '10001:10001');
    assert.ok((worker.stop?.seconds ?? 99) < 4, `stop took ${worker.stop?.seconds} s`);
    assert.equal(worker.stop?.exitCode, 0);
  });

  it('a job still running at docker stop goes back to Redis and Sidekiq exits before the 10 s grace', function () {
    assert.equal(busy.exitCode, 0, `exit ${busy.exitCode} (137: killed at the grace period, the job lost)\n${busy.log.slice(-800)}`);
    assert.ok(busy.seconds < 10, `stop took ${busy.seconds} s`);
    // -t 8: Sidekiq's hard shutdown comes at 8 s, not at its 25 s default.
    assert.ok(busy.seconds > 7, `stop took ${busy.seconds} s: the job was not running`);
    assert.match(busy.log, /Pushed 1 jobs back to Redis/);
    assert.ok(busy.queue.includes(`"jid":"${busy.jid}"`), `queue:default holds the job again: ${busy.queue}`);
  });
});
