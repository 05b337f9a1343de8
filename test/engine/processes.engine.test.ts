import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { substituteBaseImages, verifyImage, type VerifyReport } from '@dockstack/engine';
import { parse } from 'yaml';
import { runCli } from '../support/cli.js';
import { ensureEngine, ensureStandins, standinMap } from '../support/engine.js';

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
