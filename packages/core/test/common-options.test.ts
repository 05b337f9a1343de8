import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStack } from '@dockstack/core';
import { COMMON_OPTIONS, resolveCommonOptions } from '../src/common-options.js';

const PLUGINS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../plugins');

describe('shared schema fragment (common options)', function () {
  it('every bundled stack gets all six options, whole, from the one fragment', async function () {
    for (const id of readdirSync(PLUGINS)) {
      const stack = await loadStack(path.join(PLUGINS, id));
      for (const name of COMMON_OPTIONS) {
        const prop = stack.schema.properties[name] as Record<string, unknown> | undefined;
        assert.ok(prop, `${id}: ${name}`);
        assert.equal(prop['$ref'], undefined, `${id}: ${name} resolved`);
        assert.ok(
          typeof prop['type'] === 'string' && typeof prop['description'] === 'string',
          `${id}: ${name} has a type and a description`,
        );
      }
      const url = new RegExp(String((stack.schema.properties['sourceUrl'] as { pattern: string }).pattern));
      assert.ok(url.test('https://github.com/acme/app'), `${id}: a plain URL`);
      assert.ok(!url.test('https://github.com/acme/$HOME'), `${id}: sourceUrl refuses $ (Docker expands it in a LABEL)`);
    }
  });

  it("keeps the stack's own keys over the shared ones", function () {
    const out = resolveCommonOptions(
      { properties: { port: { $ref: 'dockstack:common-options#/$defs/port', default: 8080, minimum: 1024, description: 'd' } } },
      'schema.json',
    ) as { properties: Record<string, unknown> };
    assert.deepEqual(out.properties['port'], { type: 'integer', minimum: 1024, maximum: 65535, default: 8080, description: 'd' });
  });

  it('names the property and the shared options when a reference is unknown', function () {
    assert.throws(
      () => resolveCommonOptions({ properties: { nodeVersion: { $ref: 'dockstack:common-options#/$defs/nodeVersion' } } }, 'schema.json'),
      (e: Error & { code?: string }) =>
        e.code === 'E_STACK_INVALID' && /nodeVersion/.test(e.message) && /is not a shared option/.test(e.message),
    );
  });
});
