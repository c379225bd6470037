// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process'];

/** Folder import limits: one runtime per folder (see the style guide, convention 1). */
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group] })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '.tsbuild/**', 'data/**', 'node_modules/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'tools/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'eslint-comments/no-unused-disable': 'off',
    },
  },
  {
    files: ['eslint.config.js', 'tools/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
  {
    // Product and tooling code logs through pino and prints through `print` (server/log.ts). The
    // store app is a web page: the browser's console is its log, so renderer/ keeps console.
    files: ['server/**/*.ts', 'shared/**/*.ts', 'electron/**/*.ts', 'tools/**/*.{ts,mjs}'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict([
      ...nodeBuiltins,
      'electron',
      'react',
      'dexie',
      '**/server/**',
      '**/renderer/**',
      '**/electron/**',
      '**/tools/**',
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict([
      ...nodeBuiltins,
      'electron',
      '**/electron/**',
      '**/tools/**',
      'better-sqlite3',
      'pg',
      'kysely',
      'pino',
    ]),
  },
  {
    // The shops' script runs in someone else's page: browser APIs and shared/ only, no packages.
    files: ['web/**/*.ts'],
    rules: restrict([
      ...nodeBuiltins,
      'electron',
      'react',
      'react-dom',
      'dexie',
      'zod',
      'uuid',
      '@noble/*',
      'libphonenumber-js',
      '**/server/**',
      '**/renderer/**',
      '**/electron/**',
      '**/tools/**',
    ]),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(['electron', 'react', 'dexie', '**/renderer/**', '**/electron/**', '**/tools/**']),
  },
  {
    files: ['electron/**/*.ts'],
    // What ships in the desktop app never reaches into developer tooling or the server.
    rules: restrict(['react', 'dexie', '**/renderer/**', '**/server/**', '**/tools/**']),
  },
  {
    // Developer tooling never ships: it may use the server's and Electron's modules, but never
    // the store app's browser code, and nothing in the product imports it (rules above).
    files: ['tools/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Tools run in Node, never in Electron.' }],
          patterns: [{ group: ['react', 'dexie', '**/renderer/**'] }],
        },
      ],
    },
  },
  {
    files: ['electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', allowImportNames: ['contextBridge', 'ipcRenderer'] }],
          patterns: [{ group: ['node:*', '**/hardware/**', '**/journal/**'] }],
        },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[object.name=/^(it|test|describe)$/][property.name=/^(only|skip|todo)$/]',
          message: 'Focused or skipped tests never land.',
        },
      ],
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
