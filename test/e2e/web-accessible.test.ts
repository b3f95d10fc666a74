// Issue 16: any page where the content script runs (every *.formdesk.com tenant, 127.0.0.1) could fetch
// chrome-extension://<id>/assets/… to learn the extension is installed: crxjs's content-script loader
// needed its chunks web accessible. The content script is now one classic script built apart from crxjs
// (vite.config.ts), so the built manifest exposes nothing. The attack: a matched page fetches every file of
// the build by the extension's fixed id; before the fix the content-script chunks answered.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedBrowser } from '../../testing/lib/browser.js';
import { listFiles } from '../../scripts/deploy/archive.js';
import { launchDutch, openSandboxPage } from '../helpers/browser-session.js';

const EXTENSION_ID = 'gjfjbnnkkppekanfkhdpbgihcjphepfc';
const EXTENSION_DIR = 'dist/extension';

let launched: LaunchedBrowser;
const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
  web_accessible_resources?: unknown[];
  content_scripts: { js: string[] }[];
};

beforeAll(async () => {
  launched = await launchDutch();
});

afterAll(async () => {
  await launched?.browser.close();
  // launchDutch makes a fresh profile folder: leave nothing behind.
  if (launched) rmSync(launched.userDataDir, { recursive: true, force: true });
});

describe('web-accessible resources of the built extension', () => {
  it('none; the content script is one classic script that imports nothing', () => {
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
    const scripts = [...new Set(manifest.content_scripts.flatMap((entry) => entry.js))];
    expect(scripts).toHaveLength(1);
    const source = readFileSync(path.join(EXTENSION_DIR, scripts[0]!), 'utf8');
    // A module (import/export declarations) does not parse as a classic script.
    expect(() => new Script(source, { filename: scripts[0]! })).not.toThrow();
    // A dynamic import or a getURL'd chunk would need a web-accessible file again.
    expect(source).not.toMatch(/\bimport\s*\(/);
    expect(source).not.toMatch(/getURL\(\s*["'`][^"'`]+\.js/);
  });

  it('a matched page cannot fetch any file of the extension; the content script still runs', async () => {
    const page = await openSandboxPage(launched.browser, { cardReadable: false });
    const files = listFiles(EXTENSION_DIR);
    expect(files.length).toBeGreaterThan(5);
    const reachable = await page.evaluate(
      async (urls: string[]) => {
        const results = await Promise.all(
          urls.map((url) =>
            fetch(url).then(
              (r) => r.ok,
              () => false,
            ),
          ),
        );
        return urls.filter((_url, i) => results[i]);
      },
      files.map((file) => `chrome-extension://${EXTENSION_ID}/${file}`),
    );
    expect(reachable).toEqual([]);
    // The bridge answered (openSandboxPage waited for its marker): the content script runs.
    expect(
      await page.evaluate(() => document.documentElement.dataset.zorgidCompanion ?? null),
    ).not.toBeNull();
    await page.close();
  });
});
