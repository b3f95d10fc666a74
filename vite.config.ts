import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vitest/config';
import manifest from './manifest.json' with { type: 'json' };

// A release build (ZORGID_BUILD=release) refuses the sandbox origins unless browser policy
// allows them; development and test builds allow them so `npm start` and the tests work.
const release = process.env.ZORGID_BUILD === 'release';

export default defineConfig({
  define: {
    __ZORGID_SANDBOX_DEFAULT__: JSON.stringify(!release),
    __ZORGID_VERSION__: JSON.stringify(manifest.version),
  },
  build: {
    outDir: 'dist/extension',
    emptyOutDir: true,
    sourcemap: !release,
    target: 'es2022',
  },
  plugins: [crx({ manifest: manifest })],
});
