// Lint rules, including the layer rules of docs/ARCHITECTURE.md: imports that point the wrong way fail here.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const deepEngineImport = {
  // proto-tokenizer-first.ts is the other entry: imported for its effect, before index.ts loads protobufjs.
  group: ['**/engine/*', '!**/engine/proto-tokenizer-first'],
  message: 'Front ends import the engine only through its public surface, electron/engine/index.ts.',
};

const nodeAndGrpc = [
  { group: ['node:*'], message: 'shared/ and renderer/ run in the browser too: no Node built-ins.' },
  { group: ['@grpc/*', 'protobufjs', 'protobufjs/*'], message: 'gRPC and protobuf live in electron/engine.' },
];

/** The renderer's import bans, plus any for one of its folders. */
function rendererPatterns(...more) {
  return [...nodeAndGrpc, { group: ['electron', '**/electron/**'], message: 'The renderer talks only to the FerryApi in shared/.' }, ...more];
}

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', 'out/', 'release/', 'artifacts/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeAndGrpc,
        { group: ['electron', 'react', 'react-*', 'monaco-editor', 'zustand'], message: 'shared/ imports nothing with side effects.' },
        { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports only shared/.' }] }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: 'Only electron/main and electron/preload may import electron.' },
        { group: ['react', 'react-*', 'monaco-editor', 'zustand'], message: 'UI libraries belong to renderer/.' },
        { group: ['**/renderer/**'], message: 'Nothing imports the renderer.' }] }],
    },
  },
  {
    files: ['electron/cli/**/*.ts', 'electron/serve/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: 'Only electron/main and electron/preload may import electron.' },
        { group: ['react', 'react-*', 'monaco-editor', 'zustand'], message: 'UI libraries belong to renderer/.' },
        { group: ['**/renderer/**'], message: 'Nothing imports the renderer.' },
        deepEngineImport] }],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'Nothing imports the renderer.' }, deepEngineImport] }] },
  },
  {
    files: ['electron/engine/**/*.ts'],
    ignores: ['electron/engine/**/*.test.ts', 'electron/engine/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: 'The engine is plain Node.' },
        { group: ['**/cli/**', '**/serve/**', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'The engine depends only on shared/.' },
        { group: ['@grpc/proto-loader', '@grpc/reflection'], message: 'proto-loader bundles protobufjs 7 (docs/ARCHITECTURE.md, Library facts); test servers only.' },
        { group: ['protobufjs/ext/descriptor', 'protobufjs/ext/descriptor.js'], allowTypeImports: true, message: 'Loading it builds descriptor.proto\'s types: take its values from schema/descriptor-extension.ts.' },
        { group: ['@connectrpc/*', '@bufbuild/*', '@grpc-web/*'], message: 'Test servers and benchmarks only: the engine frames web protocols itself (docs/ARCHITECTURE.md).' }] }],
    },
  },
  {
    // The first use of `performance` in a process loads perf_hooks: ~2.5 ms of every command's start-up.
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts', 'electron/serve/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: { 'no-restricted-globals': ['error', { name: 'performance', message: 'Use monotonicMs (electron/engine/monotonic-clock.ts).' }] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: rendererPatterns() }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/editor/**', 'renderer/components/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: rendererPatterns(
        { regex: '^(\\.\\.?/)+(store|api|features|app)(/|$)', message: 'editor/ and components/ take props and report through callbacks: no store, api or features.' }) }],
    },
  },
  {
    files: ['renderer/store/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: rendererPatterns(
        { regex: '^(\\.\\.?/)+(editor|components|features|app)(/|$)', message: 'The store holds state and effects; the UI imports it, never the other way.' }) }],
    },
  },
  {
    // Renderer tests run under Node against the real engine: they may use its test fixtures, nothing else of electron/.
    files: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx', 'renderer/**/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeAndGrpc,
        { regex: '^(electron$|(\\.\\./)+electron/(?!(engine|serve)/testing/|engine$))', message: 'Renderer tests use electron/ only through its testing/ fixtures (and engine types).' }] }],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.mjs', 'electron/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
