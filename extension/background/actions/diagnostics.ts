// Diagnostics from the service worker: asks the host what it sees (status, and with a UZI-pas
// readCard and pinStatus), adds what only the browser knows (browser, settings, page origin,
// guide progress, event log), turns it into checks (shared/diagnostics) and shows the health on
// the toolbar icon. Only the extension's own pages may ask: a content script shares our
// extension id, so the sender's URL decides.
import { CompanionError, type WireError } from '../../../shared/errors.js';
import { isOriginAllowed, PORTAL_ORIGINS, SANDBOX_ORIGINS } from '../../../shared/origins.js';
import type { HostStatus } from '../../../shared/protocol/host.js';
import type { WorkerReply } from '../../../shared/protocol/runtime.js';
import {
  DIAGNOSTICS_RUN,
  type DiagnosticsReply,
  type SettingWithSource,
} from '../../../shared/protocol/diagnostics.js';
import { browserFromUserAgent, MINIMUM_BROWSER_MAJOR } from '../../../shared/diagnostics/browser-info.js';
import { diagnose } from '../../../shared/diagnostics/run.js';
import type {
  DiagnosticsInput,
  GuideInfo,
  Health,
  HostProbe,
  OriginInfo,
  Outcome,
} from '../../../shared/diagnostics/types.js';
import { STEP_COUNT } from '../../../shared/steps/step-map.js';
import { validateProgress, type Progress } from '../../../shared/steps/progress.js';
import { isPlainObject } from '../../../shared/validate.js';
import { WORKER_TIMEOUTS } from '../config.js';
import type { CardQueue } from '../services/card-queue.js';
import { recentEvents, recordEvent, type LoggedEvent } from '../services/event-log.js';
import type { RuntimeRegistry } from '../services/message-registry.js';
import type { NativeHost } from '../services/native-host.js';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  SETTING_KEYS,
  type EffectiveSettings,
} from '../services/settings.js';

/** Extension pages that may run diagnostics (diagnostics page, popup). */
export const DIAGNOSTICS_PAGES_PATH = 'extension/pages/';

export interface DiagnosticsDeps {
  host: NativeHost;
  queue: CardQueue;
  settings?: () => Promise<EffectiveSettings>;
  events?: () => Promise<LoggedEvent[]>;
  /** Where the guide keeps its progress (chrome.storage.local). */
  progressArea?: () => chrome.storage.StorageArea;
  now?: () => Date;
}

export const BADGE: Readonly<Record<Health, { text: string; color: string }>> = {
  fail: { text: '!', color: '#d52b1e' },
  warn: { text: '?', color: '#e17000' },
  pass: { text: '', color: '#39870c' },
};
/** Host events come in bursts (reader + card); one badge update per burst. */
const BADGE_DEBOUNCE_MS = 400;

function wireOf(error: unknown): WireError {
  return error instanceof CompanionError
    ? error.toWire()
    : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

async function outcome<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { result: await run() };
  } catch (error) {
    return { error: wireOf(error) };
  }
}

/** The most recently updated valid guide progress in storage, whatever its key. */
async function guideProgress(area: chrome.storage.StorageArea): Promise<GuideInfo | undefined> {
  let latest: Progress | undefined;
  try {
    const items = await area.get(null);
    for (const value of Object.values(items)) {
      const checked = validateProgress(value);
      if (checked.ok && (!latest || checked.progress.updatedAt > latest.updatedAt)) latest = checked.progress;
    }
  } catch {
    return undefined;
  }
  if (!latest) return undefined;
  return {
    environment: latest.environment,
    ...(latest.current ? { current: latest.current } : {}),
    done: Object.values(latest.steps).filter((step) => step?.status === 'done').length,
    total: STEP_COUNT,
    updatedAt: latest.updatedAt,
  };
}

function browserInfo() {
  const agent = navigator as Navigator & {
    userAgentData?: { brands?: { brand: string; version: string }[] };
  };
  const minimum = Number.parseInt(chrome.runtime.getManifest().minimum_chrome_version ?? '', 10);
  return browserFromUserAgent(agent.userAgent, agent.userAgentData?.brands ?? [], {
    ...MINIMUM_BROWSER_MAJOR,
    ...(Number.isFinite(minimum) ? { chromium: minimum } : {}),
  });
}

