import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { project, read, readJson, treeHash } from './project-support.js';

const APP = {
  'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', scripts: { start: 'node index.js' } }),
  'index.js': "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT || 3000);\n",
  'worker.js': 'setInterval(() => {}, 1000);\n',
  Procfile: 'web: node index.js\nworker: node worker.js\nrelease: node migrate.js\n',
};

describe('CLI: other processes (Procfile, detection) as compose services', function () {
  this.timeout(90_000);

  it('init seeds the config from the Procfile and writes compose.yaml running the worker from the same build', function () {
    const dir = project(APP);
    const r = runCli(['init', '--yes', '--cwd', dir], { env: { CI: undefined } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Other processes \(compose services running the same image\):\n {2}worker: node worker\.js/);
    assert.deepEqual(readJson(dir, '.dockstackrc.json').stacks[0].processes, { worker: 'node worker.js' });
    const compose = read(dir, 'compose.yaml');
    assert.match(
      compose,
      /\n {2}[\w-]+-worker:\n {4}build:\n {6}context: \.\n {6}dockerfile: Dockerfile\n {4}command: node worker\.js\n {4}healthcheck:\n {6}disable: true\n/,
    );
    assert.doesNotMatch(compose, /migrate/, 'release is a one-off step, not a service');
    assert.doesNotMatch(read(dir, 'docker-bake.hcl'), /worker/, 'bake builds the image once');
  });

  it("the config's processes are the user's: a rerun keeps an edited list and never reseeds a removed one", function () {
    const dir = project(APP);
    assert.equal(runCli(['init', '--yes', '--cwd', dir], { env: { CI: undefined } }).status, 0);
    const config = readJson(dir, '.dockstackrc.json');
    config.stacks[0].processes = { mailer: 'node mail.js' };
    writeFileSync(path.join(dir, '.dockstackrc.json'), JSON.stringify(config, null, 2));
    const r = runCli(['init', '--yes', '--force', '--cwd', dir], { env: { CI: undefined } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(readJson(dir, '.dockstackrc.json').stacks[0].processes, { mailer: 'node mail.js' });
    assert.match(read(dir, 'compose.yaml'), /-mailer:[\s\S]*command: node mail\.js/);
    assert.doesNotMatch(read(dir, 'compose.yaml'), /-worker:/);
  });

  it('a bad processes entry in the config is refused with its place, and nothing is written', function () {
    const dir = project({
      ...APP,
      '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', processes: { Worker: 'node worker.js' } }] }),
    });
    const before = treeHash(dir);
    const r = runCli(['init', '--yes', '--cwd', dir], { env: { CI: undefined } });
    assert.notEqual(r.status, 0);
    assert.equal(treeHash(dir), before, 'nothing was written');
    assert.match(r.stdout + r.stderr, /E_CONFIG/);
    assert.match(r.stdout + r.stderr, /processes/);
  });

  it('detect shows what a framework runs besides the web server', function () {
    const dir = project({
      'requirements.txt': 'flask\ngunicorn\ncelery\n',
      'app.py': 'from flask import Flask\nfrom celery import Celery\napp = Flask(__name__)\ncelery = Celery(app.name)\n',
    });
    const r = runCli(['detect', '--cwd', dir]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /process {3}worker: celery -A app:celery worker --loglevel=INFO {2}\(app\.py creates the Celery app app:celery\)/,
    );
    const json = runCli(['detect', '--json', '--cwd', dir]).json();
    assert.deepEqual(
      json.candidates[0].processes.map((p: { name: string }) => p.name),
      ['worker'],
    );
  });
});
