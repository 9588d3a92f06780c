import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The renderer bundle: renderer/index.html → dist/renderer, served by `ferry serve` and loaded by Electron.
// Relative asset URLs (base './') work from http:// and file:// alike. Monaco's workers are emitted as
// separate files by the `?worker` imports, never fetched from a CDN.
export default defineConfig({
  root: resolve(__dirname, 'renderer'),
  base: './',
  publicDir: false,
  build: {
    outDir: resolve(__dirname, 'dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // ferry serve's CSP allows images only from 'self': no data: URLs for small assets.
    assetsInlineLimit: 0,
    // Monaco's editor core alone is ~3 MB; the warning would only repeat that.
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
