// Builds the web UI (web/) into web-dist/, which the server serves. Generated output: gitignored, never committed.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  base: '/',
  build: {
    outDir: '../web-dist',
    emptyOutDir: true,
    // ECharts is most of the bundle; a warning about it says nothing new.
    chunkSizeWarningLimit: 1_500,
  },
});
