// Firefox ESR deployed the way an IT department does it, with nothing registered by hand:
// - the release XPI of the tier's packages (test/release/setup.ts), force-installed by policies.json as
//   the INSTALLED `zorgid-companion policy firefox --os linux` generates it, placed in
//   /etc/firefox/policies/ (measured on ESR 153: read from there and from
//   /usr/lib/firefox-esr/distribution/, NOT from /etc/firefox-esr/policies/), served on 127.0.0.1, with
//   the managed settings (3rdparty): sandbox on, helpdesk, the PKCS#11 module of the rig;
// - the host only from the installed .deb's system manifest (/usr/lib/mozilla/native-messaging-hosts):
//   nothing in the profile's HOME, and the host finds its module through the policy, not the environment.
// The release XPI has no sandbox match in its content scripts: the extension registers them at run time
// because policy allows the sandbox (extension/background/services/sandbox-scripts.ts).
// Unsigned add-ons are accepted only through ESR's documented preference, set in this test profile
// (an organisation signs the XPI through AMO; docs/deployment.md).
// ⚠ Changes the machine while it runs (the package, a system-wide policies.json); removed in afterAll, always.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { HOST_MANIFEST_DIRS, PACKAGE_LAYOUT } from '../../cli/host-locations.js';
import { GECKO_EXTENSION_ID, HOST_NAME } from '../../cli/ids.js';
import {
  findPage,
  launchFirefox,
  openExtensionTab,
  waitForSelectorPolling,
  type LaunchedFirefox,
} from '../../scripts/lib/firefox.js';
import { OPENSC_PKCS11_MODULE } from '../../testing/lib/paths.js';
import { cardControl } from '../helpers/card-control.js';
import {
  CONSENT_URL_PART,
  ORIGIN,
  openSandboxPage,
  outcomeOf,
  startInPage,
} from '../helpers/browser-session.js';
import {
  RELEASE_HELPDESK as HELPDESK,
  cardStatusFollowsCard,
  diagnosticsShowPolicy,
  guideAppears,
  loginVerified,
} from '../helpers/user-checks.js';
import { debInstalled, installReleaseDeb, purgeReleaseDeb } from './setup.js';

const release = inject('release');
const ENABLED = release.enabled;
const POLICY_DIR = '/etc/firefox/policies';
const POLICY_FILE = path.join(POLICY_DIR, 'policies.json');
const SYSTEM_HOST_MANIFEST = path.join(HOST_MANIFEST_DIRS.linux.firefox.system, `${HOST_NAME}.json`);
const MANAGED = {
  sandboxAllowed: true,
  helpdesk: HELPDESK,
  pkcs11Modules: { linux: [OPENSC_PKCS11_MODULE] },
};

const tmp = path.join(release.tmp, 'firefox');
const card = cardControl();
const createdDirs: string[] = [];
let server: Server | undefined;
let installUrl: string;
let firefox: LaunchedFirefox | undefined;

/** The policies.json the installed command line generates for these settings and this install address. */
function generatedPolicies(settings: Record<string, unknown>): Record<string, unknown> {
  const settingsFile = path.join(tmp, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify(settings));
  const out = path.join(tmp, `policy-${Date.now()}`);
  const run = spawnSync(
    PACKAGE_LAYOUT.linux.commandLink!,
    [
      'policy',
      'firefox',
      '--os',
      'linux',
      '--install-url',
      installUrl,
      '--settings',
      settingsFile,
      '--out',
      out,
    ],
    { encoding: 'utf8', cwd: tmp },
  );
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(readFileSync(path.join(out, 'policies.json'), 'utf8')) as Record<string, unknown>;
}

function placePolicy(policies: unknown): void {
  for (let dir = POLICY_DIR; !existsSync(dir); dir = path.dirname(dir)) createdDirs.unshift(dir);
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(POLICY_FILE, JSON.stringify(policies, null, 2));
}

function removePolicy(): void {
  rmSync(POLICY_FILE, { force: true });
  for (const dir of [...createdDirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty: something else lives there now; leave it.
    }
  }
}

