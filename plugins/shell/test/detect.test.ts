import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { memoryView } from '@dockstack/testing';
import { detect } from '../src/detect.js';
import { shebangShell } from '../src/script.js';
import { calledCommands, parseAptfile } from '../src/tools.js';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

describe('shell detection', function () {
  it('finds nothing without an entry script', async function () {
    assert.equal(await detect(memoryView({ 'README.md': '# hi\n', 'lib/util.sh': '#!/bin/sh\n' })), null);
  });

  it('yields to another stack: a start.sh beside package.json gets confidence 0.1 and a note', async function () {
    const r = await run({ 'start.sh': '#!/bin/bash\nexec node server.js\n', 'package.json': '{}' });
    assert.equal(r.confidence, 0.1);
    assert.match((r.notes ?? []).join('\n'), /package\.json is present/);
  });

  it('reads shebangs: plain paths, env, env -S with flags; not other interpreters', function () {
    assert.equal(shebangShell('#!/bin/sh\n')?.shell, 'sh');
    assert.equal(shebangShell('#!/usr/bin/env bash\n')?.shell, 'bash');
    assert.equal(shebangShell('#!/usr/bin/env -S zsh -e\n')?.shell, 'zsh');
    assert.equal(shebangShell('#!/usr/bin/env python3\n'), undefined);
    assert.equal(shebangShell('echo hi\n'), undefined);
  });

  it('an Aptfile or Procfile raises confidence to 0.75 (a declared script app outranks a static site in public/)', async function () {
    assert.equal((await run({ 'start.sh': '#!/bin/sh\nexec busybox httpd -f -h public\n', Aptfile: 'busybox\n' })).confidence, 0.75);
    assert.equal((await run({ 'start.sh': '#!/bin/sh\nexec busybox httpd -f -h public\n' })).confidence, 0.6);
  });

  it('takes the only root script with a shebang, and notes several without choosing', async function () {
    const one = await run({ 'serve.sh': '#!/bin/sh\nexec busybox httpd -f -p 9000\n', 'notes.txt': 'x' });
    assert.equal(one.options['script'], 'serve.sh');
    assert.equal(one.options['appName'], 'serve');
    assert.equal(one.options['port'], 9000);
    assert.equal(await detect(memoryView({ 'a.sh': '#!/bin/sh\n', 'b.sh': '#!/bin/bash\n' })), null);
  });

  it('a Procfile web line names the script, its interpreter and arguments', async function () {
    const r = await run({ Procfile: 'web: bash ./bin/serve.sh --verbose\nworker: ./work.sh\n', 'bin/serve.sh': 'echo hi\n' });
    assert.equal(r.options['script'], 'bin/serve.sh');
    assert.equal(r.options['shell'], 'bash');
    assert.equal(r.options['args'], '--verbose');
    assert.equal(r.options['server'], false);
  });

  it('an Aptfile declares packages; URL lines are noted, not installed', function () {
    const notes: string[] = [];
    assert.deepEqual(parseAptfile('# tools\ncurl\n\nhttps://example.com/x.deb\n:repo:deb http://x y\njq # json\n', notes), ['curl', 'jq']);
    assert.equal(notes.length, 2);
  });

  it('finds commands at command positions only, not inside words or comments', function () {
    assert.deepEqual(calledCommands('x=$(curl -s u | jq .a)\n# socat here\necho "use wget"\nif true; then nc -l 1; fi\n'), [
      'curl',
      'jq',
      'nc',
    ]);
  });

  it('servers: ${PORT:-N} wins over a literal port; a script without a listener or PORT is a job', async function () {
    const server = await run({ 'start.sh': '#!/bin/bash\nexec socat TCP-LISTEN:9999,fork EXEC:./r.sh # ${PORT:-7000}\n' });
    assert.equal(server.options['server'], true);
    const nc = await run({ 'start.sh': '#!/bin/bash\nwhile true; do nc -l -p "${PORT:-7070}" < page; done\n' });
    assert.equal(nc.options['port'], 7070);
    assert.deepEqual(nc.options['packages'], ['netcat-openbsd']);
    const job = await run({ 'run.sh': '#!/bin/sh\necho done\n' });
    assert.equal(job.options['server'], false);
    assert.equal(job.options['port'], undefined);
  });
});
