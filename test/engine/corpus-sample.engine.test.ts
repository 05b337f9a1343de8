// The CI engine tier's sample of the real-world corpus (test/corpus/ci-sample.json): each app gets
// `dockstack init --yes` and every check of `pnpm test:corpus`, on the same runner.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { manifest, registryUrl, runApp } from '../../scripts/corpus/run.js';
import { REPO, ensureEngine } from '../support/engine.js';
import { removeMirrorBases, startMirror, type Mirror } from '../support/mirrors.js';

const sample = (JSON.parse(readFileSync(path.join(REPO, 'test', 'corpus', 'ci-sample.json'), 'utf8')) as { apps: string[] }).apps;

describe('engine tier: a sample of the real-world corpus', function () {
  const mirrors: { pypi?: Mirror } = {};
  before(async function () {
    this.timeout(5 * 60_000);
    const engine = await ensureEngine();
    if (!engine.ok) {
      console.log(`  ${engine.reason}`);
      this.skip();
    }
    if (manifest.apps.some((a) => sample.includes(a.id) && a.mirror === 'pypi')) mirrors.pypi = await startMirror('pypi');
  });

  after(function () {
    mirrors.pypi?.stop();
    removeMirrorBases();
  });

  it('names only apps of the corpus', function () {
    const ids = manifest.apps.map((a) => a.id);
    assert.deepEqual(
      sample.filter((id) => !ids.includes(id)),
      [],
    );
  });

  for (const id of sample) {
    it(`${id}: init, build, answer on PORT, healthy, non-root, stop < 2 s, cached rebuild`, async function () {
      this.timeout(20 * 60_000);
      const app = manifest.apps.find((a) => a.id === id)!;
      const r = await runApp(app, registryUrl(), manifest.registryPlaceholder, mirrors);
      assert.ok(r.passed, `${JSON.stringify(r.checks)}\n${r.failure ? `${r.failure.class}: ${r.failure.line}` : ''}`);
    });
  }
});
