// Unit, loader, golden, conformance and CLI tiers. The engine tier has its own config.
module.exports = {
  spec: ['packages/*/test/**/*.test.ts', 'plugins/*/test/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/pty/*.test.ts', 'test/runner/*.test.ts', 'test/repo/*.test.ts'],
  'node-option': ['import=tsx'],
  reporter: './test/support/count-reporter.cjs',
  // Under CI an `it.only` / `describe.only` left in by mistake fails the run instead of hiding tests.
  'forbid-only': Boolean(process.env.CI),
  timeout: 20000,
  slow: 2000,
};
