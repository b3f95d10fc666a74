// Issue 19: the testers' kit as a QA engineer gets it: `npm pack` of the built project, unpacked
// into an empty folder's node_modules, used from a plain-node script (no tsx, no source files)
// through its one supported import path `zorgid-companion/testing`, against the running sandbox
// (run under scripts/with-sandbox.ts / npm test). Also checks that the package carries what the
// compiled code reads at run time and a `types` entry for every export.
// The package's dependencies come from this checkout's node_modules (linked in): installing them
// from the registry would need the internet for better-sqlite3's and pcsclite's native builds.
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let folder: string;
let installed: string;

interface PackageJson {
  exports: Record<string, string | { types?: string; default?: string }>;
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'zorgid-kit-install-'));
  const { stdout } = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as [{ filename: string }];
  const modules = path.join(folder, 'node_modules');
  installed = path.join(modules, 'zorgid-companion');
  mkdirSync(installed, { recursive: true });
  await run('tar', ['-xzf', path.join(folder, packed.filename), '-C', installed, '--strip-components=1']);
  rmSync(path.join(folder, packed.filename));
  for (const entry of readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
    if (entry.startsWith('.') || entry === 'zorgid-companion') continue;
    symlinkSync(path.join(REPO_ROOT, 'node_modules', entry), path.join(modules, entry));
  }
}, 300_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the kit as installed from the packed package', () => {
  it('carries the files the compiled code reads at run time, and no sources', () => {
    for (const file of [
      'dist/node/sandbox/portal/static/portal.css',
      'dist/node/sandbox/portal/static/portal-page.mjs',
      'dist/node/sandbox/services/nodelay-shim.c',
      'dist/extension/manifest.json',
      'dist/node/native-host/src/host-entry.js',
      'docs/testing.md',
    ])
      expect(existsSync(path.join(installed, file)), file).toBe(true);
    expect(existsSync(path.join(installed, 'testing', 'index.ts'))).toBe(false);
  });

  it('has a types entry, and the file it names, for every export', () => {
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as PackageJson;
    for (const [name, target] of Object.entries(pkg.exports)) {
      if (name === './package.json') continue;
      expect(typeof target, name).toBe('object');
      const entry = target as { types?: string; default?: string };
      expect(existsSync(path.join(installed, entry.types ?? 'missing')), `${name} types`).toBe(true);
      expect(existsSync(path.join(installed, entry.default ?? 'missing')), `${name} code`).toBe(true);
    }
  });

  it('type-checks a TypeScript test that imports it', async () => {
    writeFileSync(
      path.join(folder, 'check.ts'),
      [
        "import { launchBrowser, callPageApi, type KitBrowser } from 'zorgid-companion/testing';",
        "import type { AuthToken } from 'zorgid-companion/page';",
        "import { createVerifier } from 'zorgid-companion/verify';",
        'export const kit: Promise<KitBrowser> = launchBrowser({ headless: true });',
        'export type Token = AuthToken;',
        'export const calls = [callPageApi, createVerifier];',
      ].join('\n'),
    );
    writeFileSync(
      path.join(folder, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['check.ts'],
      }),
    );
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', folder]).catch(
      (error: Error & { stdout?: string }) => ({
        stdout: error.stdout || error.message,
      }),
    );
    expect(result.stdout).toBe('');
  }, 120_000);

  it('runs a plain-node script through it: the installed extension and host read the card', async () => {
    const script = path.join(folder, 'read-card.mjs');
    writeFileSync(
      script,
      `import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { callPageApi, launchBrowser, waitForPageApi } from 'zorgid-companion/testing';

const kit = await launchBrowser();
try {
  const page = await kit.browser.newPage();
  await page.goto('http://127.0.0.1:4410/kaartstatus');
  await waitForPageApi(page);
  const card = await callPageApi(page, 'readCard');
  const hosts = path.join(kit.userDataDir, 'NativeMessagingHosts');
  const manifest = JSON.parse(readFileSync(path.join(hosts, readdirSync(hosts)[0]), 'utf8'));
  console.log(JSON.stringify({ ura: card.identity.ura, launcher: readFileSync(manifest.path, 'utf8'), profile: kit.userDataDir }));
} finally {
  await kit.close();
}
`,
    );
    const { stdout } = await run(process.execPath, [script], { cwd: folder, timeout: 120_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      ura?: string;
      launcher?: string;
      profile?: string;
    };
    expect(result.ura).toMatch(/^\d{8}$/);
    // The host Chromium started is the installed one, not this checkout's.
    expect(result.launcher).toContain(path.join(installed, 'dist', 'node', 'native-host'));
    // close() removed the profile folder the kit made.
    expect(result.profile && existsSync(result.profile)).toBe(false);
  }, 180_000);
});
