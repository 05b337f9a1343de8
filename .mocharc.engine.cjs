// Engine tier: fixtures built and run on a real Docker engine.
module.exports = {
  spec: ['test/engine/**/*.test.ts'],
  'node-option': ['import=tsx'],
  reporter: './test/support/count-reporter.cjs',
  timeout: 600000,
  slow: 60000,
};
