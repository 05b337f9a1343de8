// The engine tier's sample leaves out the fixtures test/engine/full-tier.json names; a name there
// that is not an engine fixture would silently exclude nothing (or hide a renamed fixture).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadFixtures } from '@dockstack/testing';

const REPO = path.resolve(import.meta.dirname, '..', '..');

describe('engine tiers', () => {
  it('every fixture the full tier adds is an engine fixture, with a reason, and the sample keeps one per stack', () => {
    const full = (
      JSON.parse(readFileSync(path.join(REPO, 'test', 'engine', 'full-tier.json'), 'utf8')) as { fixtures: Record<string, string> }
    ).fixtures;
    const stacks = [
      'bun',
      'cpp',
      'deno',
      'elixir',
      'erlang',
      'go',
      'haskell',
      'java',
      'node',
      'php',
      'python',
      'ruby',
      'rust',
      'shell',
      'static',
    ];
    const engine = stacks.flatMap((id) =>
      loadFixtures(path.join(REPO, 'plugins', id))
        .filter((f) => f.spec.engine)
        .map((f) => `${id}/${f.name}`),
    );
    for (const [name, reason] of Object.entries(full)) {
      assert.ok(engine.includes(name), `${name} in full-tier.json is not an engine fixture`);
      assert.ok(reason.length > 10, `${name} needs a reason`);
    }
    const sample = engine.filter((n) => full[n] === undefined);
    for (const id of stacks)
      assert.ok(
        sample.some((n) => n.startsWith(`${id}/`)),
        `the sample has no ${id} fixture`,
      );
  });
});
