// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'oclif.manifest.json', 'test/fixtures/', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      // Unused names are dead code; a leading _ marks one kept on purpose (a callback's place).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters in regexes are how we strip terminal escapes from output.
      'no-control-regex': 'off',
      // A closure may read a binding that is set once, later (the dashboard's gate waits for its port).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  // Formatting is Prettier's job alone.
  prettier,
);
