import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DockstackError, configFileFor, configLayer, loadConfig, resolveOptions, upsertService, type LoadedConfig } from '@dockstack/core';
import { loadStack } from '@dockstack/core';
import { stackDir, tempDir } from './helpers.js';

const ONE = { stacks: [{ stack: 'node', version: '^0.1.0', path: '.', options: { nodeVersion: '22' } }] };

function project(files: Record<string, string>): string {
  const dir = tempDir('dockstack-config-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function configError(files: Record<string, string>): Promise<DockstackError> {
  try {
    await loadConfig(project(files));
  } catch (error) {
    assert.ok(error instanceof DockstackError, String(error));
    assert.equal(error.code, 'E_CONFIG');
    return error;
  }
  assert.fail('the config loaded but should not have');
}

describe('config', function () {
  describe('places', function () {
    const cases: Array<[string, string, string]> = [
      ['package.json', JSON.stringify({ name: 'x', dockstack: ONE }), 'package.json'],
      ['.dockstackrc', 'stacks:\n  - stack: node\n    version: ^0.1.0\n    path: .\n    options: { nodeVersion: "22" }\n', 'yaml'],
      ['.dockstackrc.json', JSON.stringify(ONE), 'json'],
      ['.dockstackrc.yaml', 'stacks:\n  - stack: node\n    version: ^0.1.0\n    path: .\n    options:\n      nodeVersion: "22"\n', 'yaml'],
      ['dockstack.config.js', `export default ${JSON.stringify(ONE)};\n`, 'code'],
      ['dockstack.config.mjs', `export default ${JSON.stringify(ONE)};\n`, 'code'],
      [
        'dockstack.config.ts',
        `interface C { stacks: unknown[] }\nconst config: C = ${JSON.stringify(ONE)};\nexport default config;\n`,
        'code',
      ],
    ];
    for (const [file, text, format] of cases) {
      it(`reads ${file}`, async function () {
        const dir = project({ [file]: text, ...(file === 'package.json' ? {} : { 'package.json': '{"name":"x"}' }) });
        const loaded = await loadConfig(dir);
        assert.equal(loaded?.rel, file);
        assert.equal(loaded?.format, format);
        assert.deepEqual(loaded?.config, ONE);
      });
    }

    it('never searches above the project root', async function () {
      const parent = project({ '.dockstackrc.json': JSON.stringify(ONE), 'app/notes.txt': 'x' });
      assert.equal(await loadConfig(path.join(parent, 'app')), undefined);
    });

    it('ignores a package.json whose dockstack key is a stack manifest', async function () {
      assert.equal(await loadConfig(stackDir('valid')), undefined);
    });

    it('takes an empty file as a config with no stacks', async function () {
      const loaded = await loadConfig(project({ '.dockstackrc.yaml': '' }));
      assert.deepEqual(loaded?.config, { stacks: [] });
    });
  });

  describe('errors name the file and the JSON pointer', function () {
    it('a wrong type', async function () {
      const e = await configError({ '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', path: 3 }] }) });
      assert.equal(e.details.file, '.dockstackrc.json');
      assert.equal(e.details.pointer, '/stacks/0/path');
      assert.match(e.message, /must be string/);
    });

    it('an unknown key, with a did-you-mean', async function () {
      const e = await configError({ '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', optoins: {} }] }) });
      assert.equal(e.details.pointer, '/stacks/0/optoins');
      assert.match(e.message, /unknown key "optoins"/);
      assert.match(e.details.hint ?? '', /Did you mean "options"/);
    });

    it('an unknown top-level key in package.json#dockstack', async function () {
      const e = await configError({ 'package.json': JSON.stringify({ name: 'x', dockstack: { stacks: [], stack: 'node' } }) });
      assert.equal(e.details.file, 'package.json');
      assert.equal(e.details.pointer, '/dockstack/stack');
    });

    it('malformed JSON, with line and column', async function () {
      const e = await configError({ '.dockstackrc.json': '{\n  "stacks": [\n    { "stack": "node", }\n  ]\n}\n' });
      assert.equal(e.details.file, '.dockstackrc.json');
      assert.match(e.message, /not valid JSON at line 3/);
    });

    it('malformed YAML, with line and column', async function () {
      const e = await configError({ '.dockstackrc.yaml': 'stacks:\n  - stack: node\n   path: [\n' });
      assert.equal(e.details.file, '.dockstackrc.yaml');
      assert.match(e.message, /not valid YAML at line \d+, column \d+/);
    });

    it('a version that is not a semver range', async function () {
      const e = await configError({ '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', version: 'newest' }] }) });
      assert.equal(e.details.pointer, '/stacks/0/version');
    });

    it('a path that leaves the project, and two services in one folder', async function () {
      const up = await configError({ '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', path: 'a/../..' }] }) });
      assert.equal(up.details.pointer, '/stacks/0/path');
      const twice = await configError({
        '.dockstackrc.json': JSON.stringify({
          stacks: [
            { stack: 'node', path: 'a' },
            { stack: 'go', path: 'a/' },
          ],
        }),
      });
      assert.equal(twice.details.pointer, '/stacks/1/path');
    });

    it('a build context that does not hold the service folder, or leaves the project', async function () {
      const sibling = await configError({
        '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', path: 'apps/api', context: 'packages' }] }),
      });
      assert.equal(sibling.details.pointer, '/stacks/0/context');
      assert.match(sibling.message, /context "packages" does not hold the service folder "apps\/api"/);
      const root = await configError({ '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', path: '.', context: 'apps' }] }) });
      assert.equal(root.details.pointer, '/stacks/0/context');
      const up = await configError({
        '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', path: 'apps/api', context: '..' }] }),
      });
      assert.equal(up.details.pointer, '/stacks/0/context');
      const dir = project({ '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'node', path: 'apps/api', context: '.' }] }) });
      mkdirSync(path.join(dir, 'apps', 'api'), { recursive: true });
      const loaded = (await loadConfig(dir)) as LoadedConfig;
      assert.equal(loaded.config.stacks[0]?.context, '.');
    });

    it('a $import (which could read outside the project) is refused', async function () {
      const e = await configError({ '.dockstackrc.json': JSON.stringify({ $import: '../elsewhere.json', stacks: [] }) });
      assert.equal(e.details.pointer, '/$import');
    });

    it('an option of the wrong type names the config file and the option pointer', async function () {
      const loaded = (await loadConfig(
        project({ '.dockstackrc.json': JSON.stringify({ stacks: [{ stack: 'mini', options: { port: 'eighty' } }] }) }),
      )) as LoadedConfig;
      const stack = await loadStack(stackDir('valid'));
      assert.throws(
        () => resolveOptions(stack.schema, [{ source: 'detection', values: { greeting: 'hi' } }, configLayer(loaded, 0)]),
        (e: DockstackError) =>
          e.code === 'E_OPTIONS_INVALID' &&
          e.details.file === '.dockstackrc.json' &&
          e.details.pointer === '/stacks/0/options/port' &&
          e.details.source === 'config .dockstackrc.json',
      );
    });
  });

  describe('writing', function () {
    const next = upsertService(undefined, { stack: 'node', version: '^0.1.0', path: '.', options: { nodeVersion: '20' } });

    it('creates .dockstackrc.json when the project has no config', async function () {
      const file = await configFileFor(project({}), undefined, next);
      assert.equal(file?.path, '.dockstackrc.json');
      assert.deepEqual(JSON.parse(file?.content ?? ''), next);
    });

    it("keeps package.json's other keys, their order and its indentation", async function () {
      const pkg = { name: 'x', version: '1.0.0', scripts: { start: 'node .' }, dockstack: ONE, license: 'MIT' };
      const dir = project({ 'package.json': `${JSON.stringify(pkg, null, 4)}\n` });
      const loaded = (await loadConfig(dir)) as LoadedConfig;
      const file = await configFileFor(dir, loaded, next);
      assert.equal(file?.path, 'package.json');
      assert.equal(file?.content, `${JSON.stringify({ ...pkg, dockstack: next }, null, 4)}\n`);
    });

    it('updates YAML in place, keeping comments', async function () {
      const dir = project({
        '.dockstackrc.yaml':
          '# services of this repo\nstacks:\n  - stack: node # the web app\n    version: ^0.1.0\n    path: .\n    options:\n      nodeVersion: "22" # LTS\n',
      });
      const loaded = (await loadConfig(dir)) as LoadedConfig;
      const file = await configFileFor(dir, loaded, next);
      assert.match(file?.content ?? '', /^# services of this repo\n/);
      assert.match(file?.content ?? '', /stack: node # the web app/);
      assert.match(file?.content ?? '', /nodeVersion: "?20"?/);
    });

    it('writes nothing when nothing changes, and refuses to edit a code config that must change', async function () {
      const dir = project({ 'dockstack.config.mjs': `export default ${JSON.stringify(ONE)};\n` });
      const loaded = (await loadConfig(dir)) as LoadedConfig;
      assert.equal(await configFileFor(dir, loaded, ONE), undefined);
      await assert.rejects(configFileFor(dir, loaded, next), (e: DockstackError) => e.code === 'E_CONFIG' && /is code/.test(e.message));
      assert.equal(readFileSync(path.join(dir, 'dockstack.config.mjs'), 'utf8'), `export default ${JSON.stringify(ONE)};\n`);
    });
  });
});
