import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Two pages from one build: the store app (index.html) and HQ (hq/index.html). Relative base so
// the store app also loads from files inside Electron, not only from an HTTP host.
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        store: resolve(import.meta.dirname, 'renderer/index.html'),
        hq: resolve(import.meta.dirname, 'renderer/hq/index.html'),
      },
    },
  },
});
