// Layer rules from design.md: core and shared never import `vscode`; shared imports nothing but zod;
// the webview never reaches into core or host.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noVscode = {
  name: 'vscode',
  message:
    'src/core and src/shared are vscode-free: take plain values or a small interface from the host layer.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      '.cache/**',
      'bench/results/**',
      'test/fixtures/**',
      '**/*.tmp.*',
      '**/.*.tmp.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      // `import { z }` pulls all of zod (and every locale) into the bundles: 190 KB instead of 74 KB.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value='zod'] > :matches(ImportSpecifier, ImportDefaultSpecifier)",
          message:
            "Use `import * as z from 'zod'`: named and default imports pull all of zod into the bundles.",
        },
      ],
    },
  },
  {
    // Code passed to page.evaluate() runs in the browser.
    files: ['bench/**', 'test/e2e/**', 'test/unit/webview/**', 'test/run/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [{ group: ['**/host/**', '**/webview/**'], message: 'core may import only shared.' }],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            {
              group: ['**/core/**', '**/host/**', '**/webview/**'],
              message: 'shared imports nothing but zod.',
            },
            { regex: '^(?!zod$|zod/|\\.)', message: 'shared imports nothing but zod.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            {
              group: ['**/core/**', '**/host/**'],
              message: 'the webview imports only shared and browser libs.',
            },
          ],
        },
      ],
    },
  },
);
