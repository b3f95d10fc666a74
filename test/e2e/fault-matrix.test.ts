// The helpdesk's fault matrix: a workstation broken in one realistic way at a time, on the real rig
// (pcscd + vpcd + virtual UZI-pas, OpenSC, the sandbox's OCSP responder and CRL, Chromium with the
// real extension and host), then `doctor --json`, the diagnostics page and the toolbar popup asked.
// Each must give the same verdict and name the same check (doctor names the registration check
// where it can see the registration itself; where a terminal cannot see a fault at all, the row
// says so). The rig is restored after every fault.
// Faults outside the test's own profile are made for real and undone in `finally`: the rig's
// pcscd is stopped (or started without the reader's driver) by the process that owns it, through
// its control socket (sandbox/services/pcscd-control.ts); the policy that blocks the portal is a
// managed policy file in Chromium's machine-wide policy folder (this runs under the sandbox lock).
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { doctorCommand } from '../../cli/doctor.js';
import { CHROMIUM_EXTENSION_ID } from '../../cli/ids.js';
import { controlRigPcscd } from '../../sandbox/services/pcscd-control.js';
import type { LaunchedBrowser } from '../../testing/lib/browser.js';
import { extensionId } from '../../testing/lib/extension-id.js';
import { HOST_ENTRY } from '../../testing/lib/paths.js';
import { hostLauncherScript, hostManifest } from '../../testing/lib/host-manifest.js';
import { insertCard, removeCard, listCards, setPinTries } from '../../sandbox/card/client.js';
import {
  FIXES,
  type CheckId,
  type Health,
  type LocalText,
  type SupportReportJson,
} from '../../shared/diagnostics/index.js';
import type { ErrorCode } from '../../shared/errors.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import { HOST_NAME } from '../../shared/protocol/host.js';
import { hostPids, launchDutch } from '../helpers/browser-session.js';
import { cardSocket } from '../helpers/card-control.js';
import { restoreSandboxCards, sandboxHostEnv, waitUntilPresent } from '../helpers/host-session.js';

const ORIGIN = SANDBOX_ORIGINS.acceptatie;
const EXTENSION_PAGES = `chrome-extension://${extensionId()}/extension/pages`;
const PAGE_TIMEOUT_MS = 90_000;
// Debian's Chromium reads managed policy here (cli/policy/targets.ts names the same folder).
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = path.join(POLICY_DIR, `zorgid-companion-fault-matrix-${process.pid}.json`);
/** The folders a policy fault creates, removed again when empty (nothing left behind). */
const CREATED_POLICY_DIRS = ['/etc/chromium/policies', POLICY_DIR].filter((d) => !existsSync(d));
const POLICY_POLL_MS = 500;
const POLICY_POLLS = 240;

interface Verdict {
  overall: Health;
  /** The check that names the verdict; '' when all is well. */
  check: CheckId | '';
  code?: ErrorCode;
}

interface Fault {
  name: string;
  apply: () => Promise<unknown> | void;
  /** What the page and popup must say. */
  browser: Verdict;
  /** What doctor must say; 'same' = as the browser; a string = why a terminal cannot see it. */
  doctor: Verdict | 'same';
  /** Extra environment for doctor (the terminal's own). */
  doctorEnv?: Record<string, string | undefined>;
  /** The fix doctor must give, where it differs from the code's own. */
  doctorFix?: LocalText;
  /** Undoes a fault that restore() does not cover (pcscd, machine-wide policy); runs in `finally`. */
  undo?: () => Promise<unknown>;
}

let dir: string;
let home: string;
let profileManifest: string;
let doctorManifest: string;
let launcher: string;
let launched: LaunchedBrowser;
let portalTab: Page;
const socket = () => cardSocket();

function writeLauncher(env: Record<string, string>, nodePath?: string): void {
  writeFileSync(launcher, hostLauncherScript(env, HOST_ENTRY, nodePath));
  chmodSync(launcher, 0o755);
}

function writeManifests(manifest: Record<string, unknown> | undefined): void {
  for (const file of [profileManifest, doctorManifest]) {
    if (manifest) writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
    else rmSync(file, { force: true });
  }
}

async function putCard(profile: string | null, atr?: 'UNKNOWN_CARD'): Promise<void> {
  if ((await listCards(socket())).some((card) => card.reader === 0)) await removeCard(socket(), 0);
  if (profile === null) return;
  await insertCard(socket(), { reader: 0, profile, ...(atr ? { atr } : {}) });
  await waitUntilPresent(0);
}

/** The healthy workstation: the sandbox card, the host registered with the sandbox's module. */
async function restore(): Promise<void> {
  writeLauncher(sandboxHostEnv());
  writeManifests(hostManifest(launcher));
  // Always a fresh card: the daemon builds a new applet (full PIN counters, the default UZI ATR).
  await putCard('zorgverlener');
  await restoreSandboxCards();
  restartHost();
  await forgetEvents();
}

