import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { compareAscii, compareText, rootLikeLocale } from '@dockstack/core';

const sign = (n: number): number => Math.sign(n);
/** ICU's English collation, as `localeCompare` uses it in an English locale (this test does not depend on the machine's). */
const icu = new Intl.Collator('en-US');
const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

/** A deterministic pseudo-random generator (tests must not flake). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('compareText (localeCompare without an ICU collator for plain ASCII)', function () {
  it("orders every pair of printable ASCII characters as ICU's English collation does", function () {
    for (const a of PRINTABLE)
      for (const b of PRINTABLE) assert.equal(compareAscii(a, b), sign(icu.compare(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  });

  it('orders random names (mixed case, punctuation, prefixes) as ICU does', function () {
    const next = rng(18);
    const alphabet = 'aAbBzZ09-_.:/ @$~Mm';
    const word = (): string =>
      Array.from({ length: Math.floor(next() * 6) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const a = word();
      const b = next() < 0.3 ? a + word() : word();
      assert.equal(compareAscii(a, b), sign(icu.compare(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      assert.equal(compareAscii(b, a), sign(icu.compare(b, a)), `${JSON.stringify(b)} vs ${JSON.stringify(a)}`);
    }
    // Real names: case decides only when nothing else does.
    const names = [
      'README.md',
      'readme.md',
      'Readme',
      'package.json',
      'package-lock.json',
      'node_modules',
      '.gitignore',
      'Dockerfile',
      'src',
      'a_b',
      'a-b',
      'ab',
      'aB',
      'Ab',
    ];
    assert.deepEqual(
      [...names].sort(compareText),
      [...names].sort((a, b) => icu.compare(a, b)),
    );
  });

  it('leaves other text to ICU: non-ASCII and control characters', function () {
    for (const [a, b] of [
      ['é', 'f'],
      ['a\u0301', 'b'],
      ['x\ty', 'xy'],
      ['ab', 'a\u0000b'],
      ['zeta', 'Ωmega'],
    ])
      assert.equal(compareAscii(a as string, b as string), undefined, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    assert.equal(sign(compareText('é', 'f')), sign('é'.localeCompare('f')));
  });

  it('takes the fast way only in English or root locales, read as ICU reads them (LC_ALL, then LC_MESSAGES, then LANG)', function () {
    assert.equal(rootLikeLocale({}), true);
    assert.equal(rootLikeLocale({ LANG: 'C' }), true);
    assert.equal(rootLikeLocale({ LANG: 'C.UTF-8' }), true);
    assert.equal(rootLikeLocale({ LANG: 'en_GB.UTF-8' }), true);
    assert.equal(rootLikeLocale({ LANG: 'da_DK.UTF-8' }), false);
    assert.equal(rootLikeLocale({ LANG: 'en_US.UTF-8', LC_ALL: 'lt_LT.UTF-8' }), false);
    assert.equal(rootLikeLocale({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'da_DK' }), false);
    assert.equal(rootLikeLocale({ LANG: 'da_DK', LC_ALL: 'en_US.UTF-8' }), true);
    assert.equal(rootLikeLocale({ LANG: 'en_US.UTF-8@euro' }), false);
  });

  it("agrees with the process's own localeCompare under each locale environment (Danish and Lithuanian reorder ASCII)", function () {
    this.timeout(60_000);
    const collate = pathToFileURL(path.resolve('packages', 'core', 'dist', 'collate.js')).href;
    // 'aa' sorts after 'z' in Danish, 'y' before 'j' in Lithuanian: compareText must not take the fast way there.
    const script = `import { compareText } from ${JSON.stringify(collate)};
const words = ['aa', 'ab', 'z', 'y', 'j', 'i', 'ch', 'h', 'c', 'README.md', 'readme', 'B', 'a', 'a-b', 'a_b', 'a.b', 'ä'];
const bad = [];
for (const a of words) for (const b of words) if (Math.sign(compareText(a, b)) !== Math.sign(a.localeCompare(b))) bad.push(a + ' vs ' + b);
process.stdout.write(JSON.stringify(bad));`;
    for (const env of [
      {},
      { LANG: 'C' },
      { LANG: 'en_US.UTF-8' },
      { LANG: 'da_DK.UTF-8' },
      { LC_ALL: 'lt_LT.UTF-8' },
      { LANG: 'en_US.UTF-8', LC_MESSAGES: 'da_DK.UTF-8' },
      { LANG: 'sk_SK.UTF-8' },
    ]) {
      const clean = { ...process.env };
      for (const k of ['LANG', 'LC_ALL', 'LC_MESSAGES']) delete clean[k];
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...clean, ...env }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), [], JSON.stringify(env));
    }
  });
});