async function probeHost(deps: DiagnosticsDeps) {
  const host: HostProbe = {};
  let card: DiagnosticsInput['card'];
  let pin: DiagnosticsInput['pin'];
  let revocation: DiagnosticsInput['revocation'];
  try {
    const hello = await deps.host.connect();
    host.hello = { version: hello.version, protocol: hello.protocol };
    const status: HostStatus = await deps.host.request('status', {}, WORKER_TIMEOUTS.statusTimeoutMs);
    host.status = status;
    const reader = status.readers.find((candidate) => candidate.cardPresent);
    if (reader?.cardKind === 'uzi-pas') {
      // The host caches readCard per card, and pinStatus only reads the counter (no try is spent), so
      // the badge's runs do not wear the card: every view runs the same checks.
      card = await outcome(() =>
        deps.queue.run(() => deps.host.request('readCard', { reader: reader.name })),
      );
      if ('result' in card) {
        pin = await outcome(() =>
          deps.queue.run(() => deps.host.request('pinStatus', { reader: reader.name })),
        );
        // Network only (the card is read from the host's cache): outside the card queue.
        const checked = await outcome(() =>
          deps.host.request('revocation', { reader: reader.name }, WORKER_TIMEOUTS.statusTimeoutMs),
        );
        revocation =
          'result' in checked ? checked.result : { status: 'unknown', reason: checked.error.message };
      }
    }
  } catch (error) {
    host.error = wireOf(error);
  }
  return { host, card, pin, revocation };
}

/** Every setting with its value and source, for the report; unchanged defaults say so. */
function settingsWithSource(effective: EffectiveSettings): SettingWithSource[] {
  return SETTING_KEYS.filter((key) => effective.settings[key] !== undefined).map((key) => {
    const value = effective.settings[key];
    const source: 'policy' | 'local' | 'default' = effective.enforced.includes(key)
      ? 'policy'
      : JSON.stringify(value) === JSON.stringify(DEFAULT_SETTINGS[key])
        ? 'default'
        : 'local';
    return { key, value, source };
  });
}

/** Policy keys that decide which origins may use the card. */
const ORIGIN_POLICY_KEYS = ['allowedOrigins', 'sandboxAllowed'] as const;

export function originInfo(origin: string, effective: EffectiveSettings): OriginInfo {
  const allowed = isOriginAllowed(origin, effective.settings);
  const portal = ([...Object.values(PORTAL_ORIGINS), ...Object.values(SANDBOX_ORIGINS)] as string[]).includes(
    origin,
  );
  const blockedBy = allowed
    ? []
    : ORIGIN_POLICY_KEYS.filter((key) => effective.enforced.includes(key)).map((key) => ({
        key,
        value: effective.settings[key],
      }));
  return { origin, allowed, portal, ...(blockedBy.length > 0 ? { blockedBy } : {}) };
}

/** The tabs whose badge follows a run with their page's origin (told by the popup). */
const TAB_ORIGINS_KEY = 'diagnosticsTabOrigins';

async function tabOrigins(): Promise<Record<string, string>> {
  try {
    const stored = await chrome.storage.session.get<{ [TAB_ORIGINS_KEY]?: Record<string, string> }>(
      TAB_ORIGINS_KEY,
    );
    return stored[TAB_ORIGINS_KEY] ?? {};
  } catch {
    return {};
  }
}

async function rememberTabOrigin(tabId: number, origin: string): Promise<void> {
  try {
    const known = await tabOrigins();
    await chrome.storage.session.set({ [TAB_ORIGINS_KEY]: { ...known, [String(tabId)]: origin } });
  } catch {
    // Without session storage the tab's badge follows only the popup's own runs.
  }
}

