// Debian's Chromium deployed the way an IT department does it, with nothing loaded by hand:
// - the release packages of the tier's set-up (test/release/setup.ts), the .deb installed here with
//   apt-get: the host comes from the package's system manifest in /etc/chromium/...;
// - the policy file that the INSTALLED `zorgid-companion policy chrome --os linux` writes, placed in
//   /etc/chromium/policies/managed/: force-installs the CRX from updates.xml served on 127.0.0.1 and
//   carries the managed settings (3rdparty): sandbox on, helpdesk, the PKCS#11 module of the rig.
// The release CRX has no sandbox match in its content scripts: the extension registers them at run
// time because policy allows the sandbox (extension/background/services/sandbox-scripts.ts).
// ⚠ Changes the machine while it runs (the package, policy files); removed in afterAll, always.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PACKAGE_LAYOUT } from '../../cli/host-locations.js';
import { HOST_NAME, PRODUCT_VERSION } from '../../cli/ids.js';
import type { PackageResult } from '../../scripts/deploy/package.js';
import { DEFAULT_CHROMIUM, preferLanguage } from '../../testing/lib/browser.js';
import { OPENSC_PKCS11_MODULE } from '../../testing/lib/paths.js';
import { readyServiceWorker } from '../../testing/lib/service-worker.js';
import { cardControl } from '../helpers/card-control.js';
import { nextConsentWindow } from '../helpers/browser-session.js';
import {
  RELEASE_HELPDESK as HELPDESK,
  cardStatusFollowsCard,
  diagnosticsShowPolicy,
  guideAppears,
  loginVerified,
} from '../helpers/user-checks.js';
import { debInstalled, installReleaseDeb, purgeReleaseDeb } from './setup.js';

/**
 * What made the force install work here (Chromium 156): the update manifest names the CRX's
 * `hash_sha256` (over plain http Chromium downloads the CRX, then installs it only with the hash), and the
 * test sees a policy-installed extension's worker only with DeveloperToolsAvailability = 1.
 */
const release = inject('release');
const ENABLED = release.enabled;
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = path.join(POLICY_DIR, 'zorgid-companion.json');
/**
 * Test-only, beside the administrator's file: Chromium hides the DevTools targets of an extension that
 * policy installed (DeveloperToolsAvailability unset = not on policy-installed extensions), and this
 * test watches the worker through DevTools. 1 = allowed everywhere. Removed with everything else.
 */
const DEVTOOLS_POLICY_FILE = path.join(POLICY_DIR, 'zorgid-companion-test-devtools.json');
const HOST_MANIFEST = `/etc/chromium/native-messaging-hosts/${HOST_NAME}.json`;

const tmp = path.join(release.tmp, 'chromium');
const card = cardControl();
const createdDirs: string[] = [];
let packages: PackageResult;
let server: Server | undefined;
let browser: Browser | undefined;
const served: string[] = [];

function removeEverything(): void {
  purgeReleaseDeb();
  rmSync(POLICY_FILE, { force: true });
  rmSync(DEVTOOLS_POLICY_FILE, { force: true });
  for (const dir of [...createdDirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty: something else lives there now; leave it.
    }
  }
}

