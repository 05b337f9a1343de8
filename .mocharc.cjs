// Unit, loader, golden, conformance and CLI tiers. The engine tier has its own config.
module.exports = {
  spec: ['packages/*/test/**/*.test.ts', 'plugins/*/test/**/*.test.ts', 'test/cli/**/*.test.ts'],
  'node-option': ['import=tsx'],
  reporter: './test/support/count-reporter.cjs',
  timeout: 20000,
  slow: 2000,
};
