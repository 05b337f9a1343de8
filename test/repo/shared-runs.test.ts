// Code two stacks share belongs in the stack kit (@dockstack/plugin-api), not in both stacks. This test
// fails when two stacks' sources (plugins/<id>/src/**/*.ts, two different <id>s) hold a run of six or
// more lines that are identical or have the same shape.
//
// Same shape, precisely: each file is parsed with the TypeScript compiler and reduced to its tokens
// (comments and whitespace are not tokens). Every identifier becomes `I` and every literal (string,
// number, regular expression, template literal or template part) becomes `L`; keywords, operators
// and punctuation stay as they are. A line is the tokens that start on it, so a multi-line literal
// belongs to its first line. Two lines have the same shape when their reduced token lists are equal,
// e.g. `if (pkg.name === 'x') return a;` and `if (doc.id === "y") return b;`. This is PMD CPD's
// "ignore identifiers, ignore literals" comparison, line by line.
//
// Lines that carry no shape of their own are filler: they must match like any other line, but do not
// count towards the six. Lines made only of punctuation (`}`, `});`, `],`) never count. Data lines
// count only when their text is identical in both files (identical data is shared data, a table of
// other data is not shared code): lines holding one list element (`'vite',`, `name,`), which Prettier
// writes one per line once a list is long, and table rows made only of literals (`['go.mod', 'go'],`).
// Import declarations are left out: every stack imports the kit, and that is the point of it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import ts from 'typescript';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const MIN_RUN = 6;

interface Line {
  no: number;
  /** The line's text, trimmed; empty for punctuation (data lines count only when identical). */
  text: string;
  shape: string;
  /** False for filler. */
  counts: boolean;
}

const LITERALS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
]);

/** The file's non-import lines, each reduced to its shape (see the top of this file). */
export function shapes(text: string, fileName = 'x.ts'): Line[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const byLine = new Map<number, string[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isJSDoc(node)) return;
    const children = node.getChildren(sf);
    if (children.length > 0 || node.kind === ts.SyntaxKind.SyntaxList) {
      children.forEach(visit);
      return;
    }
    if (node.kind === ts.SyntaxKind.EndOfFileToken) return;
    const token = ts.isIdentifier(node) || ts.isPrivateIdentifier(node) ? 'I' : LITERALS.has(node.kind) ? 'L' : node.getText(sf);
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    byLine.set(line, [...(byLine.get(line) ?? []), token]);
  };
  visit(sf);
  const lines = text.split('\n');
  return [...byLine.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([no, tokens]) => {
      const shape = tokens.join(' ');
      const punctuation = tokens.every((t) => /^[{}()[\];,.]+$/.test(t));
      const data = /^[IL] ,?$/.test(shape) || /^[[{(] L( , L)+( ,)? [\]})]( ,)?$/.test(shape);
      return { no, text: punctuation ? '' : (lines[no - 1]?.trim() ?? ''), shape, counts: !punctuation && !data };
    });
}

export interface SharedRun {
  a: string;
  b: string;
  /** First and last line numbers in each file. */
  aLines: [number, number];
  bLines: [number, number];
  /** Lines in the run that count (not filler). */
  counted: number;
}

/** Maximal runs of equal shapes between two files with at least `min` counted lines. */
export function sharedRuns(a: string, la: Line[], b: string, lb: Line[], min = MIN_RUN): SharedRun[] {
  const out: SharedRun[] = [];
  let prev = new Uint32Array(lb.length + 1);
  for (let i = 1; i <= la.length; i++) {
    const cur = new Uint32Array(lb.length + 1);
    for (let j = 1; j <= lb.length; j++) if (la[i - 1]?.shape === lb[j - 1]?.shape) cur[j] = (prev[j - 1] as number) + 1;
    // A run is maximal when it cannot be extended by the next pair of lines.
    for (let j = 1; j <= lb.length; j++) {
      const len = cur[j] as number;
      if (len === 0 || (i < la.length && j < lb.length && la[i]?.shape === lb[j]?.shape)) continue;
      if (len < min) continue;
      let n = 0;
      for (let k = 1; k <= len; k++) {
        const [x, y] = [la[i - k], lb[j - k]];
        if (x?.counts || (x?.text !== '' && x?.text === y?.text)) n++;
      }
      if (n >= min)
        out.push({
          a,
          b,
          aLines: [la[i - len]?.no as number, la[i - 1]?.no as number],
          bLines: [lb[j - len]?.no as number, lb[j - 1]?.no as number],
          counted: n,
        });
    }
    prev = cur;
  }
  // Repeated lines give several overlapping diagonals: keep the longest of those that overlap in both files.
  const overlaps = (x: [number, number], y: [number, number]) => x[0] <= y[1] && y[0] <= x[1];
  const kept: SharedRun[] = [];
  for (const r of out.sort((x, y) => y.counted - x.counted))
    if (!kept.some((k) => overlaps(k.aLines, r.aLines) && overlaps(k.bLines, r.bLines))) kept.push(r);
  return kept.sort((x, y) => x.aLines[0] - y.aLines[0]);
}

