// Launches Debian's Chromium with the extension loaded and the host registered in a fresh
// profile: the same wiring for the end-to-end tests, `npm start` and the testers' kit.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type WebWorker } from 'puppeteer-core';
import { extensionId } from './extension-id.js';
import { registerHostForProfile } from './host-manifest.js';
import { EXTENSION_DIST } from './paths.js';
import { readExtensionStorage, readyServiceWorker, type StorageArea } from './service-worker.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export interface LaunchOptions {
  headless?: boolean;
  userDataDir?: string;
  executablePath?: string;
  extensionDir?: string;
  hostEnv?: Record<string, string>;
  args?: string[];
  /** Browser UI language; Dutch by default, like the portal (the guide follows it). */
  language?: string;
  /**
   * Let puppeteer close Chromium and exit the process on Ctrl-C / SIGTERM (default). A caller
   * with its own clean-up (npm start stops pcscd and the card daemon too) sets this to false:
   * puppeteer's handler exits before any other handler runs.
   */
  handleSignals?: boolean;
}

export interface LaunchedBrowser {
  browser: Browser;
  userDataDir: string;
  /** The extension's worker, started again if Chromium stopped it, with its APIs bound. */
  serviceWorker(): Promise<WebWorker>;
  /** One of the extension's storage areas, read from an extension page (no worker needed). */
  storage(area?: StorageArea): Promise<Record<string, unknown>>;
}

/** The host is started by the browser with a minimal environment: pass on what configures it. */
function hostEnvFromProcess(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['ZORGID_PKCS11_MODULE', 'ZORGID_LOG_LEVEL', 'ZORGID_HOST_LOG_FILE']) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  return env;
}

/**
 * Headless Chromium ignores --lang and LANGUAGE (navigator.languages stays en-US), so the guide
 * would speak English. The profile's accept-languages preference is what every mode honours.
 */
export function preferLanguage(userDataDir: string, language: string): void {
  const file = path.join(userDataDir, 'Default', 'Preferences');
  mkdirSync(path.dirname(file), { recursive: true });
  let preferences: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      preferences = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      // An unreadable file is rewritten: Chromium would reset it anyway.
    }
  }
  const base = language.split('-')[0] ?? language;
  const languages = base === language ? language : `${language},${base}`;
  const intl = { ...(preferences.intl as Record<string, unknown> | undefined), accept_languages: languages };
  writeFileSync(file, JSON.stringify({ ...preferences, intl }));
}

export async function launchBrowserWithExtension(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'zorgid-profile-'));
  const extensionDir = options.extensionDir ?? EXTENSION_DIST;
  preferLanguage(userDataDir, options.language ?? 'nl-NL');
  registerHostForProfile(userDataDir, { env: { ...hostEnvFromProcess(), ...(options.hostEnv ?? {}) } });
  const browser = await puppeteer.launch({
    executablePath: options.executablePath ?? process.env.ZORGID_CHROMIUM ?? DEFAULT_CHROMIUM,
    headless: options.headless ?? true,
    userDataDir,
    enableExtensions: [extensionDir],
    pipe: true,
    handleSIGINT: options.handleSignals ?? true,
    handleSIGTERM: options.handleSignals ?? true,
    handleSIGHUP: options.handleSignals ?? true,
    env: { ...process.env, LANGUAGE: options.language ?? 'nl-NL' },
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      '--disable-quic',
      `--lang=${options.language ?? 'nl-NL'}`,
      ...(options.args ?? []),
    ],
  });
  // A build keeps the repository's manifest key; before the first build, the repository's own id.
  const id = extensionId(existsSync(path.join(extensionDir, 'manifest.json')) ? extensionDir : undefined);
  return {
    browser,
    userDataDir,
    serviceWorker: () => readyServiceWorker(browser, id),
    storage: (area) => readExtensionStorage(browser, id, area),
  };
}
