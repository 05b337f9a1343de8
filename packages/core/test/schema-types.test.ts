import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { GENERATED, generatedTypes } from '../scripts/schema-types.mjs';

describe('schema types', function () {
  it('src/schemas/types.generated.ts is what json-schema-to-typescript makes of the schemas now', async function () {
    this.timeout(30_000);
    const committed = await readFile(GENERATED, 'utf8');
    assert.equal(
      committed,
      await generatedTypes(),
      'stale: run node packages/core/scripts/schema-types.mjs (src/schemas/types-sync.ts then checks the hand-kept interfaces at build time)',
    );
  });
});
