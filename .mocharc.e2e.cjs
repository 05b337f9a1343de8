// End-to-end tier: the built CLI against a real npm registry (Verdaccio on loopback, installed
// on demand by test/e2e/setup-registry.mjs), isolated data/cache/config dirs and npm config.
module.exports = {
  spec: ['test/e2e/*.test.ts'],
  'node-option': ['import=tsx'],
  reporter: './test/support/count-reporter.cjs',
  // Under CI an `it.only` / `describe.only` left in by mistake fails the run instead of hiding tests.
  'forbid-only': Boolean(process.env.CI),
  timeout: 120000,
  slow: 10000,
};
