#!/usr/bin/env node
// Runs every test tier in order and ends with one line totalled over all of them:
// "N passed, M failed, K skipped". Exit code is non-zero when anything failed.
// Tiers: unit/golden/CLI (mocha), then the engine tier (mocha; starts an engine when
// none answers, and under CI a missing engine is a failure, never a skip).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const only = process.argv.slice(2);
const suites = [
  { name: 'unit, golden, conformance and CLI', config: '.mocharc.cjs' },
  { name: 'end-to-end (local npm registry)', config: '.mocharc.e2e.cjs' },
  { name: 'engine', config: '.mocharc.engine.cjs' },
].filter((s) => only.length === 0 || only.some((o) => s.config.includes(o) || s.name.includes(o)));

const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-stats-'));
const totals = { passes: 0, failures: 0, pending: 0 };
let crashed = false;
for (const [i, suite] of suites.entries()) {
  const stats = path.join(dir, `${i}.json`);
  console.log(`\n=== ${suite.name} (${suite.config}) ===`);
  const run = spawnSync('npx', ['mocha', '--config', suite.config], { stdio: 'inherit', env: { ...process.env, DOCKSTACK_TEST_STATS: stats } });
  if (existsSync(stats)) {
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    totals.passes += s.passes;
    totals.failures += s.failures;
    totals.pending += s.pending;
    console.log(`--- ${suite.name}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
  } else {
    crashed = true;
    totals.failures += 1;
    console.log(`--- ${suite.name}: mocha exited with ${run.status} before reporting (counted as 1 failure)`);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`${totals.passes} passed, ${totals.failures} failed, ${totals.pending} skipped`);
process.exit(totals.failures > 0 || crashed ? 1 : 0);
