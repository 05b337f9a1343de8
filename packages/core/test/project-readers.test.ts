import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProjectView, structuredReaders } from '../src/project-fs.js';

/** Readers over an in-memory map, as a detector sees them. */
const over = (files: Record<string, string>) => structuredReaders(async (p) => files[p]);

describe('ProjectView structured readers', function () {
  it('reads the TOML forms pyproject and Cargo files use; dates stay text', async function () {
    const text = [
      'top = "a \\"q\\" \\u00e9"',
      "lit = 'C:\\path'",
      'ml = """',
      'one \\',
      '   two"""',
      "raw = '''x'y'''",
      'arr = [',
      '  "a", # comment',
      '  [1, 2.5, -3],',
      ']',
      'inline = { a.b = true, c = [] }',
      '[tool.x]',
      'when = 1979-05-27T07:32:00Z',
      '"quoted key".v = 0x1F',
      '[[tool.items]]',
      'n = 1',
      '[[tool.items]]',
      'n = 2',
      '[tool.items.sub]',
      'k = "v"',
    ].join('\n');
    const t = await over({ 'a.toml': text }).readToml('a.toml');
    assert.deepEqual(t, {
      top: 'a "q" é',
      lit: 'C:\\path',
      ml: 'one two',
      raw: "x'y",
      arr: ['a', [1, 2.5, -3]],
      inline: { a: { b: true }, c: [] },
      tool: { x: { when: '1979-05-27T07:32:00.000Z', 'quoted key': { v: 31 } }, items: [{ n: 1 }, { n: 2, sub: { k: 'v' } }] },
    });
  });

  it('answers undefined for text that is not well-formed, and for missing files', async function () {
    const r = over({ a: 'a = "unterminated\n', b: '[table\n', c: 'a = 1 b = 2\n', j: '{"a": }', x: '<a><b></a>', y: 'a: [1, 2\n' });
    for (const f of ['a', 'b', 'c', 'missing']) assert.equal(await r.readToml(f), undefined, f);
    assert.equal(await r.readJson('j'), undefined);
    assert.equal(await r.readJsonc('j'), undefined);
    assert.equal(await r.readJson5('j'), undefined);
    assert.equal(await r.readXml('x'), undefined);
    assert.equal(await r.readYaml('y'), undefined);
  });

  it('reads JSONC with comments, trailing commas and a byte-order mark', async function () {
    const r = over({
      'deno.jsonc': '\uFEFF{\n  // tasks\n  "tasks": { "start": "deno run main.ts", /* x */ },\n  "url": "https://a//b",\n}\n',
    });
    assert.deepEqual(await r.readJsonc('deno.jsonc'), { tasks: { start: 'deno run main.ts' }, url: 'https://a//b' });
  });

  it('reads JSON5 (pnpm package.json5): unquoted keys, single quotes, comments, trailing commas, hex', async function () {
    const r = over({
      'package.json5': "\uFEFF{\n  // pnpm reads this manifest\n  name: 'app',\n  scripts: { start: 'node server.js', },\n  n: 0x10,\n}\n",
    });
    assert.deepEqual(await r.readJson5('package.json5'), { name: 'app', scripts: { start: 'node server.js' }, n: 16 });
    assert.equal(await r.readJson('package.json5'), undefined);
  });

  it('reads YAML and XML as plain data', async function () {
    const r = over({
      'a.yaml': 'name: x\nlist: [1, two]\n',
      'pom.xml':
        '<?xml version="1.0"?>\n<!-- c --><project a="1"><name> n &amp; m </name><module>x</module><module>y</module><e/></project>',
    });
    assert.deepEqual(await r.readYaml('a.yaml'), { name: 'x', list: [1, 'two'] });
    assert.deepEqual(await r.readXml('pom.xml'), {
      '?xml': { '@_version': '1.0' },
      project: { '@_a': '1', name: 'n & m', module: ['x', 'y'], e: '' },
    });
  });

  it('are part of the bounded view, so budget and containment still apply', async function () {
    const dir = mkdtempSync(path.join(tmpdir(), 'ds-readers-'));
    try {
      writeFileSync(path.join(dir, 'Cargo.toml'), '[package]\nname = "x"\n');
      const view = createProjectView(dir, { maxFiles: 1 });
      assert.deepEqual(await view.readToml('Cargo.toml'), { package: { name: 'x' } });
      assert.equal(await view.readToml('Cargo.toml'), undefined, 'the file budget is spent');
      assert.equal(await view.readToml('../outside.toml'), undefined);
      assert.equal(view.stats.filesRead, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
