#!/usr/bin/env node
// Draws the chart and writes the tables from a results document, without building anything.
//   node bench/chart.mjs                      # docs/bench/results.json -> docs/bench/{chart.svg,results.md} + README section
//   node bench/chart.mjs FILE.json OUTDIR     # any results file -> OUTDIR/{chart.svg,results.md} (README untouched)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readmeSection, resultsMarkdown, withReadmeSection } from './report.mjs';
import { chartSvg } from './svg.mjs';

export const REPO = path.resolve(import.meta.dirname, '..');
export const DOCS_DIR = path.join(REPO, 'docs', 'bench');

/** Writes chart.svg and results.md into outDir; updates README.md's bench section when asked. */
export function renderAll(doc, outDir, { readme = false } = {}) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'chart.svg'), chartSvg(doc));
  writeFileSync(path.join(outDir, 'results.md'), resultsMarkdown(doc));
  const written = [path.join(outDir, 'chart.svg'), path.join(outDir, 'results.md')];
  if (readme) {
    const file = path.join(REPO, 'README.md');
    writeFileSync(file, withReadmeSection(readFileSync(file, 'utf8'), readmeSection(doc)));
    written.push(file);
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [input = path.join(DOCS_DIR, 'results.json'), outDir] = process.argv.slice(2);
  const doc = JSON.parse(readFileSync(input, 'utf8'));
  const toDocs = outDir === undefined;
  const written = renderAll(doc, toDocs ? DOCS_DIR : path.resolve(outDir), { readme: toDocs && path.resolve(input) === path.join(DOCS_DIR, 'results.json') });
  for (const f of written) console.log(`wrote ${path.relative(process.cwd(), f)}`);
}
