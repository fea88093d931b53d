import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The renderer is served from app://tracelens/ in Electron and from the browser host over HTTP;
// relative asset paths work under both. No inline scripts: the CSP forbids them.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // Release builds (scripts/build.mjs --release) ship no source maps to the window.
    sourcemap: !process.env.TRACELENS_RELEASE,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
});
