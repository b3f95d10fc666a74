import { defineConfig } from 'vitest/config';

// The page API as files a portal can serve. Two builds, because one file must stand alone
// (no shared chunks: a portal serves it as one URL):
//   default:        dist/page/zorgid-page.js   (sets window.ZorgIdCompanion)
//   --mode module:  dist/page/client.js        (ES module: createClient, ZorgIdError)
export default defineConfig(({ mode }) => {
  const module = mode === 'module';
  return {
    build: {
      outDir: 'dist/page',
      emptyOutDir: !module,
      target: 'es2020',
      lib: module
        ? { entry: 'extension/page-api/client.ts', formats: ['es'], fileName: () => 'client.js' }
        : { entry: 'extension/page-api/standalone.ts', formats: ['es'], fileName: () => 'zorgid-page.js' },
    },
  };
});