/**
 * One fault at a time, as on a workstation the helpdesk looks at: the errors an earlier fault left in
 * the event log (the card status tab's requests, connection failures) would rightly show as "recent
 * errors" in the next case. Since host events reach the worker again after a host restart, they do.
 */
async function forgetEvents(): Promise<void> {
  if (!launched) return;
  const worker = await launched.serviceWorker();
  await worker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { storage: { session: { remove(key: string): Promise<void> } } } }
    ).chrome.storage.session.remove('eventLog'),
  );
}

/**
 * Chromium reads its policy folder at start and when told to: the Reload button on chrome://policy.
 * Then waits until the extension's managed storage shows `sandboxAllowed` as wanted.
 */
async function reloadPolicy(sandboxAllowed: boolean | undefined): Promise<void> {
  const page = await launched.browser.newPage();
  try {
    await page.goto('chrome://policy');
    for (let poll = 0; ; poll++) {
      await page.click('#reload-policies').catch(() => undefined);
      const worker = await launched.serviceWorker();
      const managed = await worker.evaluate(() =>
        (
          globalThis as unknown as {
            chrome: { storage: { managed: { get(keys: null): Promise<Record<string, unknown>> } } };
          }
        ).chrome.storage.managed.get(null),
      );
      if (managed.sandboxAllowed === sandboxAllowed) return;
      if (poll > POLICY_POLLS) {
        throw new Error(`managed policy not applied: sandboxAllowed=${String(managed.sandboxAllowed)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLICY_POLL_MS));
    }
  } finally {
    await page.close();
  }
}

/** Our extension's own policy that keeps the sandbox portals from the card (sandboxAllowed=false). */
async function blockPortalByPolicy(): Promise<void> {
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(
    POLICY_FILE,
    JSON.stringify({ '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: { sandboxAllowed: false } } } }),
  );
  await reloadPolicy(false);
}

async function removePolicy(): Promise<void> {
  const existed = existsSync(POLICY_FILE);
  rmSync(POLICY_FILE, { force: true });
  for (const created of [...CREATED_POLICY_DIRS].reverse()) {
    try {
      rmdirSync(created);
    } catch {
      // not empty (someone else's policy) or already gone
    }
  }
  if (existed && launched) await reloadPolicy(undefined);
}

/** The browser starts a new host (reading manifest and launcher again) at the next request. */
function restartHost(): void {
  for (const pid of hostPids(launched)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function doctorVerdict(env: Record<string, string | undefined> = {}): Promise<SupportReportJson> {
  let stdout = '';
  const merged = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
  await doctorCommand(
    ['--json', '--browser', 'chromium'],
    { stdout: (text) => (stdout += text), stderr: () => undefined },
    { homeDir: home, rootDir: path.join(dir, 'root'), env: merged },
  );
  return JSON.parse(stdout) as SupportReportJson;
}

async function pageVerdict(): Promise<{ overall: string; check: string; code: string; text: string }> {
  const page = await launched.browser.newPage();
  try {
    await page.goto(`${EXTENSION_PAGES}/diagnostics/index.html?origin=${encodeURIComponent(ORIGIN)}`);
    await page.waitForSelector('[data-overall]', { timeout: PAGE_TIMEOUT_MS });
    return await page.$eval('[data-overall]', (element) => {
      const problem = element.getAttribute('data-problem') ?? '';
      const item = document.querySelector(`[data-check="${problem}"]`);
      return {
        overall: element.getAttribute('data-overall') ?? '',
        check: problem,
        code: item?.getAttribute('data-code') ?? '',
        text: item?.textContent ?? '',
      };
    });
  } finally {
    await page.close();
  }
}

/** The real popup, opened by the toolbar action on the portal tab (activeTab gives it the origin). */
async function popupVerdict(): Promise<{ overall: string; check: string; code: string; text: string }> {
  await portalTab.bringToFront();
  const extension = (await launched.browser.extensions()).get(extensionId());
  if (!extension) throw new Error('extension not loaded');
  const opened = launched.browser.waitForTarget((target) => target.url().includes('/pages/popup/'), {
    timeout: PAGE_TIMEOUT_MS,
  });
  await extension.triggerAction(portalTab);
  const target = await opened;
  const popup = await target.asPage();
  try {
    await popup.waitForSelector('[data-overall]', { timeout: PAGE_TIMEOUT_MS });
    return await popup.$eval('[data-overall]', (element) => ({
      overall: element.getAttribute('data-overall') ?? '',
      check: element.getAttribute('data-problem') ?? '',
      code: document.querySelector('.verdict')?.getAttribute('data-code') ?? '',
      text: document.querySelector('.verdict')?.textContent ?? '',
    }));
  } finally {
    await popup.close().catch(() => undefined);
  }
}

const FAULTS: Fault[] = [
  {
    // The rig's own pcscd process stopped (by its owner), started again afterwards.
    name: 'pcscd stopped',
    apply: () => controlRigPcscd({ action: 'stop' }),
    undo: () => controlRigPcscd({ action: 'start' }),
    browser: { overall: 'fail', check: 'pcsc', code: 'PCSC_UNAVAILABLE' },
    doctor: 'same',
  },
  {
    // pcscd runs, but with a reader.conf.d that lacks vpcd's entry: the driver is not there for it.
    name: 'no reader driver',
    apply: () => controlRigPcscd({ action: 'start', mode: 'no-driver' }),
    undo: () => controlRigPcscd({ action: 'start', mode: 'virtual' }),
    browser: { overall: 'fail', check: 'readers', code: 'NO_READER' },
    doctor: 'same',
  },
  {
    name: 'no card in the reader',
    apply: () => putCard(null),
    browser: { overall: 'fail', check: 'card', code: 'NO_CARD' },
    doctor: 'same',
  },
  {
    name: 'a card with an unknown ATR',
    apply: () => putCard('zorgverlener', 'UNKNOWN_CARD'),
    browser: { overall: 'fail', check: 'card', code: 'NOT_A_UZI_CARD' },
    doctor: 'same',
  },
  {
    name: 'PIN blocked',
    apply: () => setPinTries(socket(), 0, { pin: 0 }),
    browser: { overall: 'fail', check: 'pin', code: 'PIN_BLOCKED' },
    doctor: 'same',
  },
  {
    name: 'one PIN try left',
    apply: () => setPinTries(socket(), 0, { pin: 1 }),
    browser: { overall: 'warn', check: 'pin', code: 'PIN_LAST_TRY' },
    doctor: 'same',
  },
  {
    name: 'expired card',
    apply: () => putCard('verlopen'),
    browser: { overall: 'fail', check: 'certificates', code: 'CERTIFICATE_EXPIRED' },
    doctor: 'same',
  },
  {
    name: 'revoked card',
    apply: () => putCard('ingetrokken'),
    browser: { overall: 'fail', check: 'certificates', code: 'CERTIFICATE_REVOKED' },
    doctor: 'same',
  },
  {
    name: 'medewerkerpas niet op naam',
    apply: () => putCard('niet-op-naam'),
    browser: { overall: 'fail', check: 'card', code: 'UNSUPPORTED_CARD' },
    doctor: 'same',
  },
  {
    // Diagnostics cannot know which organisation the portal expects: the card is fine, and the
    // certificates check shows its URA and organisation for the helpdesk to compare.
    name: "another organisation's card",
    apply: () => putCard('andere-organisatie'),
    browser: { overall: 'pass', check: '' },
    doctor: 'same',
  },
  {
    // The browser's host inherits the variable from the browser; a terminal without it cannot see
    // that environment, so doctor names the module check with the fix to set it in policy or
    // config.json (where every start of the host finds it).
    name: "PKCS#11 module set only in the browser's environment",
    apply: () => writeLauncher({ ZORGID_CARD_SOCKET: socket() }),
    browser: { overall: 'pass', check: '' },
    doctor: { overall: 'fail', check: 'pkcs11', code: 'PKCS11_MODULE_NOT_FOUND' },
    doctorEnv: { ZORGID_PKCS11_MODULE: undefined },
    doctorFix: FIXES.pkcs11BrowserOnly,
  },
  {
    name: 'host manifest missing',
    apply: () => writeManifests(undefined),
    browser: { overall: 'fail', check: 'host', code: 'HOST_NOT_INSTALLED' },
    doctor: { overall: 'fail', check: 'host-installation', code: 'HOST_NOT_INSTALLED' },
  },
  {
    name: 'host manifest naming another extension id',
    apply: () => writeManifests(hostManifest(launcher, 'a'.repeat(32))),
    browser: { overall: 'fail', check: 'host', code: 'HOST_FORBIDDEN' },
    doctor: { overall: 'fail', check: 'host-installation', code: 'HOST_FORBIDDEN' },
  },
  {
    name: 'launcher whose node is gone',
    apply: () => writeLauncher(sandboxHostEnv(), path.join(dir, 'gone', 'node')),
    browser: { overall: 'fail', check: 'host', code: 'HOST_EXITED' },
    doctor: 'same',
  },
  {
    name: 'launcher not executable',
    apply: () => chmodSync(launcher, 0o644),
    browser: { overall: 'fail', check: 'host', code: 'HOST_EXITED' },
    doctor: { overall: 'fail', check: 'host-installation', code: 'HOST_EXITED' },
  },
  {
    // A terminal has no page and no browser policy of its own: doctor has no origin check, so it
    // sees a healthy workstation; the page and the popup name the policy that blocks the portal.
    name: 'portal blocked by policy',
    apply: blockPortalByPolicy,
    undo: removePolicy,
    browser: { overall: 'fail', check: 'origin', code: 'ORIGIN_NOT_ALLOWED' },
    doctor: { overall: 'pass', check: '' },
  },
  {
    name: 'PKCS#11 module missing',
    apply: () => writeLauncher({ ...sandboxHostEnv(), ZORGID_PKCS11_MODULE: '/nonexistent/module.so' }),
    browser: { overall: 'fail', check: 'pkcs11', code: 'PKCS11_MODULE_NOT_FOUND' },
    doctor: 'same',
  },
  {
    name: 'a file that is not a PKCS#11 library',
    apply: () => writeLauncher({ ...sandboxHostEnv(), ZORGID_PKCS11_MODULE: '/etc/hostname' }),
    browser: { overall: 'fail', check: 'pkcs11', code: 'PKCS11_MODULE_LOAD_FAILED' },
    doctor: 'same',
  },
];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'zorgid-fault-matrix-'));
  home = path.join(dir, 'home');
  launched = await launchDutch({ userDataDir: path.join(dir, 'profile') });
  profileManifest = path.join(launched.userDataDir, 'NativeMessagingHosts', `${HOST_NAME}.json`);
  launcher = path.join(launched.userDataDir, 'zorgid-companion-host.sh');
  // doctor looks where Chromium looks for a user's hosts: the same manifest and launcher.
  doctorManifest = path.join(home, '.config', 'chromium', 'NativeMessagingHosts', `${HOST_NAME}.json`);
  mkdirSync(path.dirname(doctorManifest), { recursive: true });
  await restore();
  portalTab = await launched.browser.newPage();
  await portalTab.goto(`${ORIGIN}/kaartstatus`);
}, 120_000);

afterAll(async () => {
  // Only when a test failed half-way: nothing machine-wide stays changed.
  await removePolicy().catch(() => undefined);
  await controlRigPcscd({ action: 'start', mode: 'virtual' }).catch(() => undefined);
  await launched?.browser.close();
  rmSync(dir, { recursive: true, force: true });
  await restoreSandboxCards();
});

describe('fault matrix: doctor, the diagnostics page and the popup agree', () => {
  it('the healthy workstation passes in all three', async () => {
    const doctor = await doctorVerdict();
    expect(doctor.checks.filter((item) => item.status !== 'pass' && item.status !== 'skip')).toEqual([]);
    expect((await pageVerdict()).overall).toBe('pass');
    expect((await popupVerdict()).overall).toBe('pass');
    expect(readFileSync(profileManifest, 'utf8')).toContain(launcher);
  }, 240_000);

  for (const fault of FAULTS) {
    it(`${fault.name}: ${fault.browser.overall} at ${fault.browser.check}`, async () => {
      await fault.apply();
      restartHost();
      try {
        const page = await pageVerdict();
        const popup = await popupVerdict();
        const doctor = await doctorVerdict(fault.doctorEnv);
        const expectedDoctor = fault.doctor === 'same' ? fault.browser : fault.doctor;
        const doctorCheck = doctor.checks.find((item) => item.id === doctor.problem);
        console.error(
          `[fault-matrix] ${fault.name}: page ${page.overall}/${page.check}, popup ${popup.overall}/${popup.check}, doctor ${doctor.overall}/${doctor.problem ?? '-'} (${doctorCheck?.code ?? '-'})`,
        );
        expect({ overall: page.overall, check: page.check, code: page.code }, 'page').toEqual({
          overall: fault.browser.overall,
          check: fault.browser.check,
          code: fault.browser.code ?? '',
        });
        expect({ overall: popup.overall, check: popup.check, code: popup.code }, 'popup').toEqual({
          overall: page.overall,
          check: page.check,
          code: page.code,
        });
        expect({ overall: doctor.overall, check: doctor.problem ?? '' }, 'doctor').toEqual({
          overall: expectedDoctor.overall,
          check: expectedDoctor.check,
        });
        if (expectedDoctor.code) expect(doctorCheck?.code, 'doctor code').toBe(expectedDoctor.code);
        if (fault.doctorFix) expect(doctorCheck?.fix, 'doctor fix').toEqual(fault.doctorFix);
        // No view reads the fault as fine, and none shows a stack trace.
        for (const text of [page.text, popup.text, JSON.stringify(doctorCheck ?? {})]) {
          expect(text).not.toMatch(/\n\s+at |Error: /);
        }
      } finally {
        await fault.undo?.();
        await restore();
      }
    }, 300_000);
  }
});