/** Firefox with a fresh HOME: no host registered for the user, so only the system manifest can answer. */
async function startFirefox(): Promise<LaunchedFirefox> {
  await firefox?.close();
  firefox = await launchFirefox({
    installExtension: false,
    registerHost: false,
    prefs: { 'xpinstall.signatures.required': false },
  });
  return firefox;
}

/**
 * The force install and the run-time registration of the sandbox content script take a moment after
 * start: open the portal until the extension's bridge is there (a page opened before has none).
 */
async function untilContentScript(browser: LaunchedFirefox): Promise<void> {
  const page = await browser.browser.newPage();
  let seen: string | null = null;
  for (let tries = 0; tries < 40 && seen === null; tries++) {
    await page.goto(`${ORIGIN}/`);
    // The content script marks the page once the worker's origin check let it in.
    seen = await page
      .waitForFunction(() => document.documentElement.dataset.zorgidCompanion ?? null, {
        timeout: 3_000,
        polling: 100,
      })
      .then((handle) => handle.jsonValue())
      .catch(() => null);
  }
  await page.close();
  if (seen === null) throw new Error('the policy-installed XPI never reached the sandbox portal');
}

/** An extension page to open others from: the PIN window of a login, left open. */
async function extensionPage(browser: LaunchedFirefox): Promise<{ page: Page; consent: Page }> {
  const page = await openSandboxPage(browser.browser);
  await startInPage(page, 'hold', 'authenticate', 'b'.repeat(43));
  const consent = await findPage(browser.browser, CONSENT_URL_PART);
  return { page, consent };
}

/** The diagnostics page, opened from an extension page (the PIN window of a login, then cancelled). */
async function diagnostics(browser: LaunchedFirefox): Promise<Page> {
  const { page: portal, consent } = await extensionPage(browser);
  const page = await openExtensionTab(browser.browser, consent, 'extension/pages/diagnostics/index.html');
  // The pending login holds the card queue: the page's card checks wait behind it until it ends.
  await consent.click('#cancel');
  expect(await outcomeOf(portal, 'hold')).toMatchObject({ ok: false });
  await portal.close();
  await waitForSelectorPolling(page, '[data-overall]');
  return page;
}

const settingSources = (page: Page) =>
  page.$$eval('[data-setting]', (rows) =>
    Object.fromEntries(
      rows.map((row) => [row.getAttribute('data-setting') ?? '', row.getAttribute('data-source') ?? '']),
    ),
  );

