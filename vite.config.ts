import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vitest/config';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * crxjs loads the content script through a small loader that imports its chunks, so those chunks must be
 * web accessible on the matched pages (any page there can probe chrome-extension://<id>/assets/… and so
 * learn the extension is installed). At least the source maps are not exposed. `use_dynamic_url` would
 * hide the fixed id, but the loader imports through runtime.getURL's static URL, which Chromium then
 * refuses (tried: the content script no longer starts); a single-file content script is the real fix.
 */
function hardenWebAccessibleResources(): Plugin {
  return {
    name: 'zorgid-web-accessible-resources',
    enforce: 'post',
    // crxjs writes manifest.json after the bundle is generated: rewrite the written file.
    writeBundle(options) {
      const file = `${options.dir ?? 'dist/extension'}/manifest.json`;
      if (!existsSync(file)) return;
      const built = JSON.parse(readFileSync(file, 'utf8')) as {
        web_accessible_resources?: { resources: string[]; matches: string[]; use_dynamic_url?: boolean }[];
      };
      built.web_accessible_resources = (built.web_accessible_resources ?? [])
        .map((entry) => ({
          ...entry,
          resources: entry.resources.filter((resource) => !resource.endsWith('.map')),
        }))
        .filter((entry) => entry.resources.length > 0);
      writeFileSync(file, JSON.stringify(built, null, 2));
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
  plugins: [
    crx({ manifest }),
    copyManagedSchema(),
    hardenWebAccessibleResources(),
    buildInfo(release ? 'release' : 'development'),
  ],
});
