import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

/** crxjs copies only what the manifest's scripts and pages import; the policy schema is data. */
function copyManagedSchema(): Plugin {
  return {
    name: 'zorgid-managed-schema',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: manifest.storage.managed_schema,
        source: readFileSync(manifest.storage.managed_schema, 'utf8'),
      });
    },
  };
}

/** Tells the packager which kind of build this is: it refuses to package anything but a release. */
function buildInfo(build: 'release' | 'development'): Plugin {
  return {
    name: 'zorgid-build-info',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'build-info.json',
        source: `${JSON.stringify({ build, version: manifest.version })}\n`,
      });
    },
  };
}

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
    // Extension pages that no manifest field references (crxjs builds only those it sees).
    rolldownOptions: {
      input: {
        consent: 'extension/pages/consent/index.html',
        diagnostics: 'extension/pages/diagnostics/index.html',
      },
    },
  },
  plugins: [crx({ manifest }), copyManagedSchema(), buildInfo(release ? 'release' : 'development')],
});