beforeAll(async () => {
  if (!ENABLED) return;
  mkdirSync(tmp, { recursive: true });
  expect(existsSync(POLICY_FILE), `${POLICY_FILE} exists already: this test would replace it`).toBe(false);
  installReleaseDeb(release.packages!.deb);
  const xpi = readFileSync(release.packages!.firefoxXpi);
  server = createServer((request, response) => {
    if (request.url !== '/zorgid-companion.xpi') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/x-xpinstall' }).end(xpi);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  installUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zorgid-companion.xpi`;
  await card.insert(0, 'zorgverlener');
});

afterAll(async () => {
  if (!ENABLED) return;
  await firefox?.close();
  removePolicy();
  purgeReleaseDeb();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await card.insert(0, 'zorgverlener');
  expect(existsSync(POLICY_FILE)).toBe(false);
  expect(debInstalled()).toBe(false);
});

describe.runIf(ENABLED)('Firefox ESR: XPI and settings from policies.json, host from the .deb', () => {
  it('the installed package registered the host system-wide for the Firefox add-on id', () => {
    expect(lstatSync(SYSTEM_HOST_MANIFEST).isSymbolicLink()).toBe(true);
    const manifest = JSON.parse(readFileSync(SYSTEM_HOST_MANIFEST, 'utf8')) as {
      name: string;
      path: string;
      allowed_extensions: string[];
    };
    expect(manifest).toMatchObject({
      name: HOST_NAME,
      path: path.join(PACKAGE_LAYOUT.linux.installDir, PACKAGE_LAYOUT.linux.executable),
      allowed_extensions: [GECKO_EXTENSION_ID],
    });
  });

  it('force-installs the XPI; card status shows the UZI-pas and follows removal and insertion', async () => {
    const policies = generatedPolicies(MANAGED);
    const extensionPolicy = (policies.policies as { ExtensionSettings: Record<string, unknown> })
      .ExtensionSettings[GECKO_EXTENSION_ID];
    expect(extensionPolicy).toEqual({ installation_mode: 'force_installed', install_url: installUrl });
    placePolicy(policies);
    const browser = await startFirefox();
    // Nothing registered for this user: the host can only come from the package.
    expect(existsSync(path.join(browser.home, HOST_MANIFEST_DIRS.linux.firefox.user))).toBe(false);
    await untilContentScript(browser);
    await cardStatusFollowsCard(browser.browser, card);
  });

  it('the guide appears on the sandbox portal', async () => {
    await guideAppears(firefox!.browser);
  });

  it('logs in with the PIN in the extension window; the verifier accepts the token', async () => {
    const browser = firefox!;
    const url = await loginVerified(browser.browser, () => findPage(browser.browser, CONSENT_URL_PART));
    expect(url).toMatch(/^moz-extension:\/\//);
  });

  it('diagnostics and popup show the policy values and their source', async () => {
    const browser = firefox!;
    const report = await diagnostics(browser);
    await diagnosticsShowPolicy(report, {
      sandboxAllowed: 'policy',
      helpdesk: 'policy',
      pkcs11Modules: 'policy',
      logLevel: 'default',
    });
    // A fresh popup each round until its card check has run (BiDi does not see a reload complete).
    let cardLine = '';
    for (let round = 0; round < 10 && !/\(Z\)/.test(cardLine); round++) {
      const popup = await openExtensionTab(browser.browser, report, 'extension/pages/popup/index.html');
      await waitForSelectorPolling(popup, '[data-overall]');
      cardLine = await popup.$eval('.card', (element) => element.textContent ?? '');
      await popup.close();
    }
    expect(cardLine).toMatch(/zorgverlenerpas \(Z\)|care provider card \(Z\)/);
    await report.close();
  });

  it('security settings written to storage.local (as a script in an extension page could) change nothing', async () => {
    const browser = firefox!;
    let report = await diagnostics(browser);
    // The attack: settings that would turn the sandbox off, load another PKCS#11 module, allow another
    // origin and name another helpdesk, written where unmanaged settings live.
    await report.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }
      ).chrome.storage.local.set({
        settings: {
          sandboxAllowed: false,
          pkcs11Modules: { linux: ['/tmp/aanvaller.so'] },
          allowedOrigins: ['https://aanvaller.example'],
          helpdesk: { name: 'Iemand anders', phone: '0900 0000' },
        },
      }),
    );
    await report.close();
    report = await diagnostics(browser);
    const shown = await report.$eval('.helpdesk', (e) => e.textContent);
    expect(shown).toContain(HELPDESK.name);
    expect(shown).not.toContain('Iemand anders');
    expect(await settingSources(report)).toMatchObject({
      sandboxAllowed: 'policy',
      helpdesk: 'policy',
      pkcs11Modules: 'policy',
      allowedOrigins: 'default',
    });
    const text = await report.evaluate(() => document.body.innerText);
    expect(text).not.toContain('aanvaller');
    await report.close();
    // The sandbox still works (sandboxAllowed stayed on) and the card is still read with the policy's module.
    await guideAppears(browser.browser);
  });

  it('bad input: a hand-edited policy with a wrong type and an unknown key shows on the diagnostics page', async () => {
    const policies = generatedPolicies(MANAGED) as {
      policies: { '3rdparty': { Extensions: Record<string, Record<string, unknown>> } };
    };
    policies.policies['3rdparty'].Extensions[GECKO_EXTENSION_ID]!.logLevel = 7;
    policies.policies['3rdparty'].Extensions[GECKO_EXTENSION_ID]!.onbekendeSleutel = 1;
    placePolicy(policies);
    const browser = await startFirefox();
    await untilContentScript(browser);
    const report = await diagnostics(browser);
    const extension = await report.$eval('[data-check="extension"]', (e) => ({
      status: e.getAttribute('data-status'),
      text: e.textContent ?? '',
    }));
    expect(extension.status).not.toBe('pass');
    expect(extension.text).toMatch(/policy\.logLevel/);
    await report.close();
  });
});
