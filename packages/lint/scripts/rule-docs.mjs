#!/usr/bin/env node
// Writes docs/rules/*.md from the lint package's rule table (build the package first).
// `--check` exits 1 when a page is missing, stale or extra. A test runs the same comparison.
import { readdirSync, readFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rulePages } from '../dist/index.js';

const dir = path.resolve(import.meta.dirname, '..', '..', '..', 'docs', 'rules');
const pages = rulePages();
const check = process.argv.includes('--check');
mkdirSync(dir, { recursive: true });
const present = readdirSync(dir).filter((f) => f.endsWith('.md'));
const stale = [];
for (const [name, text] of Object.entries(pages)) {
  let old;
  try {
    old = readFileSync(path.join(dir, name), 'utf8');
  } catch {
    old = undefined;
  }
  if (old === text) continue;
  stale.push(name);
  if (!check) writeFileSync(path.join(dir, name), text);
}
for (const name of present.filter((f) => !(f in pages))) {
  stale.push(name);
  if (!check) rmSync(path.join(dir, name));
}
if (check && stale.length > 0) {
  console.error(`docs/rules is out of date: ${stale.join(', ')}. Run: node packages/lint/scripts/rule-docs.mjs`);
  process.exit(1);
}
console.log(check ? 'docs/rules is in sync' : `docs/rules: ${stale.length} page(s) written or removed, ${Object.keys(pages).length} in all`);
