// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', 'scripts/**', '*.config.*', 'eslint.config.js', 'test/fixtures/**/*.mjs', 'test/fixtures/**/*.d.mts', '.build-*/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // Only the CLI prints or exits (CONVENTIONS.md 6).
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only src/cli may exit.' },
      ],
    },
  },
  {
    // The analyzer is pure: no I/O (CONVENTIONS.md 5).
    files: ['src/analyze/**/*.ts'],
    ignores: ['src/analyze/**/*.test.ts', 'src/analyze/shell/grammar.ts', 'src/analyze/test-kit.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:fs', 'node:fs/*', 'fs', 'node:child_process', 'child_process', 'node:net', 'node:http', 'node:https'], message: 'analyze() is pure: no I/O.' },
            { group: ['**/cli/**', '**/policy/**', '**/gate/**'], message: 'Layers point one way.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
