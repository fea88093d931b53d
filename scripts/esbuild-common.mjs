// Options shared by every Node-side esbuild bundle (app entries, workers, benches).
// CommonJS bundles have no import.meta.url; the define + banner give them one, so modules can
// locate files next to themselves (see electron/engine/worker-script.ts).
export const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron', 'esbuild'],
  logLevel: 'warning',
  define: { 'import.meta.url': '__tracelens_import_meta_url' },
  banner: { js: "const __tracelens_import_meta_url = require('url').pathToFileURL(__filename).href;" },
};
