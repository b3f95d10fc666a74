import { defineConfig } from 'vitest/config';

// The page API as files a portal can serve: an IIFE (window.ZorgIdCompanion) and an ES module.
export default defineConfig({
  build: {
    outDir: 'dist/page',
    emptyOutDir: true,
    target: 'es2020',
    lib: {
      entry: { 'zorgid-page': 'extension/page-api/standalone.ts', client: 'extension/page-api/client.ts' },
      formats: ['es'],
    },
  },
});
