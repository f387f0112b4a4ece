// ESLint (flat config) with typescript-eslint's type-aware checks. A small rule set: the bugs that types
// alone do not catch (a promise nobody awaits, a promise where a callback is expected, awaiting a
// non-promise), unused code, and `any`. Import cycles and module boundaries: .dependency-cruiser.cjs.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Generated files (migrations are written by MikroORM and never edited once applied).
    ignores: [
      'node_modules/',
      'dist/',
      'dist-bench/',
      'console/dist/',
      'coverage/',
      'test/generated/',
      'console/src/generated/',
      'migrations/Migration*.ts',
      'bench/results/',
    ],
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each file is checked with the tsconfig.json nearest to it (the console has its own).
        projectService: { allowDefaultProject: ['console/codegen.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The checks this project wants from types: promises that nobody awaits or that land where a
      // callback's return value is ignored, awaiting what is not a promise, unused code, `any`.
      '@typescript-eslint/no-floating-promises': 'error',
      // Not for arguments: Yoga is handed to createServer as its request listener (a function that
      // returns a promise and handles its own errors), the way Yoga documents it.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Off, on purpose:
      // - no-unsafe-*: values typed by libraries as `any` (JSON, GraphQL extensions, envelop hooks) are
      //   checked where they are used (zod, narrowing); flagging each hand-over is noise.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // - unbound-method: Yoga and envelop hooks hand over functions (endResponse, setResult, …) that
      //   are meant to be destructured.
      '@typescript-eslint/unbound-method': 'off',
      // - require-await: async functions without await keep an interface's shape (a hook that may wait).
      '@typescript-eslint/require-await': 'off',
      // - no-base-to-string: String(value) of an unknown value is how errors and extensions are logged.
      '@typescript-eslint/no-base-to-string': 'off',
      // - no-unnecessary-type-assertion: a cleanup (autofixable), not a bug; left for after the module moves.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly' } },
  },
);
