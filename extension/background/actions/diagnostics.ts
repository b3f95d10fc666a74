// Diagnostics from the service worker: asks the host what it sees (status, and with a UZI-pas
// readCard and pinStatus), adds what only the browser knows (browser, settings, page origin,
// guide progress, event log), turns it into checks (shared/diagnostics) and shows the health on
// the toolbar icon. Only the extension's own pages may ask: a content script shares our
// extension id, so the sender's URL decides.
import { CompanionError, type WireError } from '../../../shared/errors.js';
import { isOriginAllowed } from '../../../shared/origins.js';
import type { HostStatus } from '../../../shared/protocol/host.js';
import type { WorkerReply } from '../../../shared/protocol/runtime.js';
import { browserFromUserAgent, MINIMUM_BROWSER_MAJOR } from '../../../shared/diagnostics/browser-info.js';
import type { HelpdeskInfo } from '../../../shared/diagnostics/report.js';
import { diagnose } from '../../../shared/diagnostics/run.js';
import type {
  DiagnosticsInput,
  DiagnosticsResult,
  GuideInfo,
  Health,
  HostProbe,
  Outcome,
} from '../../../shared/diagnostics/types.js';
import { STEP_COUNT } from '../../../shared/steps/step-map.js';
import { validateProgress, type Progress } from '../../../shared/steps/progress.js';
import { isPlainObject } from '../../../shared/validate.js';
import { WORKER_TIMEOUTS } from '../config.js';
import type { CardQueue } from '../services/card-queue.js';
import { recentEvents, recordEvent, type LoggedEvent } from '../services/event-log.js';
import type { NativeHost } from '../services/native-host.js';
import { loadSettings, type EffectiveSettings } from '../services/settings.js';

export const DIAGNOSTICS_RUN = 'diagnostics-run';
/** Extension pages that may run diagnostics (diagnostics page, popup). */
export const DIAGNOSTICS_PAGES_PATH = 'extension/pages/';

export interface DiagnosticsRunRequest {
  type: typeof DIAGNOSTICS_RUN;
  /** The web page the user came from (popup → diagnostics page), to check whether it may use the card. */
  origin?: string;
  /** Toolbar popup and badge: no PIN state, no page, no guide or events. */
  quick?: boolean;
}

export interface DiagnosticsReply extends DiagnosticsResult {
  extensionVersion: string;
  hostVersion?: string;
  language: 'nl' | 'en' | 'auto';
  /** Where "Gids tonen" opens the portal. */
  defaultEnvironment: 'productie' | 'acceptatie';
  helpdesk?: HelpdeskInfo;
}

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

async function probeHost(deps: DiagnosticsDeps, quick: boolean) {
  const host: HostProbe = {};
  let card: DiagnosticsInput['card'];
  let pin: DiagnosticsInput['pin'];
  try {
    const hello = await deps.host.connect();
    host.hello = { version: hello.version, protocol: hello.protocol };
    const status: HostStatus = await deps.host.request('status', {}, WORKER_TIMEOUTS.statusTimeoutMs);
    host.status = status;
    const reader = status.readers.find((candidate) => candidate.cardPresent);
    if (reader?.cardKind === 'uzi-pas') {
      // The host caches readCard per card, so the badge's quick runs do not wear the card.
      card = await outcome(() =>
        deps.queue.run(() => deps.host.request('readCard', { reader: reader.name })),
      );
      if (!quick && 'result' in card) {
        pin = await outcome(() =>
          deps.queue.run(() => deps.host.request('pinStatus', { reader: reader.name })),
        );
      }
    }
  } catch (error) {
    host.error = wireOf(error);
  }
  return { host, card, pin };
}

export async function runDiagnostics(
  deps: DiagnosticsDeps,
  request: { origin?: string; quick?: boolean } = {},
): Promise<DiagnosticsReply> {
  const quick = request.quick ?? false;
  const effective = await (deps.settings ?? (() => loadSettings()))();
  const probe = await probeHost(deps, quick);
  const input: DiagnosticsInput = {
    context: 'browser',
    now: (deps.now ?? (() => new Date()))(),
    browser: browserInfo(),
    extension: {
      version: chrome.runtime.getManifest().version,
      enforced: effective.enforced,
      problems: effective.problems,
    },
    host: probe.host,
    ...(probe.card ? { card: probe.card } : {}),
    ...(probe.pin ? { pin: probe.pin } : {}),
  };
  if (!quick) {
    if (request.origin) {
      input.origin = { origin: request.origin, allowed: isOriginAllowed(request.origin, effective.settings) };
    }
    const guide = await guideProgress((deps.progressArea ?? (() => chrome.storage.local))());
    if (guide) input.guide = guide;
    input.events = await (deps.events ?? recentEvents)().catch(() => []);
  }
  const result = diagnose(input);
  await showHealth(result.overall);
  if (!quick) recordEvent('worker', { event: 'diagnostics', overall: result.overall });
  return {
    ...result,
    extensionVersion: chrome.runtime.getManifest().version,
    ...(probe.host.hello ? { hostVersion: probe.host.hello.version } : {}),
    language: effective.settings.language,
    defaultEnvironment: effective.settings.defaultEnvironment,
    ...(effective.settings.helpdesk ? { helpdesk: effective.settings.helpdesk } : {}),
  };
}

/** The toolbar icon: '!' red for a failure, '?' amber for a warning, nothing when all is well. */
export async function showHealth(health: Health): Promise<void> {
  const badge = BADGE[health];
  try {
    await chrome.action.setBadgeText({ text: badge.text });
    await chrome.action.setBadgeBackgroundColor({ color: badge.color });
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

/** chrome.runtime.onMessage listener for DIAGNOSTICS_RUN; ignores every other message. */
export function diagnosticsMessageHandler(deps: DiagnosticsDeps) {
  return (
    message: unknown,
    sender: chrome.runtime.MessageSender,
    sendResponse: (reply: WorkerReply<DiagnosticsReply>) => void,
  ): boolean => {
    if (!isPlainObject(message) || message.type !== DIAGNOSTICS_RUN || !isExtensionPage(sender)) return false;
    const request = {
      ...(isOriginText(message.origin) ? { origin: message.origin } : {}),
      quick: message.quick === true,
    };
    runDiagnostics(deps, request).then(
      (result) => sendResponse({ ok: true, result }),
      (error: unknown) => sendResponse({ ok: false, error: wireOf(error) }),
    );
    return true;
  };
}

/** One line in the service worker: the message handler, and the badge following host events. */
export function registerDiagnostics(deps: DiagnosticsDeps): void {
  chrome.runtime.onMessage.addListener(diagnosticsMessageHandler(deps));
  let timer: ReturnType<typeof setTimeout> | undefined;
  deps.host.onEvent(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void runDiagnostics(deps, { quick: true }).catch(() => undefined);
    }, BADGE_DEBOUNCE_MS);
  });
}
