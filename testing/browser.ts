// Chromium with the extension loaded and the native host registered for its profile. The
// `browser` is a puppeteer Browser: use it with puppeteer-core as it comes, or with puppeteer
// (pass `executablePath` of an installed Chrome/Chromium; puppeteer's own download works too).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, WebWorker } from 'puppeteer-core';
import type { StorageArea } from './lib/service-worker.js';
import { launchBrowserWithExtension } from './lib/browser.js';
import { OPENSC_PKCS11_MODULE } from '../node-shared/opensc-module.js';

export interface LaunchBrowserOptions {
  /** Default true (no window). With a display, `false` shows the browser. */
  headless?: boolean;
  /** Default: `ZORGID_CHROMIUM`, else /usr/bin/chromium. */
  executablePath?: string;
  /** Default: a fresh temporary profile, so the guide starts without stored progress. */
  userDataDir?: string;
  /** The unpacked extension; default `dist/extension` (run `npm run build` first). */
  extensionDir?: string;
  /** Guide and browser language; default 'nl-NL'. */
  language?: string;
}

export interface KitBrowser {
  browser: Browser;
  userDataDir: string;
  /** The extension's service worker, once it runs (for chrome.* calls in tests). */
  serviceWorker(): Promise<WebWorker>;
  /** One of the extension's storage areas ('local' by default), read without needing the worker. */
  storage(area?: StorageArea): Promise<Record<string, unknown>>;
  /** Closes Chromium (its host processes end with it) and removes the profile folder the kit made. */
  close(): Promise<void>;
  /** `await using kit = await launchBrowser()` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}

export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<KitBrowser> {
  const ownProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'zorgid-kit-profile-'));
  const launched = await launchBrowserWithExtension({
    headless: options.headless ?? true,
    userDataDir,
    ...(options.executablePath ? { executablePath: options.executablePath } : {}),
    ...(options.extensionDir ? { extensionDir: options.extensionDir } : {}),
    ...(options.language ? { language: options.language } : {}),
    // The sandbox's virtual UZI-pas is reached through OpenSC; a real card through SafeSign
    // (then set ZORGID_PKCS11_MODULE yourself).
    hostEnv: { ZORGID_PKCS11_MODULE: process.env.ZORGID_PKCS11_MODULE ?? OPENSC_PKCS11_MODULE },
  });
  await launched.serviceWorker();
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      try {
        await launched.browser.close();
      } finally {
        // A profile passed in is the caller's; the one made here goes with the browser.
        if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
      }
    })());
  return {
    browser: launched.browser,
    userDataDir: launched.userDataDir,
    serviceWorker: () => launched.serviceWorker(),
    storage: (area) => launched.storage(area),
    close,
    [Symbol.asyncDispose]: close,
  };
}
