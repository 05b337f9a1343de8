#!/usr/bin/env node
// One results document from consecutive filtered runs of the same commit on the same machine, for a
// full benchmark that does not fit in one sitting, or to re-measure rows that something outside the
// benchmark disturbed. Later parts' rows replace earlier parts' rows of the same fixture (all of its
// generators). The results page and the README say which part measured what, and why rows were redone.
//
//   node bench/run.mjs node/express-server ... --out /tmp/part1     # each part: a filtered run
//   node bench/run.mjs go/ --no-fly --out /tmp/part2
//   node bench/combine.mjs /tmp/part1/results.json /tmp/part2/results.json --why "..."
//                                  # -> docs/bench/{results.json,results.md,chart.svg} + README section
//   options: --out DIR (write there instead; the README is left alone)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOCS_DIR, renderAll } from './chart.mjs';

const argv = process.argv.slice(2);
const valueOf = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
const why = valueOf('--why');
const out = valueOf('--out');
const files = argv.filter((a, i) => !a.startsWith('--') && !['--why', '--out'].includes(argv[i - 1]));
if (files.length === 0) {
  console.error('usage: node bench/combine.mjs <results.json> [<results.json> ...] [--why "<why rows were re-measured>"] [--out DIR]');
  process.exit(2);
}
const parts = files.map((f) => JSON.parse(readFileSync(path.resolve(f), 'utf8')));
const byKey = new Map();
const summaries = [];
for (const [i, part] of parts.entries()) {
  for (const key of ['startedAt', 'finishedAt', 'load', 'rows']) if (part[key] === undefined) throw new Error(`${files[i]}: no ${key}`);
  const replaced = part.rows.filter((r) => byKey.has(r.key)).map((r) => r.key);
  for (const row of part.rows) byKey.set(row.key, row);
  summaries.push({
    startedAt: part.startedAt,
    finishedAt: part.finishedAt,
    load: part.load,
    fly: part.generators?.fly !== undefined,
    genRuns: part.settings?.genRuns ?? null,
    fixtures: part.rows.map((r) => r.key),
    replaced,
    // A part stopped before its last fixture, or with rows measured under outside load, says so here.
    ...(part.note === undefined ? {} : { note: part.note }),
  });
}
const last = parts.at(-1);
const withFly = parts.find((p) => p.generators?.fly !== undefined);
const minutes = summaries.reduce((n, s) => n + (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 60000, 0);
const doc = {
  ...last,
  date: parts[0].startedAt.slice(0, 10),
  startedAt: parts[0].startedAt,
  finishedAt: last.finishedAt,
  durationMin: Math.round(minutes),
  load: { start: parts[0].load.start, end: last.load.end },
  generators: { ...last.generators, ...(withFly ? { fly: withFly.generators.fly } : {}) },
  baseImages: Object.assign({}, ...parts.map((p) => p.baseImages ?? {})),
  settings: { ...last.settings, genRuns: Math.min(...summaries.map((s) => s.genRuns ?? Infinity)), filters: [] },
  rows: [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  parts: summaries,
  ...(why === undefined ? {} : { remeasuredWhy: why }),
};
// --out DIR: there only, README untouched (a trial); else docs/bench/ and the README's section.
const outDir = out === undefined ? DOCS_DIR : path.resolve(out);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
for (const f of renderAll(doc, outDir, { readme: out === undefined })) console.log(`wrote ${path.relative(process.cwd(), f)}`);
