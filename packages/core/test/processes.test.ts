import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeFile, parseProcfile, seedProcesses, wantsCompose } from '@dockstack/core';
import { tempDir } from './helpers.js';

describe('processes (Procfile and detection, run as compose services)', function () {
  it('reads a Procfile: every process but web and release, names made compose-safe, bad lines skipped', function () {
    const text = [
      'web: bundle exec puma -C config/puma.rb',
      'release: bin/rails db:migrate',
      '# a comment',
      'worker: bundle exec sidekiq -q default',
      'Mail_Sender:   node mail.js  ',
      'Bad Name!: nope',
      'empty:',
      '9lives: starts with a digit',
      'worker: bundle exec sidekiq -q critical',
    ].join('\r\n');
    assert.deepEqual(parseProcfile(text), [
      { name: 'worker', command: 'bundle exec sidekiq -q critical', why: 'Procfile line 9' },
      { name: 'mail-sender', command: 'node mail.js', why: 'Procfile line 5' },
    ]);
  });

  it('seeds from detection, the Procfile winning by name; untrusted proposals are checked', async function () {
    const root = tempDir();
    writeFileSync(path.join(root, 'Procfile'), 'web: node index.js\nqueue: node jobs.js --tries=3\n');
    const seeded = await seedProcesses(root, '.', [
      { name: 'queue', command: 'php artisan queue:work', why: 'detected' },
      { name: 'scheduler', command: 'php artisan schedule:work', why: 'detected' },
      { name: 'Bad', command: 'x', why: 'uppercase name' },
      { name: 'ctl', command: 'a\nb', why: 'control character' },
      { name: 'long', command: 'x'.repeat(1001), why: 'too long' },
      'not an object',
    ]);
    assert.deepEqual(seeded, { queue: 'node jobs.js --tries=3', scheduler: 'php artisan schedule:work' });
    assert.equal(await seedProcesses(tempDir(), '.', undefined), undefined, 'nothing found: no processes key');
  });

  it("reads the service folder's Procfile, and never one that leads out of the project", async function () {
    const root = tempDir();
    mkdirSync(path.join(root, 'api'));
    writeFileSync(path.join(root, 'api', 'Procfile'), 'worker: node w.js\n');
    assert.deepEqual(await seedProcesses(root, 'api', []), { worker: 'node w.js' });
    const outside = tempDir();
    writeFileSync(path.join(outside, 'Procfile'), 'worker: steal\n');
    const linked = tempDir();
    symlinkSync(path.join(outside, 'Procfile'), path.join(linked, 'Procfile'));
    assert.equal(await seedProcesses(linked, '.', []), undefined);
  });

  it('compose runs each process from the service build with its command, no port and no healthcheck', function () {
    const compose = composeFile(
      [
        { name: 'shop', path: '.', dockerfile: 'Dockerfile', ports: [3000], processes: [{ name: 'worker', command: 'node worker.js' }] },
        // a service whose own name is what the process would be called: the process moves aside
        { name: 'shop-worker', path: 'worker', dockerfile: 'Dockerfile', ports: [] },
      ],
      '# header',
    ).content;
    assert.equal(
      compose,
      [
        '# header',
        'services:',
        '  shop:',
        '    build:',
        '      context: .',
        '      dockerfile: Dockerfile',
        '    ports:',
        '      - "3000:3000"',
        '  shop-worker-2:',
        '    build:',
        '      context: .',
        '      dockerfile: Dockerfile',
        '    command: node worker.js',
        '    healthcheck:',
        '      disable: true',
        '  shop-worker:',
        '    build:',
        '      context: ./worker',
        '      dockerfile: Dockerfile',
        '',
      ].join('\n'),
    );
  });

  it('a service with processes wants compose.yaml even alone at the root', function () {
    assert.equal(wantsCompose({ stacks: [{ stack: 'node', path: '.' }] }), false);
    assert.equal(wantsCompose({ stacks: [{ stack: 'node', path: '.', processes: {} }] }), false);
    assert.equal(wantsCompose({ stacks: [{ stack: 'node', path: '.', processes: { worker: 'node w.js' } }] }), true);
  });
});
