// The guide's public state, read the way helpdesk tools read it: the host element's stable
// attributes (data-step, data-state) and, inside its open shadow root, the live region and the
// panel's messages and checks. Never the panel's classes for control: those may change.
import type { ElementHandle, Page } from 'puppeteer-core';
import type { InPageGlobal } from './in-page.js';

export const GUIDE_HOST = '[data-zorgid-guide]';

export type GuideStateName = 'idle' | 'active' | 'waiting' | 'warning' | 'done';

export interface GuideCheck {
  id: string;
  status: string;
  text: string;
}

export interface GuideSnapshot {
  present: boolean;
  step: string | undefined;
  state: GuideStateName | undefined;
  /** The step title shown in the panel. */
  title: string;
  /** What the live region last announced (e.g. "Stap 5 van 9: Inloggen met UZI-pas"). */
  announced: string;
  /** The panel's messages (hints, warnings, "Klaar!"), in order. */
  messages: string[];
  checks: GuideCheck[];
}

export async function guideState(page: Page): Promise<GuideSnapshot> {
  // No `const f = () => …` inside: tsx (esbuild keepNames) wraps those in __name(), unknown in the page.
  return page.evaluate((hostSelector) => {
    const g = globalThis as unknown as InPageGlobal;
    const host = g.document.querySelector(hostSelector);
    const root = host?.shadowRoot;
    const [title, announced, messages] = ['.title', '[role="status"][aria-live]', '.message'].map(
      (selector) =>
        Array.from(root?.querySelectorAll(selector) ?? []).map((e) =>
          (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
    );
    return {
      present: !!host,
      step: host?.getAttribute('data-step') ?? undefined,
      state: (host?.getAttribute('data-state') ?? undefined) as GuideStateName | undefined,
      title: title?.[0] ?? '',
      announced: announced?.[0] ?? '',
      messages: messages ?? [],
      checks: Array.from(root?.querySelectorAll('[data-check]') ?? []).map((c) => ({
        id: c.getAttribute('data-check') ?? '',
        status: c.getAttribute('data-status') ?? '',
        text: (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    };
  }, GUIDE_HOST);
}

/** Waits until the guide shows this step (and state, when given). */
export async function waitForGuide(
  page: Page,
  expected: { step?: string; state?: GuideStateName },
  timeoutMs = 15_000,
): Promise<GuideSnapshot> {
  const selector =
    GUIDE_HOST +
    (expected.step ? `[data-step="${expected.step}"]` : '') +
    (expected.state ? `[data-state="${expected.state}"]` : '');
  try {
    await page.waitForSelector(selector, { timeout: timeoutMs });
  } catch {
    const now = await guideState(page).catch(() => undefined);
    throw new Error(
      `De gids toont niet ${JSON.stringify(expected)} / guide does not show it; now: ` +
        JSON.stringify(now ? { step: now.step, state: now.state, messages: now.messages } : 'no guide'),
    );
  }
  return guideState(page);
}

/** Waits until a check in the panel has this status ('ok' | 'warning' | 'unknown'). */
export async function waitForGuideCheck(
  page: Page,
  check: string,
  status: string,
  timeoutMs = 15_000,
): Promise<GuideCheck> {
  await page.waitForFunction(
    (hostSelector, id, wanted) => {
      const g = globalThis as unknown as InPageGlobal;
      const root = g.document.querySelector(hostSelector)?.shadowRoot;
      return root?.querySelector(`[data-check="${id}"]`)?.getAttribute('data-status') === wanted;
    },
    { timeout: timeoutMs },
    GUIDE_HOST,
    check,
    status,
  );
  const found = (await guideState(page)).checks.find((c) => c.id === check);
  if (!found) throw new Error(`check ${check} vanished`);
  return found;
}

/** A control inside the guide's shadow root, by role and accessible name (e.g. 'button', 'Gedaan'). */
export async function guideControl(
  page: Page,
  role: 'button' | 'checkbox' | 'link',
  name: string,
  timeoutMs = 10_000,
): Promise<ElementHandle> {
  // The ARIA query walks the page's accessibility tree, shadow roots included (a query scoped to
  // the host finds nothing inside its shadow root); keep only matches that live in the guide.
  const deadline = Date.now() + timeoutMs;
  await page.waitForSelector(GUIDE_HOST, { timeout: timeoutMs });
  for (;;) {
    for (const candidate of await page.$$(`::-p-aria([name="${name}"][role="${role}"])`)) {
      const inGuide = await candidate.evaluate((e, hostSelector) => {
        const root = e.getRootNode() as unknown as { host?: { matches(s: string): boolean } };
        return root.host?.matches(hostSelector) === true;
      }, GUIDE_HOST);
      if (inGuide) return candidate;
      await candidate.dispose();
    }
    if (Date.now() > deadline) throw new Error(`guide ${role} "${name}" not found`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function clickGuide(
  page: Page,
  role: 'button' | 'checkbox' | 'link',
  name: string,
): Promise<void> {
  const control = await guideControl(page, role, name);
  await control.click();
  await control.dispose();
}