describe('no code shared between two stacks', function () {
  this.timeout(60_000);

  it('reduces lines to their shape: identifiers and literals are normalised, punctuation and list items are filler', () => {
    const [x, y, z, w, v, u] = shapes(
      "if (pkg.name === 'x') return a;\nconst n = [\n  'vite',\n  ['go.mod', /go/],\n  ['go.sum', f(1)],\n];\n",
    );
    assert.deepEqual(shapes('if (doc.id === "y") return b;\n')[0]?.shape, x?.shape);
    assert.equal(x?.shape, 'if ( I . I === L ) return I ;');
    assert.deepEqual([y?.shape, y?.counts], ['const I = [', true]);
    assert.deepEqual([z?.shape, z?.counts], ['L ,', false]);
    assert.deepEqual([w?.shape, w?.counts], ['[ L , L ] ,', false]);
    assert.deepEqual([v?.shape, v?.counts], ['[ L , I ( L ) ] ,', true]);
    assert.deepEqual([u?.shape, u?.counts], ['] ;', false]);
    assert.equal(shapes("import { a,\n b } from 'x';\n").length, 0);
  });

  it('finds a same-shape run of six lines and ignores a run of five', () => {
    const body = (v: string, k: number) =>
      [
        `const ${v} = f(a, 'l');`,
        `if (${v}) return y;`,
        `for (const k of ${v}) g(k);`,
        `let q = ${v}.b;`,
        '}',
        `await h(${v}, y, z);`,
        `throw new Error('${v}');`,
      ]
        .slice(0, k + 1)
        .join('\n');
    const a = shapes(`function a() {\n${body('p', 6)}\n}\n`);
    const b = shapes(`function b() {\nlet r = 0;\n${body('q', 6)}\n}\n`);
    assert.deepEqual(
      sharedRuns('a', a, 'b', b).map((r) => [r.aLines, r.bLines, r.counted]),
      [[[2, 9], [3, 10], 6]],
    );
    const c = shapes(`function c() {\nlet r = 0;\n${body('r', 5)}\n}\n`);
    assert.deepEqual(sharedRuns('a', a, 'c', c), []);
    const table = (rows: string[]) => shapes(`const t = [\n${rows.map((r) => `  ['${r}', 1],`).join('\n')}\n];\n`);
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    assert.equal(sharedRuns('p', table(six), 'q', table(six)).length, 1, 'identical rows count');
    assert.deepEqual(sharedRuns('p', table(six), 'q', table(six.map((r) => r + r))), [], 'rows of other literals do not');
  });

  it('finds no run of six or more identical or same-shape lines between two stacks', () => {
    const files = globSync('plugins/*/src/**/*.ts', { cwd: REPO }).sort();
    const parsed = files.map((f) => ({ file: f, stack: f.split('/')[1], lines: shapes(readFileSync(path.join(REPO, f), 'utf8'), f) }));
    const runs: SharedRun[] = [];
    for (let i = 0; i < parsed.length; i++)
      for (let j = i + 1; j < parsed.length; j++) {
        const [p, q] = [parsed[i], parsed[j]];
        if (p === undefined || q === undefined || p.stack === q.stack) continue;
        runs.push(...sharedRuns(p.file, p.lines, q.file, q.lines));
      }
    assert.ok(files.length > 10, `expected stack sources, found ${files.length}`);
    assert.deepEqual(
      runs.map((r) => `${r.a}:${r.aLines.join('-')} ~ ${r.b}:${r.bLines.join('-')} (${r.counted} lines)`),
      [],
      'move the shared code into @dockstack/plugin-api',
    );
  });
});
