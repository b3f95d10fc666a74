// Launches Debian's Firefox ESR with the extension and the host, over WebDriver BiDi (puppeteer-core
// 24): the Firefox counterpart of browser.ts, for the end-to-end tests and the benchmark.
// Facts measured on Firefox ESR 153 (docs/background/test-rig.md, "Firefox"): the host manifest is
// found in $HOME/.mozilla/native-messaging-hosts, so each launch gets its own HOME; extension pages
// live on moz-extension://<uuid>/, and the uuid is fixed through `extensions.webextensions.uuids`
// so tests can open the popup and the diagnostics page.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_EXTENSION_ID } from '../../cli/ids.js';
import { installHost } from '../../cli/install-host.js';
import { firefoxManifest } from '../deploy/release-manifest.js';
import { EXTENSION_DIST, HOST_ENTRY } from '../../testing/lib/paths.js';

export const DEFAULT_FIREFOX = '/usr/bin/firefox-esr';
/** Fixed internal uuid of the extension in the test profiles (any v4 uuid works). */
export const FIREFOX_EXTENSION_UUID = '3b0d7f4e-5a61-4c0e-9f43-6f1d2c8a9e10';
export const FIREFOX_EXTENSION_BASE = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

export interface FirefoxLaunchOptions {
  /** An unpacked Firefox build; default: dist/extension with the Firefox manifest of the package. */
  extensionDir?: string;
  /** false: install nothing (the release tier installs the XPI through policies.json). */
  installExtension?: boolean;
  /** Register the host for this launch's HOME (default true), with this PKCS#11 module. */
  registerHost?: boolean;
  pkcs11Module?: string;
  /** Extra preferences for the profile. */
  prefs?: Record<string, unknown>;
  /** HOME for Firefox and the host it starts; default: a fresh temp folder, removed by close(). */
  home?: string;
  /** Environment variables the host needs (besides HOME); ZORGID_PKCS11_MODULE is never passed. */
  env?: Record<string, string>;
  executablePath?: string;
}

export interface LaunchedFirefox {
  browser: Browser;
  home: string;
  /** moz-extension:// URL of a file of the extension, e.g. `extension/pages/popup/index.html`. */
  extensionUrl(file: string): string;
  close(): Promise<void>;
}

/** dist/extension with the manifest the Firefox package carries, in a temp folder. */
export function firefoxBuild(sourceDir: string = EXTENSION_DIST): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zorgid-firefox-ext-'));
  cpSync(sourceDir, dir, { recursive: true });
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Parameters<typeof firefoxManifest>[0];
  writeFileSync(manifestFile, `${JSON.stringify(firefoxManifest(manifest), null, 2)}\n`);
  return dir;
}

export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<LaunchedFirefox> {
  const ownHome = options.home === undefined;
  const home = options.home ?? mkdtempSync(path.join(tmpdir(), 'zorgid-firefox-home-'));
  const cleanup: string[] = ownHome ? [home] : [];
  if (options.registerHost !== false) {
    installHost({
      browsers: ['firefox'],
      scope: 'user',
      platform: 'linux',
      homeDir: home,
      hostEntry: HOST_ENTRY,
      ...(options.env ? { launcherEnv: options.env } : {}),
      ...(options.pkcs11Module ? { pkcs11Module: options.pkcs11Module } : {}),
    });
  }
  const env: Record<string, string | undefined> = { ...process.env, HOME: home };
  // The host must find its module the way an installed one does (config or policy), not here.
  delete env.ZORGID_PKCS11_MODULE;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: options.executablePath ?? process.env.ZORGID_FIREFOX ?? DEFAULT_FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    env,
    extraPrefsFirefox: {
      'intl.accept_languages': 'nl-NL, nl',
      'intl.locale.requested': 'nl-NL',
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_EXTENSION_ID]: FIREFOX_EXTENSION_UUID }),
      ...(options.prefs ?? {}),
    },
  });
  try {
    if (options.installExtension !== false) {
      const dir = options.extensionDir ?? firefoxBuild();
      if (!options.extensionDir) cleanup.push(dir);
      await browser.installExtension(dir);
    }
  } catch (error) {
    await browser.close().catch(() => undefined);
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    home,
    extensionUrl: (file) => `${FIREFOX_EXTENSION_BASE}/${file}`,
    close: async () => {
      await browser.close().catch(() => undefined);
      for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A page whose document is at a URL containing `part`. Firefox's WebDriver BiDi reports the
 * extension's own windows (moz-extension:) as about:blank targets, so the document is asked.
 */
export async function findPage(
  browser: Browser,
  part: string,
  options: { seen?: Set<Page>; timeoutMs?: number } = {},
): Promise<Page> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    for (const page of await browser.pages()) {
      if (options.seen?.has(page)) continue;
      const href = await Promise.race([
        page.evaluate(() => location.href).catch(() => ''),
        new Promise<string>((resolve) => setTimeout(() => resolve(''), 2_000)),
      ]);
      if (href.includes(part)) {
        options.seen?.add(page);
        return page;
      }
    }
    if (Date.now() > deadline) throw new Error(`no page at *${part}* within the time`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Opens one of the extension's pages in a tab. WebDriver BiDi may not navigate to moz-extension:
 * ("not allowed in this context"), so an extension page already open does it with tabs.create,
 * as the popup's "Diagnose" button does.
 */
export async function openExtensionTab(browser: Browser, from: Page, file: string): Promise<Page> {
  const seen = new Set(await browser.pages());
  await from.evaluate(async (name) => {
    const api = (
      globalThis as unknown as {
        chrome: {
          tabs: { create(o: { url: string }): Promise<unknown> };
          runtime: { getURL(p: string): string };
        };
      }
    ).chrome;
    await api.tabs.create({ url: api.runtime.getURL(name) });
  }, file);
  return findPage(browser, file.split('?')[0]!, { seen });
}

/**
 * Waits for a selector with interval polling: puppeteer's default (requestAnimationFrame) never
 * fires in a headless Firefox tab that is not in front. Says what the page shows when it fails.
 */
export async function waitForSelectorPolling(
  page: Page,
  selector: string,
  timeoutMs = 60_000,
): Promise<void> {
  await page.bringToFront().catch(() => undefined);
  try {
    await page.waitForFunction(
      (s: string) => document.querySelector(s) !== null,
      { timeout: timeoutMs, polling: 200 },
      selector,
    );
  } catch (error) {
    const shown = await page
      .evaluate(() => `${location.href}: ${(document.body?.innerText ?? '').slice(0, 400)}`)
      .catch(() => 'page gone');
    throw new Error(`${selector} did not appear (${shown}): ${String(error)}`);
  }
}
