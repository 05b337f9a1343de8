// ESLint (flat config) for the TypeScript sources and tests: typescript-eslint's recommended
// rules, type-aware where it pays (floating promises, misused promises). Formatting is Prettier's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/test/fixtures/**', 'test/e2e/fixtures/**', 'test/corpus/apps/**', 'registry/site/**', 'docs/**', 'examples/**', '**/*.cjs', '**/validators/**', 'bench/**', 'scripts/**'],
  },
  js.configs.recommended,
  {
    // Node scripts (ESM and CommonJS) that ship beside the TypeScript.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Sources are in the build's tsconfigs, so the rules that need types run on them.
    files: ['packages/*/src/**/*.ts', 'plugins/*/src/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
);
