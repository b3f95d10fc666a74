// The page API (window.ZorgIdCompanion) called from a test, as a portal page would call it.
import type { Page } from 'puppeteer-core';
import type { PageCommand } from '../shared/protocol/page.js';
import type { InPageGlobal } from './in-page.js';

/** The page API's methods: one per page command (shared/protocol/page.ts) and `available`. */
export type PageApiMethod = 'available' | PageCommand;

export class PageApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'PageApiError';
  }
}

/** Waits until the extension's bridge is on the page (the content script marks <html>). */
export async function waitForPageApi(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const g = globalThis as unknown as InPageGlobal;
      return g.document.documentElement.getAttribute('data-zorgid-companion') !== null && !!g.ZorgIdCompanion;
    },
    { timeout: timeoutMs },
  );
}

/**
 * Calls one method and returns its result; a rejection becomes a PageApiError with the code
 * (shared/errors.ts). `authenticate`/`sign` open the PIN window: start them without awaiting and
 * drive it with approveConsent.
 */
export async function callPageApi<T = unknown>(
  page: Page,
  method: PageApiMethod,
  ...args: unknown[]
): Promise<T> {
  await waitForPageApi(page);
  const outcome = await page.evaluate(
    async (name, params) => {
      const api = (globalThis as unknown as InPageGlobal).ZorgIdCompanion;
      const fn = api?.[name];
      if (!fn)
        return { ok: false as const, code: 'NO_PAGE_API', message: 'window.ZorgIdCompanion is missing' };
      try {
        return { ok: true as const, value: await fn(...params) };
      } catch (error) {
        const e = error as { code?: string; message?: string };
        return { ok: false as const, code: e.code ?? 'NO_CODE', message: e.message ?? String(error) };
      }
    },
    method,
    args,
  );
  if (!outcome.ok) throw new PageApiError(outcome.code, outcome.message);
  return outcome.value as T;
}
