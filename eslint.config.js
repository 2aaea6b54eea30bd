// Lint: the recommended JavaScript and TypeScript rules, plus the house bans (no `any`, no
// TypeScript suppression comments, no string-built SQL through kysely's sql.raw).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-results/', 'bench/results/', 'public/build/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Input checks match control characters on purpose (they are refused in text fields).
      'no-control-regex': 'off',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': true, 'ts-ignore': true, 'ts-nocheck': true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='sql'][callee.property.name='raw']", message: 'Build SQL with Kysely or sql`` and bound parameters, never sql.raw.' },
      ],
    },
  },
  {
    // Tests wait for conditions (test/helpers/wait.ts), never for a fixed time (issue 16).
    files: ['test/**/*.ts'],
    ignores: ['test/helpers/wait.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'node:timers/promises', message: 'Wait for the condition with until() from test/helpers/wait.ts.' }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='sql'][callee.property.name='raw']", message: 'Build SQL with Kysely or sql`` and bound parameters, never sql.raw.' },
        { selector: "CallExpression[callee.name='setTimeout']", message: 'No fixed sleeps in tests: wait for the condition with until() from test/helpers/wait.ts.' },
        { selector: "CallExpression[callee.property.name='waitForTimeout']", message: 'No fixed sleeps in tests: wait for what the page should show.' },
      ],
    },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', Blob: 'readonly', fetch: 'readonly', Date: 'readonly' } },
  },
);
