// Mocha's spec reporter, plus honest counts written to $DOCKSTACK_TEST_STATS (JSON) so
// scripts/run-tests.mjs can print one total line over every suite.
//
// Counting is per test, never per hook: a test's outcome is "failed" when the test failed or a
// hook that covers it failed. A failing `before all` / `before each` hook fails every test under
// it that had not run yet (mocha itself reports one hook failure and hides those tests); a failing
// `after each` / `after all` hook fails the tests it covers too. So passed + failed + skipped
// equals mocha's own number of tests (`runner.total`), which the stats carry for the check.
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_BEGIN, EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

/** Every test under a suite that this run selects (grep/invert as mocha applies them). */
function testsUnder(suite, runner) {
  const out = [];
  const walk = (s) => {
    for (const t of s.tests) {
      let match = runner._grep ? runner._grep.test(t.fullTitle()) : true;
      if (runner._invert) match = !match;
      if (match) out.push(t);
    }
    for (const child of s.suites) walk(child);
  };
  walk(suite);
  return out;
}

/** 'before all', 'before each', 'after each', 'after all', or undefined for a test or stray error. */
function hookKind(runnable) {
  if (!runnable || runnable.type !== 'hook') return undefined;
  const m = /^"(before all|before each|after each|after all)" hook/.exec(runnable.title);
  return m ? m[1] : 'before all';
}

/** Counts from the outcomes recorded for one run. Exported for the runner's own test. */
function countRun(runner, outcomes, outside) {
  const all = testsUnder(runner.suite, runner);
  const counts = { passes: 0, failures: 0, pending: 0, notRun: 0 };
  for (const t of all) {
    const o = outcomes.get(t);
    if (o === 'pass') counts.passes += 1;
    else if (o === 'fail') counts.failures += 1;
    else if (o === 'pending' || t.isPending()) counts.pending += 1;
    else counts.notRun += 1;
  }
  return { ...counts, tests: all.length, total: runner.total, outside, mochaFailures: runner.stats ? runner.stats.failures : undefined };
}

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const outcomes = new Map();
    let outside = 0;
    let total;
    runner.once(EVENT_RUN_BEGIN, () => {
      total = runner.total;
    });
    runner.on(EVENT_TEST_PASS, (test) => {
      if (outcomes.get(test) !== 'fail') outcomes.set(test, 'pass');
    });
    runner.on(EVENT_TEST_PENDING, (test) => {
      if (!outcomes.has(test)) outcomes.set(test, 'pending');
    });
    runner.on(EVENT_TEST_FAIL, (runnable) => {
      const kind = hookKind(runnable);
      if (kind === undefined) {
        if (runnable && runnable.type === 'test') outcomes.set(runnable, 'fail');
        else outside += 1;
        return;
      }
      const suite = runnable.parent;
      const current = runnable.ctx && runnable.ctx.currentTest;
      if (kind === 'before each' || kind === 'after each') {
        if (current) outcomes.set(current, 'fail');
      }
      const covered = suite ? testsUnder(suite, runner) : [];
      if (covered.length === 0) {
        outside += 1;
        return;
      }
      for (const t of covered) {
        // `after all` covers every test of its suite, run or not; the other hooks fail the tests
        // they stopped from running (and, for `each` hooks, the current test above).
        if (kind === 'after all' ? outcomes.get(t) !== 'pending' : !outcomes.has(t)) outcomes.set(t, 'fail');
      }
    });
    runner.once(EVENT_RUN_END, () => {
      const stats = countRun(runner, outcomes, outside);
      if (total !== undefined) stats.total = total;
      const file = process.env.DOCKSTACK_TEST_STATS;
      if (file) fs.writeFileSync(file, JSON.stringify(stats));
      const line = `${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped (${stats.tests} tests${stats.notRun > 0 ? `, ${stats.notRun} NOT RUN` : ''}${stats.outside > 0 ? `, ${stats.outside} errors outside any test` : ''})`;
      process.stdout.write(`  counted per test: ${line}\n`);
    });
  }
}

module.exports = CountReporter;
module.exports.countRun = countRun;
