// Engine tier: fixtures built and run on a real Docker engine.
module.exports = {
  spec: ['test/engine/**/*.test.ts'],
  'node-option': ['import=tsx'],
  reporter: './test/support/count-reporter.cjs',
  // Under CI an `it.only` / `describe.only` left in by mistake fails the run instead of hiding tests.
  'forbid-only': Boolean(process.env.CI),
  timeout: 600000,
  slow: 60000,
};
