import assert from 'node:assert/strict';
import type { DetectResult } from '@dockstack/plugin-api';
import { memoryView } from '@dockstack/testing';
import { detect } from '../src/detect.js';
import { newest, parseCabal, parseCabalProject } from '../src/cabal-file.js';

async function run(files: Record<string, string>): Promise<DetectResult> {
  const result = await detect(memoryView(files));
  assert.ok(result, 'detection returned null');
  return result;
}

const SCOTTY = `cabal-version: 3.0
name:          shop
version:       1.0
license:       MIT
tested-with:   GHC == 9.6.7 || == 9.8.4, GHC == 9.10.3
-- a comment: build-depends: nothing

common shared
  build-depends: base ^>=4.18

library
  exposed-modules: Shop
  build-depends:   base, text, aeson >= 2 && < 3
                 , containers, mtl, shop-extra:{internal, other}

executable shop-web
  main-is:       Main.hs
  build-depends: base, shop, scotty
                 , warp

executable shop-cli
  main-is: Cli.hs
`;

describe('haskell detection', function () {
  it('finds nothing without a .cabal file, cabal.project, package.yaml or stack.yaml', async function () {
    assert.equal(await detect(memoryView({ 'Main.hs': 'main = pure ()\n' })), null);
  });

  it('.cabal: name, license, executables, every build-depends (continuations, braces), tested-with', function () {
    const c = parseCabal(SCOTTY);
    assert.equal(c.name, 'shop');
    assert.equal(c.license, 'MIT');
    assert.deepEqual(c.executables, ['shop-web', 'shop-cli']);
    assert.deepEqual(c.depends.sort(), ['aeson', 'base', 'containers', 'mtl', 'scotty', 'shop', 'shop-extra', 'text', 'warp']);
    assert.equal(newest(c.testedWith), '9.10.3');
  });

  it('cabal.project: packages and with-compiler', function () {
    assert.deepEqual(parseCabalProject('packages: a/ b/*.cabal\nwith-compiler: ghc-9.10.3\n'), {
      packages: ['a/', 'b/*.cabal'],
      compiler: '9.10.3',
    });
  });

  it('a scotty app: a server on the scotty port, external dependencies (its own library excluded), notes', async function () {
    const r = await run({
      'shop.cabal': SCOTTY,
      'app/Main.hs': 'main = scotty 4567 $ get "/" (text "hi")\n',
      'stack.yaml': 'resolver: lts-22.0\n',
    });
    assert.equal(r.options['executable'], 'shop-web');
    assert.equal(r.options['server'], true);
    assert.equal(r.options['port'], 4567);
    assert.equal(r.options['cabalDependencies'], true);
    assert.equal(r.options['ghcVersion'], '9.10.3');
    const notes = (r.notes ?? []).join('\n');
    for (const re of [/executables shop-web, shop-cli/, /cabal\.project\.freeze/, /not with Stack/]) assert.match(notes, re);
  });

  it('a job on GHC boot packages only: no cabal update, not a server; .tool-versions wins for GHC', async function () {
    const r = await run({
      'job.cabal': 'name: job\nexecutable job\n  main-is: Main.hs\n  build-depends: base, text, containers\n',
      '.tool-versions': 'ghc 9.8.4\n',
    });
    assert.equal(r.options['cabalDependencies'], false);
    assert.equal(r.options['server'], false);
    assert.equal(r.options['ghcVersion'], '9.8.4');
    assert.equal(r.options['buildFiles'], 'job.cabal');
  });

  it('hpack without a .cabal file: found with a note to commit the generated one', async function () {
    const r = await run({ 'package.yaml': 'name: x\n' });
    assert.match((r.notes ?? []).join('\n'), /hpack/);
    assert.ok(r.confidence < 0.5);
  });
});
