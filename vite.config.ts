import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vitest/config';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { build, type Plugin } from 'vite';
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

/** Where the content script is written, from the extension root. */
const CONTENT_SCRIPT_FILE = 'content/main.js';

/**
 * The content script as one classic script, built apart from crxjs. crxjs would load it through a small
 * loader that imports its chunks, so those chunks had to be web accessible on every matched page (any
 * formdesk tenant could fetch chrome-extension://<id>/assets/… and so learn the extension is installed),
 * and `use_dynamic_url` breaks that loader (it imports through runtime.getURL's static URL; tried: the
 * content script no longer starts). A self-contained IIFE needs no web-accessible resource at all: the
 * built manifest gets none. The content script imports nothing dynamically; a `import(` would fail here.
 */
function contentScriptBundle(options: { define: Record<string, string>; sourcemap: boolean }): Plugin {
  return {
    name: 'zorgid-content-script',
    enforce: 'post',
    // crxjs writes manifest.json after the bundle is generated: build beside it and rewrite the written file.
    async writeBundle(output) {
      const outDir = output.dir ?? 'dist/extension';
      const file = `${outDir}/manifest.json`;
      if (!existsSync(file)) return;
      await build({
        configFile: false,
        logLevel: 'warn',
        define: { ...options.define, 'process.env.NODE_ENV': JSON.stringify('production') },
        build: {
          outDir,
          emptyOutDir: false,
          sourcemap: options.sourcemap,
          target: 'es2022',
          copyPublicDir: false,
          lib: {
            entry: CONTENT_SCRIPT_ENTRY,
            formats: ['iife'],
            name: 'zorgidContent',
            fileName: () => CONTENT_SCRIPT_FILE,
          },
        },
      });
      const built = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      built.content_scripts = CONTENT_SCRIPTS.map((entry) => ({ ...entry, js: [CONTENT_SCRIPT_FILE] }));
      // Nothing in the extension is for pages to load: the page API is served by the portal itself.
      delete built.web_accessible_resources;
      writeFileSync(file, JSON.stringify(built, null, 2));
    },
  };
}

// A release build (ZORGID_BUILD=release) refuses the sandbox origins unless browser policy
// allows them; development and test builds allow them so `npm start` and the tests work.
const release = process.env.ZORGID_BUILD === 'release';
const define = {
  __ZORGID_SANDBOX_DEFAULT__: JSON.stringify(!release),
  __ZORGID_VERSION__: JSON.stringify(manifest.version),
};

// crxjs gets the manifest without content scripts (it would add its loader and web-accessible chunks);
// contentScriptBundle() builds the script and puts the entries back into the written manifest.
const { content_scripts: CONTENT_SCRIPTS, ...crxManifest } = manifest;
const CONTENT_SCRIPT_ENTRY = CONTENT_SCRIPTS[0]!.js[0]!;
if (CONTENT_SCRIPTS.some((entry) => entry.js.length !== 1 || entry.js[0] !== CONTENT_SCRIPT_ENTRY))
  throw new Error('manifest.json: the build expects one content script entry file');

export default defineConfig({
  define,
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
    crx({ manifest: crxManifest }),
    copyManagedSchema(),
    contentScriptBundle({ define, sourcemap: !release }),
    buildInfo(release ? 'release' : 'development'),
  ],
});