/** Chromium's update protocol (gupdate): one app, one version, the CRX beside it. */
async function serveUpdates(crxId: string, crx: Buffer): Promise<string> {
  let base = '';
  // Over plain http Chromium installs a downloaded CRX only when the manifest names its hash.
  const hash = createHash('sha256').update(crx).digest('hex');
  server = createServer((request, response) => {
    served.push(request.url ?? '?');
    if (request.url?.startsWith('/updates.xml')) {
      response
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          `<?xml version='1.0' encoding='UTF-8'?>\n<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>\n` +
            `  <app appid='${crxId}'>\n    <updatecheck codebase='${base}/zorgid-companion.crx' version='${PRODUCT_VERSION}' hash_sha256='${hash}' />\n  </app>\n</gupdate>\n`,
        );
      return;
    }
    if (request.url === '/zorgid-companion.crx') {
      response.writeHead(200, { 'content-type': 'application/x-chrome-extension' }).end(crx);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return `${base}/updates.xml`;
}

/** What the administrator runs: the installed command, not the checkout. */
function generatedPolicy(updateUrl: string, settings: Record<string, unknown>): string {
  const settingsFile = path.join(tmp, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify(settings));
  const out = path.join(tmp, 'policy');
  const run = spawnSync(
    PACKAGE_LAYOUT.linux.commandLink!,
    [
      'policy',
      'chrome',
      '--os',
      'linux',
      '--update-url',
      updateUrl,
      '--settings',
      settingsFile,
      '--out',
      out,
    ],
    { encoding: 'utf8', cwd: tmp },
  );
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(path.join(out, 'etc/chromium/policies/managed/zorgid-companion.json'), 'utf8');
}

beforeAll(async () => {
  if (!ENABLED) return;
  packages = release.packages!;
  mkdirSync(tmp, { recursive: true });
  expect(existsSync(POLICY_FILE), `${POLICY_FILE} exists already: this test would replace it`).toBe(false);
  try {
    installReleaseDeb(packages.deb);
    const updateUrl = await serveUpdates(packages.crxId, readFileSync(packages.crx));
    const policy = generatedPolicy(updateUrl, {
      sandboxAllowed: true,
      helpdesk: HELPDESK,
      pkcs11Modules: { linux: [OPENSC_PKCS11_MODULE] },
    });
    for (let dir = POLICY_DIR; !existsSync(dir); dir = path.dirname(dir)) createdDirs.unshift(dir);
    mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(POLICY_FILE, policy);
    writeFileSync(DEVTOOLS_POLICY_FILE, JSON.stringify({ DeveloperToolsAvailability: 1 }));
    await card.insert(0, 'zorgverlener');
    const userDataDir = path.join(tmp, 'profile');
    preferLanguage(userDataDir, 'nl-NL');
    browser = await puppeteer.launch({
      executablePath: process.env.ZORGID_CHROMIUM ?? DEFAULT_CHROMIUM,
      headless: true,
      userDataDir,
      pipe: true,
      // Puppeteer's defaults would turn off what a force install needs: extensions at all
      // (--disable-extensions) and the extension downloader's requests (background networking).
      enableExtensions: true,
      ignoreDefaultArgs: [
        '--disable-background-networking',
        '--disable-component-extensions-with-background-pages',
      ],
      env: { ...process.env, LANGUAGE: 'nl-NL' },
      dumpio: process.env.ZORGID_DEBUG_CHROMIUM === '1',
      args: [
        '--no-sandbox',
        '--no-first-run',
        '--disable-gpu',
        '--disable-sync',
        '--lang=nl-NL',
        ...(process.env.ZORGID_DEBUG_CHROMIUM === '1' ? ['--enable-logging=stderr', '--v=1'] : []),
      ],
    });
    // The force install: Chromium fetches updates.xml, then the CRX, and starts the worker. The worker
    // may already have started and stopped again (idle) before we look: wake it as a user's click would.
    const opened = browser;
    const worker = await readyServiceWorker(opened, packages.crxId, 120_000).catch(async (error: unknown) => {
      // Say what Chromium made of the policy: chrome://policy lists each value with its status.
      const page = await opened.newPage();
      await page.goto('chrome://policy');
      const shown = await page.evaluate(() => document.body.innerText.slice(0, 2000));
      const requests = served.join(', ') || 'none';
      const targets = opened.targets().map((target) => `${target.type()} ${target.url()}`);
      throw new Error(
        `not force-installed (${String(error)}); requests served: ${requests}; targets: ${targets.join(', ')}; chrome://policy: ${shown}`,
      );
    });
    // Release builds reach the sandbox origins only through scripts the worker registers once it has
    // read the managed policy (sandboxAllowed): a page opened before that has no content script.
    for (let registered = 0, tries = 0; registered === 0; tries++) {
      if (tries > 300) throw new Error('the worker registered no sandbox content script within 30 s');
      registered = await worker.evaluate(async () => {
        const api = (
          globalThis as unknown as {
            chrome: { scripting: { getRegisteredContentScripts(): Promise<unknown[]> } };
          }
        ).chrome.scripting;
        return (await api.getRegisteredContentScripts()).length;
      });
      if (registered === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    removeEverything();
    throw error;
  }
});

afterAll(async () => {
  if (!ENABLED) return;
  await browser?.close();
  removeEverything();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await card.insert(0, 'zorgverlener');
  // Nothing of this file remains on the machine.
  expect(debInstalled()).toBe(false);
  expect(existsSync(POLICY_FILE)).toBe(false);
  expect(existsSync(DEVTOOLS_POLICY_FILE)).toBe(false);
});

describe.runIf(ENABLED)('Chromium: CRX force-installed by policy, host from the .deb', () => {
  it('the policy and host manifest the product wrote name the id of the CRX it signed', () => {
    const policy = JSON.parse(readFileSync(POLICY_FILE, 'utf8')) as {
      ExtensionInstallForcelist: string[];
      '3rdparty': { extensions: Record<string, unknown> };
    };
    expect(policy.ExtensionInstallForcelist[0]).toMatch(
      new RegExp(`^${packages.crxId};http://127\\.0\\.0\\.1:`),
    );
    expect(Object.keys(policy['3rdparty'].extensions)).toEqual([packages.crxId]);
    const host = JSON.parse(readFileSync(HOST_MANIFEST, 'utf8')) as {
      allowed_origins: string[];
      path: string;
    };
    expect(host.allowed_origins).toEqual([`chrome-extension://${packages.crxId}/`]);
    expect(host.path).toBe(path.join(PACKAGE_LAYOUT.linux.installDir, PACKAGE_LAYOUT.linux.executable));
  });

  it('card status shows the UZI-pas and follows removal and insertion', async () => {
    await cardStatusFollowsCard(browser!, card);
  });

  it('the guide appears on the sandbox portal', async () => {
    await guideAppears(browser!);
  });

  it('logs in with the PIN in the consent window; the verifier accepts the token', async () => {
    const consentUrl = await loginVerified(browser!, () => nextConsentWindow(browser!, new Set()));
    expect(consentUrl).toContain(`chrome-extension://${packages.crxId}/`);
  });

  it('the diagnostics page shows the policy values and that they come from policy', async () => {
    const page: Page = await browser!.newPage();
    await page.goto(`chrome-extension://${packages.crxId}/extension/pages/diagnostics/index.html`);
    await page.waitForSelector('[data-overall]', { timeout: 60_000 });
    await diagnosticsShowPolicy(page, {
      sandboxAllowed: 'policy',
      helpdesk: 'policy',
      pkcs11Modules: 'policy',
      logLevel: 'default',
    });
    await page.close();
  });
});
