// Mocha's spec reporter, plus the run's counts written to $DOCKSTACK_TEST_STATS (JSON)
// so scripts/run-tests.mjs can print one total line over every suite.
const fs = require('node:fs');
const Mocha = require('mocha');

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.DOCKSTACK_TEST_STATS;
      if (!file) return;
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      fs.writeFileSync(file, JSON.stringify({ passes, failures, pending }));
    });
  }
}

module.exports = CountReporter;
