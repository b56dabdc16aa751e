// Lint: typescript-eslint with type information, plus the architecture rules that keep each
// environment honest (VS Code's idea): shared/ is pure, the renderer never touches Node or
// Electron, and only src-main/electron/ may import Electron at runtime.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message, allowTypeImports: false })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.test-output/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.node.json', './tsconfig.dom.json', './tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // Handlers satisfy Promise-returning interfaces; an async body without await is fine there.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, 'electron', 'react', 'react-dom', 'dexie', 'zustand', 'keytar', 'ky'],
      ['**/src-main/**', '**/src-renderer/**'],
      'shared/ runs in main and renderer alike: no Node, DOM-framework or Electron imports.',
    ),
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([...nodeBuiltins, 'electron', 'keytar'], ['**/src-main/**'], 'The renderer reaches main only through src-renderer/api.'),
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', allowTypeImports: true, message: 'Only src-main/electron/ imports Electron; services stay plain Node.' }],
          patterns: [{ group: ['**/src-renderer/**', 'react', 'react-dom'], message: 'main does not import renderer code.' }],
        },
      ],
    },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: restrict(['react', 'react-dom'], ['**/src-renderer/**'], 'main does not import renderer code.'),
  },
  {
    // Tests deliberately send malformed values across the boundaries; the unsafe-* rules would only add noise there.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
