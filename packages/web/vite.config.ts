import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = import.meta.dirname;
// The API server the dev server proxies to (`LINLI_API=http://localhost:3101 npx vite packages/web`).
const api = process.env.LINLI_API ?? 'http://localhost:3000';

/**
 * One multi-page app: each audience has its own HTML entry, so a resident's phone downloads the
 * shop's code only (shared chunks such as React are split out by the bundler).
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    // The budget script (npm run bench:web) reads which chunks each entry loads from the manifest.
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        index: resolve(here, 'index.html'),
        shop: resolve(here, 'shop/index.html'),
        leader: resolve(here, 'leader/index.html'),
        driver: resolve(here, 'driver/index.html'),
        supplier: resolve(here, 'supplier/index.html'),
        admin: resolve(here, 'admin/index.html'),
      },
    },
  },
  server: {
    proxy: { '/api': api, '/health': api },
  },
});
