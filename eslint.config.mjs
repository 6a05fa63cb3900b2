// Layer rules (docs/architecture.md, "Rules the build enforces"): core and shared never import `vscode`; shared
// imports nothing but zod; the webview never reaches into core or host.
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
    },
  },
  {
    // Everything in src is bundled. Classic zod costs the host bundle ~60 KB more than zod/mini, and
    // `import { z }` (or a default import) pulls in all of zod and every locale.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            ':matches(ImportDeclaration, ExportAllDeclaration, ExportNamedDeclaration, ImportExpression)[source.value=/^zod(\\/|$)/]:not([source.value=/^zod\\/(mini|locales)$/])',
          message:
            "src uses zod/mini only: `import * as z from 'zod/mini'` (classic zod would grow the bundles by ~60 KB).",
        },
        {
          selector:
            'ImportDeclaration[source.value=/^zod(\\/mini)?$/] > :matches(ImportSpecifier, ImportDefaultSpecifier)',
          message:
            "Use a namespace import (`import * as z from 'zod/mini'`): `import { z }` or a default import pulls all of zod and every locale into the bundles.",
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
