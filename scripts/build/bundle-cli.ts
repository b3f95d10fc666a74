// Builds the shipped command line as one CommonJS script, dist/cli/zorgid-companion.cjs, with
// the native addons (pcsclite.node, pkcs11.node) copied beside it. The same script is what the
// host executable (scripts/build/sea.ts) embeds. Everything it needs is inlined: the extension
// manifest ids and the managed schema come in as JSON imports (cli/build-info.ts).
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { REPO_ROOT } from '../../testing/lib/paths.js';

export const CLI_DIST = path.join(REPO_ROOT, 'dist', 'cli');
export const CLI_BUNDLE = path.join(CLI_DIST, 'zorgid-companion.cjs');

/** The addons the host loads, by the file name it looks for beside the script / executable. */
export const NATIVE_ADDONS = Object.freeze({
  'pcsclite.node': path.join(REPO_ROOT, 'node_modules', 'pcsclite', 'build', 'Release', 'pcsclite.node'),
  'pkcs11.node': path.join(REPO_ROOT, 'node_modules', 'pkcs11js', 'build', 'Release', 'pkcs11.node'),
});

/**
 * The sources load the addon packages through createRequire(import.meta.url), which a bundler
 * cannot follow. Here they become plain requires, so the packages' JavaScript is bundled; each
 * replacement must match, or the build fails (a silent miss would ship a host without PC/SC).
 */
const REQUIRE_REWRITES: readonly { file: string; from: string; to: string }[] = [
  {
    file: 'native-host/src/token/pkcs11/worker.ts',
    from: "createRequire(import.meta.url)('pkcs11js')",
    to: "require('pkcs11js')",
  },
  {
    file: 'native-host/src/token/pcsc/pcsc-monitor.ts',
    from: "const require = createRequire(import.meta.url);\n  return require('pcsclite')",
    to: "return require('pcsclite')",
  },
];

/**
 * `.node` files are loaded from the folder of the running script or executable: inside a single
 * executable, require() only knows built-in modules, and an addon cannot be embedded anyway.
 */
const ADDON_LOADER = `
const path = require('node:path');
const { isSea } = require('node:sea');
module.exports = function loadAddon(file) {
  const dir = isSea() ? path.dirname(process.execPath) : __dirname;
  const mod = { exports: {} };
  try {
    process.dlopen(mod, path.join(dir, file));
  } catch (error) {
    throw new Error(file + ' ontbreekt of laadt niet naast ' + dir + ': installeer het pakket opnieuw / missing or unloadable beside the host: reinstall the package (' + (error && error.message) + ')');
  }
  return mod.exports;
};
`;

function addonsPlugin(): Plugin {
  return {
    name: 'zorgid-addons',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^zorgid-addon-loader$/ }, () => ({
        path: 'loader',
        namespace: 'addon',
      }));
      pluginBuild.onResolve({ filter: /\.node$/ }, (args) => ({
        path: path.basename(args.path),
        namespace: 'addon',
      }));
      pluginBuild.onResolve({ filter: /^bindings$/ }, () => ({ path: 'bindings', namespace: 'addon' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'addon' }, (args) => {
        if (args.path === 'loader') return { contents: ADDON_LOADER, loader: 'js' };
        if (args.path === 'bindings')
          return {
            contents: `const load = require('zorgid-addon-loader');
module.exports = (name) => load(name.endsWith('.node') ? name : name + '.node');`,
            loader: 'js',
          };
        if (!(args.path in NATIVE_ADDONS)) return { errors: [{ text: `unknown native addon ${args.path}` }] };
        return {
          contents: `module.exports = require('zorgid-addon-loader')(${JSON.stringify(args.path)});`,
          loader: 'js',
        };
      });
      for (const rewrite of REQUIRE_REWRITES) {
        const absolute = path.join(REPO_ROOT, rewrite.file);
        pluginBuild.onLoad({ filter: new RegExp(`${rewrite.file.replace(/[/.]/g, '\\$&')}$`) }, (args) => {
          if (args.path !== absolute) return undefined;
          const source = readFileSync(absolute, 'utf8');
          if (!source.includes(rewrite.from))
            return {
              errors: [
                { text: `${rewrite.file}: '${rewrite.from}' not found; update scripts/build/bundle-cli.ts` },
              ],
            };
          return { contents: source.replace(rewrite.from, rewrite.to), loader: 'ts' };
        });
      }
    },
  };
}

export async function bundleCli(outFile: string = CLI_BUNDLE): Promise<string> {
  rmSync(path.dirname(outFile), { recursive: true, force: true });
  mkdirSync(path.dirname(outFile), { recursive: true });
  await build({
    entryPoints: [path.join(REPO_ROOT, 'cli', 'bundle-entry.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The bundle runs as CommonJS: import.meta.url becomes the script's own URL.
    define: { 'import.meta.url': '__zorgidModuleUrl' },
    banner: { js: "const __zorgidModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [addonsPlugin()],
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const [file, source] of Object.entries(NATIVE_ADDONS))
    copyFileSync(source, path.join(path.dirname(outFile), file));
  return outFile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await bundleCli();
  console.error(`built ${path.relative(REPO_ROOT, CLI_BUNDLE)}`);
}
