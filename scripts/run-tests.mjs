#!/usr/bin/env node
// Runs every test tier in order and ends with one line totalled over all of them:
// "N passed, M failed, K skipped (T tests)". N + M + K = T is the number of tests mocha selected,
// tests under a failing hook included (test/support/count-reporter.cjs counts per test).
// Exit code is non-zero when a test failed, when mocha exited non-zero (even when its reporter
// wrote counts), when a tier crashed before reporting, or when the counts do not add up.
// Tiers: unit/golden/CLI (mocha), end-to-end, then the engine tier (starts an engine when none
// answers, and under CI a missing engine is a failure, never a skip).
// Arguments: names (or config file parts) select tiers; `--config=<file>` runs that mocha config
// instead (used by test/runner to check this script on sample suites).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const MOCHA = require.resolve('mocha/bin/mocha.js');
const args = process.argv.slice(2);
const custom = args.filter((a) => a.startsWith('--config=')).map((a) => a.slice('--config='.length));
const only = args.filter((a) => !a.startsWith('--config='));
const suites = custom.length > 0
  ? custom.map((config) => ({ name: path.basename(config), config }))
  : [
      { name: 'unit, golden, conformance and CLI', config: '.mocharc.cjs' },
      { name: 'end-to-end (local npm registry)', config: '.mocharc.e2e.cjs' },
      { name: 'engine', config: '.mocharc.engine.cjs' },
    ].filter((s) => only.length === 0 || only.some((o) => s.config.includes(o) || s.name.includes(o)));

const dir = mkdtempSync(path.join(tmpdir(), 'dockstack-stats-'));
// Every tier's temporary files (test projects, CLI transactions, build contexts) go to one directory of
// this run, removed at the end, so runs leave nothing behind in the machine's temp directory
// (DOCKSTACK_KEEP_TMP=1 keeps it for a post-mortem).
const runTmp = mkdtempSync(path.join(tmpdir(), 'dockstack-run-'));
const totals = { passes: 0, failures: 0, pending: 0, tests: 0 };
const problems = [];
for (const [i, suite] of suites.entries()) {
  const stats = path.join(dir, `${i}.json`);
  console.log(`\n=== ${suite.name} (${suite.config}) ===`);
  // Mocha's own count of the tier's tests, independent of the reporter: a dry run (no test, no hook).
  const dry = spawnSync(process.execPath, [MOCHA, '--config', suite.config, '--dry-run', '--reporter', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  let dryTests;
  try {
    dryTests = JSON.parse(dry.stdout).stats.tests;
  } catch {
    problems.push(`${suite.name}: mocha --dry-run did not report a count (exit ${dry.status}): ${(dry.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
  }
  const run = spawnSync(process.execPath, [MOCHA, '--config', suite.config], { stdio: 'inherit', env: { ...process.env, DOCKSTACK_TEST_STATS: stats, TMPDIR: runTmp } });
  const status = run.status ?? (run.signal ? `signal ${run.signal}` : 'unknown');
  if (!existsSync(stats)) {
    problems.push(`${suite.name}: mocha exited with ${status} before reporting any count`);
    console.log(`--- ${suite.name}: mocha exited with ${status} before reporting (the tier counts as failed)`);
    continue;
  }
  const s = JSON.parse(readFileSync(stats, 'utf8'));
  totals.passes += s.passes;
  totals.failures += s.failures;
  totals.pending += s.pending;
  totals.tests += s.tests;
  console.log(`--- ${suite.name}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped (${s.tests} tests; mocha counted ${s.total}, its dry run ${dryTests ?? '?'}; exit ${status})`);
  if (dryTests !== undefined && dryTests !== s.tests) problems.push(`${suite.name}: mocha's dry run lists ${dryTests} tests, the run counted ${s.tests}`);
  if (s.passes + s.failures + s.pending !== s.tests) problems.push(`${suite.name}: ${s.tests - s.passes - s.failures - s.pending} tests were never run nor skipped`);
  if (s.total !== s.tests) problems.push(`${suite.name}: mocha selected ${s.total} tests, the reporter saw ${s.tests}`);
  if (s.outside > 0) problems.push(`${suite.name}: ${s.outside} errors outside any test`);
  if (run.status !== 0 && s.failures === 0) problems.push(`${suite.name}: mocha exited with ${status} although no test failed`);
  if (run.status === 0 && s.failures > 0) problems.push(`${suite.name}: mocha exited 0 although ${s.failures} tests failed`);
}
rmSync(dir, { recursive: true, force: true });
if (process.env['DOCKSTACK_KEEP_TMP'] === '1') console.log(`--- temporary files kept in ${runTmp}`);
else rmSync(runTmp, { recursive: true, force: true });
for (const p of problems) console.log(`!!! ${p}`);
console.log(`--- all tiers: ${totals.tests} tests${problems.length > 0 ? `; ${problems.length} run problems above` : ''}`);
// The closing line alone, in the plain form CI reads: "N passed, M failed, K skipped".
console.log(`${totals.passes} passed, ${totals.failures} failed, ${totals.pending} skipped`);
process.exit(totals.failures > 0 || problems.length > 0 ? 1 : 0);
