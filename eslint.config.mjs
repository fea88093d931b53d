// Lint rules that keep the architecture honest: the engine and services never import Electron,
// shared/ uses no Node or DOM APIs, the renderer never reaches Node, and ipcMain / ipcRenderer
// are used only inside their typed wrappers (electron/main/ipc.ts, electron/preload/preload.ts).
import tseslint from 'typescript-eslint';
import local from './eslint-rules/import-patterns.mjs';

const nodeModules = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'net', 'crypto', 'stream', 'url'];
// Exact package names: a bare pattern would also match our own folder `../electron/…`.
const noElectronPath = { name: 'electron', message: 'Only electron/main and electron/preload may import Electron.' };
const noElectron = { group: ['electron/*'], message: 'Only electron/main and electron/preload may import Electron.' };
const noNode = { group: nodeModules, message: 'No Node APIs here.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'electron/engine/*/kernel/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['electron/engine/**', 'electron/services/**', 'electron/host/**', 'electron/cli/**', 'bench/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectronPath], patterns: [noElectron] }] },
  },
  {
    // Each folder under electron/engine/ is private: others import its index.ts. The allowlist says
    // who may reach further, and why (VS Code's code-import-patterns, in small).
    files: ['**/*.{ts,tsx,mts,mjs}'],
    plugins: { local },
    rules: {
      'local/import-patterns': ['error', {
        private: 'electron/engine/*',
        allow: [
          // Tests and benchmarks exercise an engine's internals directly.
          { target: 'tests/**', may: ['**'] },
          { target: 'bench/**', may: ['**'] },
          { target: 'scripts/**', may: ['**'] },
          // The filter's XPath worker is bundled on its own: the svclog index would pull the whole engine in.
          { target: 'electron/services/filter/{event-scan,xpath-scan.worker}.ts', may: ['electron/engine/svclog/queries/detail'] },
          // The CLI starts a large trace's parse before it loads the engine (its index would pull the whole engine in first).
          { target: 'electron/cli/{early-parse-start,load-all}.ts', may: ['electron/engine/svclog/early-parse'] },
          // Describing an unclaimed W3C-style text (a firewall log) reads its directives as IIS does.
          { target: 'electron/engine/detect.ts', may: ['electron/engine/iis/directive'] },
        ],
      }],
    },
  },
  {
    files: ['shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectronPath], patterns: [noElectron, noNode, { group: ['react', 'react-dom', 'zustand', 'd3'], message: 'shared/ holds the contract and model only.' }] }] },
  },
  {
    files: ['renderer/src/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectronPath], patterns: [noElectron, noNode, { group: ['**/electron/**'], message: 'The renderer talks to the main side through the contract only.' }] }],
      // The contract's schemas (zod) are the main side's: the renderer takes their types only, and
      // its runtime pieces from zod-free modules (api-client.ts, iis-series.ts), so its bundle
      // neither carries nor builds them at start-up.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['zod', '**/shared/contract', '**/shared/channels/*', '**/shared/workspace'], allowTypeImports: true, message: 'Types only: the schemas are the main side’s (use shared/api-client, shared/iis-series).' }] },
      ],
    },
  },
  {
    files: ['electron/main/**'],
    ignores: ['electron/main/ipc.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Use the typed wrapper in electron/main/ipc.ts.' }] }],
    },
  },
  {
    files: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'The preload only invokes.' }] }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