export async function runDiagnostics(
  deps: DiagnosticsDeps,
  request: { origin?: string; tabId?: number } = {},
): Promise<DiagnosticsReply> {
  const effective = await (deps.settings ?? (() => loadSettings()))();
  const probe = await probeHost(deps);
  const input: DiagnosticsInput = {
    context: 'browser',
    now: (deps.now ?? (() => new Date()))(),
    browser: browserInfo(),
    extension: {
      version: chrome.runtime.getManifest().version,
      enforced: effective.enforced,
      problems: effective.problems,
      settings: settingsWithSource(effective),
    },
    host: probe.host,
    ...(probe.card ? { card: probe.card } : {}),
    ...(probe.pin ? { pin: probe.pin } : {}),
    ...(probe.revocation ? { revocation: probe.revocation } : {}),
  };
  const guide = await guideProgress((deps.progressArea ?? (() => chrome.storage.local))());
  if (guide) input.guide = guide;
  input.events = await (deps.events ?? recentEvents)().catch(() => []);
  // One probe, one verdict per view: without a page for the toolbar in general, and with each
  // page's origin for the tabs the popup told us about, so the badge and the popup never differ.
  const general = diagnose(input);
  await showHealth(general.overall);
  const tabs = await tabOrigins();
  if (request.tabId !== undefined && request.origin) {
    tabs[String(request.tabId)] = request.origin;
    await rememberTabOrigin(request.tabId, request.origin);
  }
  for (const [tab, origin] of Object.entries(tabs)) {
    const tabId = Number(tab);
    if (!Number.isInteger(tabId)) continue;
    await showHealth(diagnose({ ...input, origin: originInfo(origin, effective) }).overall, tabId);
  }
  const result = request.origin
    ? diagnose({ ...input, origin: originInfo(request.origin, effective) })
    : general;
  recordEvent('worker', {
    event: 'diagnostics',
    overall: result.overall,
    ...(result.problem ? { step: result.problem } : {}),
  });
  return {
    ...result,
    extensionVersion: chrome.runtime.getManifest().version,
    ...(probe.host.hello ? { hostVersion: probe.host.hello.version } : {}),
    language: effective.settings.language,
    defaultEnvironment: effective.settings.defaultEnvironment,
    ...(effective.settings.helpdesk ? { helpdesk: effective.settings.helpdesk } : {}),
    settings: settingsWithSource(effective),
  };
}

/** The toolbar icon: '!' red for a failure, '?' amber for a warning, nothing when all is well. */
export async function showHealth(health: Health, tabId?: number): Promise<void> {
  const badge = BADGE[health];
  const tab = tabId === undefined ? {} : { tabId };
  try {
    await chrome.action.setBadgeText({ text: badge.text, ...tab });
    await chrome.action.setBadgeBackgroundColor({ color: badge.color, ...tab });
  } catch {
    // No action API (e.g. a test context): the badge is a convenience, never a reason to fail.
  }
}

function isExtensionPage(sender: chrome.runtime.MessageSender): boolean {
  return (
    sender.id === chrome.runtime.id &&
    (sender.url ?? '').startsWith(chrome.runtime.getURL(DIAGNOSTICS_PAGES_PATH))
  );
}

function isOriginText(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 512) return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/** The worker's handler for DIAGNOSTICS_RUN (the registry routes only that type here). */
export function diagnosticsMessageHandler(deps: DiagnosticsDeps) {
  return (
    message: unknown,
    sender: chrome.runtime.MessageSender,
    sendResponse: (reply: WorkerReply<DiagnosticsReply>) => void,
  ): boolean => {
    if (!isPlainObject(message) || message.type !== DIAGNOSTICS_RUN || !isExtensionPage(sender)) return false;
    const request = {
      ...(isOriginText(message.origin) ? { origin: message.origin } : {}),
      ...(typeof message.tabId === 'number' && Number.isInteger(message.tabId) && message.tabId >= 0
        ? { tabId: message.tabId }
        : {}),
    };
    runDiagnostics(deps, request).then(
      (result) => sendResponse({ ok: true, result }),
      (error: unknown) => sendResponse({ ok: false, error: wireOf(error) }),
    );
    return true;
  };
}

/** One line in the service worker: the message handler, and the badge following host events. */
export function registerDiagnostics(deps: DiagnosticsDeps, messages: RuntimeRegistry): void {
  messages.on(DIAGNOSTICS_RUN, diagnosticsMessageHandler(deps));
  // A host that cannot start leaves no other trace: the events check must see why.
  deps.host.onConnectFailed((error) => {
    recordEvent('host', { type: 'connect-failed', code: error.code, message: error.message });
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  deps.host.onEvent(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void runDiagnostics(deps).catch(() => undefined);
    }, BADGE_DEBOUNCE_MS);
  });
  chrome.tabs?.onRemoved?.addListener((tabId) => {
    void tabOrigins().then((known) => {
      if (!(String(tabId) in known)) return;
      delete known[String(tabId)];
      return chrome.storage.session.set({ [TAB_ORIGINS_KEY]: known });
    });
  });
}
