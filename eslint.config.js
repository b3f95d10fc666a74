// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers (docs/contributing.md, "Architecture"): each folder imports only downward. The rule matches
// a folder name as a path segment of the import (an 'extension/' in the path); our top-level folder names
// occur nowhere else in the product's folders (test/ has look-alikes, and test/ may import anything).
const OURS = [
  'shared',
  'node-shared',
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
    ['node-shared/**'],
    forbid(except(OURS, ['shared', 'node-shared']), 'node-shared/ imports shared/ only'),
  ),
  layer(
    ['native-host/**'],
    forbid(
      except(OURS, ['shared', 'node-shared', 'native-host']),
      'native-host/ imports shared/ and node-shared/ only',
    ),
  ),
  layer(
    ['verifier/**'],
    forbid(
      except(OURS, ['shared', 'node-shared', 'verifier']),
      'verifier/ imports shared/ and node-shared/ only',
    ),
  ),
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
  },
  {
    ...layer(
      ['extension/background/**'],
      EXTENSION_BELOW,
      forbid(['pages'], 'the worker does not import extension pages; shared contracts live in shared/'),
    ),
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
