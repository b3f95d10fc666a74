// The extension's service worker as automation needs it: running, and with the extension APIs
// bound. Two races made a plain waitForTarget flaky on slower machines (measured here):
//  - a worker target appears a few milliseconds before `chrome` exists in it, so an early
//    evaluate fails with "chrome is not defined";
//  - after the worker stops (idle, or stopped on purpose), its target lingers about 200 ms and
//    evaluating there fails with "Target closed"; after that there is no target until an
//    extension event starts the worker again. Puppeteer can also keep the target of a stopped
//    worker for good (puppeteer#14864), so waking does not wait for the target to go.
// Reading storage does not need the worker at all: `readExtensionStorage` uses an extension page.
import { TargetType, type Browser, type Page, type Target, type WebWorker } from 'puppeteer-core';

/** What the evaluated functions touch of the extension APIs (this file is typed for Node). */
interface ExtensionScope {
  chrome?: {
    runtime?: { sendMessage(message: unknown): Promise<unknown> };
    storage?: Partial<Record<'local' | 'session' | 'sync', { get(keys: null): Promise<unknown> }>>;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Without a worker for this long, send it an event so that Chromium starts it. */
const WAKE_AFTER_MS = 1_000;
const WAKE_EVERY_MS = 2_000;

function isExtensionWorker(target: Target, extensionId: string): boolean {
  return (
    target.type() === TargetType.SERVICE_WORKER &&
    target.url().startsWith(`chrome-extension://${extensionId}/`)
  );
}

/** Runs `action` on a tab showing one of the extension's own files, then closes the tab. */
async function onExtensionPage<T>(
  browser: Browser,
  extensionId: string,
  action: (page: Page) => Promise<T>,
): Promise<T> {
  const page = await browser.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/manifest.json`);
    return await action(page);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * Starts a stopped worker: an extension page sends a runtime message (our worker ignores its
 * type), which Chromium delivers by starting the worker.
 */
async function wakeWorker(browser: Browser, extensionId: string): Promise<void> {
  await onExtensionPage(browser, extensionId, (page) =>
    page.evaluate(() =>
      (globalThis as ExtensionScope).chrome?.runtime?.sendMessage({ type: 'wake' }).catch(() => undefined),
    ),
  ).catch(() => {
    // Not installed yet (the browser is still starting): the next round tries again.
  });
}

async function readyIn(target: Target): Promise<WebWorker | undefined> {
  try {
    const worker = await target.worker();
    if (!worker) return undefined;
    const ready = await worker.evaluate(
      () => typeof (globalThis as ExtensionScope).chrome?.storage?.local?.get === 'function',
    );
    return ready ? worker : undefined;
  } catch {
    return undefined; // the target of a worker that has just stopped
  }
}

export async function readyServiceWorker(
  browser: Browser,
  extensionId: string,
  timeoutMs = 20_000,
): Promise<WebWorker> {
  const started = Date.now();
  let lastWake = started + WAKE_AFTER_MS - WAKE_EVERY_MS;
  let sawTarget = false;
  while (Date.now() - started < timeoutMs) {
    const targets = browser.targets().filter((target) => isExtensionWorker(target, extensionId));
    for (const target of targets) {
      sawTarget = true;
      const worker = await readyIn(target);
      if (worker) return worker;
    }
    // No ready worker for a while (none, or only the target of a stopped one): wake it.
    if (Date.now() - lastWake >= WAKE_EVERY_MS) {
      lastWake = Date.now();
      await wakeWorker(browser, extensionId);
    }
    await sleep(50);
  }
  throw new Error(
    sawTarget
      ? `The extension service worker did not become ready within ${timeoutMs} ms. Look for errors in its ` +
          `console (chrome://extensions, "service worker") and rebuild with npm run build.`
      : `The extension service worker did not start within ${timeoutMs} ms. Is the extension built ` +
          `(npm run build) and is its folder the one passed as extensionDir?`,
  );
}

export type StorageArea = 'local' | 'session' | 'sync';

/**
 * Everything in one of the extension's storage areas, read from an extension page rather than
 * the worker: the page needs no running worker, so a read never races a worker restart.
 */
export async function readExtensionStorage(
  browser: Browser,
  extensionId: string,
  area: StorageArea = 'local',
): Promise<Record<string, unknown>> {
  const stored = await onExtensionPage(browser, extensionId, (page) =>
    page.evaluate(
      async (name) => (await (globalThis as ExtensionScope).chrome?.storage?.[name]?.get(null)) ?? null,
      area,
    ),
  );
  // An empty answer would pass for "nothing stored" (and for "no PIN stored"): say it could not read.
  if (stored === null) throw new Error(`chrome.storage.${area} is not readable from the extension's pages`);
  return stored as Record<string, unknown>;
}
