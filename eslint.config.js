// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers (docs/contributing.md, "Architecture"): each folder imports only downward. The rule matches
// a folder name as a path segment of the import (an 'extension/' in the path); our top-level folder names
// occur nowhere else in the product's folders (test/ has look-alikes, and test/ may import anything).
const OURS = [
  'shared',
  'extension',
  'native-host',
  'verifier',
  'sandbox',
  'cli',
  'scripts',
  'testing',
  'test',
];
/** @param {string[]} folders @param {string} why */
function forbid(folders, why) {
  return {
    regex: `(^|/)(${folders.join('|')})/`,
    message: `Imports go downward only: ${why} (docs/contributing.md, Architecture).`,
  };
}
/** @param {string[]} files @param {...ReturnType<typeof forbid>} patterns @returns {import('eslint').Linter.Config} */
function layer(files, ...patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}
const except = (/** @type {string[]} */ folders, /** @type {string[]} */ allowed) =>
  folders.filter((f) => !allowed.includes(f));
const EXTENSION_BELOW = forbid(except(OURS, ['shared', 'extension']), 'extension/ imports shared/ only');
// Until issue-18a lands (it moves the consent and diagnostics contracts to shared/), these files of
// extension/background and extension/pages still import each other.
const UNTIL_18A = [
  'extension/pages/popup/popup.tsx',
  'extension/pages/diagnostics/diagnostics.tsx',
  'extension/pages/diagnostics/protocol.ts',
  'extension/background/services/consent.ts',
  'extension/background/actions/card-operation.ts',
  'extension/background/service-worker.ts',
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.sandbox/', 'walkthrough/', 'bench/', '**/*.mjs', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.extension.json', './tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // stdout is the native messaging channel: one stray console.log breaks it.
    files: ['native-host/**/*.ts'],
    rules: { 'no-console': ['error', { allow: ['error', 'warn'] }] },
  },
  layer(['shared/**'], forbid(except(OURS, ['shared']), 'shared/ imports nothing of ours above it')),
  layer(
    ['native-host/**'],
    forbid(except(OURS, ['shared', 'native-host']), 'native-host/ imports shared/ only'),
  ),
  layer(['verifier/**'], forbid(except(OURS, ['shared', 'verifier']), 'verifier/ imports shared/ only')),
  layer(['extension/**'], EXTENSION_BELOW),
  {
    ...layer(
      ['extension/pages/**'],
      EXTENSION_BELOW,
      forbid(
        ['background'],
        'extension pages talk to the worker by message; shared contracts live in shared/',
      ),
    ),
    ignores: UNTIL_18A, // until issue-18a lands
  },
  {
    ...layer(
      ['extension/background/**'],
      EXTENSION_BELOW,
      forbid(['pages'], 'the worker does not import extension pages; shared contracts live in shared/'),
    ),
    ignores: UNTIL_18A, // until issue-18a lands
  },
  layer(
    ['sandbox/**'],
    forbid(['extension', 'scripts', 'testing', 'test'], 'sandbox/ does not import extension/'),
  ),
  layer(['cli/**'], forbid(['scripts', 'testing', 'test'], 'cli/ ships; scripts/ and testing/ do not')),
  layer(['testing/**'], forbid(['scripts', 'test'], 'testing/ sits below scripts/')),
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
