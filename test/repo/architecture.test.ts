// docs/architecture.md is the file map of the repository. This test keeps it true: every path
// it names exists, and every source file is named (directly, by a brace list, or by a glob).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const DOC = readFileSync(path.join(REPO, 'docs', 'architecture.md'), 'utf8');

/** `a/{b,c}.ts` -> [`a/b.ts`, `a/c.ts`] (one level of braces, several groups). */
function expandBraces(p: string): string[] {
  const m = /\{([^{}]*)\}/.exec(p);
  if (!m) return [p];
  return m[1]!.split(',').flatMap((alt) => expandBraces(p.slice(0, m.index) + alt + p.slice(m.index + m[0].length)));
}

const TOP = /^(packages|plugins|registry|scripts|test|bench|docs|examples|\.ci)\//;

/**
 * The repository paths the document names: backticked, from a top-level folder; on the same line,
 * a backticked file name that follows such a path in a table row's first cell (`config.ts`,
 * `rules/*.ts`) is in that path's folder.
 */
function namedPatterns(): string[] {
  const out = new Set<string>();
  for (const line of DOC.split('\n')) {
    let dir: string | undefined;
    // In a table row only the first cell names files; descriptions may mention names in passing.
    const cell = line.startsWith('|') ? (line.split('|')[1] ?? '') : line;
    for (const m of cell.matchAll(/`([^`\s]+)`/g)) {
      let p = m[1]!;
      if (/^(https?:|@|\.\.?\/|-)/.test(p) || p.includes('://')) continue;
      if (TOP.test(p)) {
        dir = p.endsWith('/') ? p.replace(/\/$/, '') : path.posix.dirname(p.replace(/\{[^}]*\}/g, 'x'));
      } else if (dir !== undefined && /^[\w.*{},/-]+\.(ts|json|mjs|cjs|sh|md|ejs)$/.test(p)) {
        p = `${dir}/${p}`;
      } else continue;
      p = p.replace(/<[^>]+>/g, '*');
      for (const e of expandBraces(p)) out.add(e);
    }
  }
  return [...out];
}

const IGNORE = ['**/node_modules/**', '**/dist/**'];
const exists = (pattern: string): boolean =>
  globSync(pattern.replace(/\/$/, ''), { cwd: REPO, ignore: IGNORE, dot: true, onlyFiles: false, expandDirectories: false }).length > 0;

describe('docs/architecture.md matches the tree', () => {
  const patterns = namedPatterns();

  it('names a reasonable number of paths', () => {
    assert.ok(patterns.length >= 30, `only ${patterns.length} paths found in docs/architecture.md`);
  });

  it('every path it names exists', () => {
    const missing = patterns.filter((p) => !exists(p));
    assert.deepEqual(missing, [], `docs/architecture.md names paths that do not exist:\n${missing.join('\n')}`);
  });

  it('every source file of every package and stack is named', () => {
    // A named file covers itself; a named folder (or a glob matching one) covers what is inside it.
    const matchers = patterns.map((p) => picomatch([p.replace(/\/$/, ''), `${p.replace(/\/$/, '')}/**`], { dot: true }));
    const sources = globSync(['packages/*/src/**/*.ts', 'plugins/*/src/**/*.ts', 'scripts/**/*.{sh,mjs}', 'bench/**/*.mjs'], {
      cwd: REPO,
      ignore: IGNORE,
    });
    assert.ok(sources.length >= 50, `expected the source tree, found ${sources.length} files`);
    const unnamed = sources.filter((f) => !matchers.some((m) => m(f))).sort();
    assert.deepEqual(unnamed, [], `source files missing from docs/architecture.md:\n${unnamed.join('\n')}`);
  });
});
