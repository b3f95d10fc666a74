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
  // A tab behind draws no frames: finding the control (waits poll per frame) and clicking it would
  // hang there. Bring it to front first, as the user would.
  await page.bringToFront();
  const control = await guideControl(page, role, name);
  await control.click();
  await control.dispose();
}

export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface GuideLayout {
  /** The panel as drawn (collapsed or not); null without a guide. */
  panel: ScreenBox | null;
  collapsed: boolean;
  /** The outline around the control the guide points at; null when nothing is outlined. */
  outline: ScreenBox | null;
  /** Visible buttons and links in the page's header, with their names. */
  headerControls: Array<ScreenBox & { name: string }>;
}

/** Where the panel, the outline and the page header's controls are on the screen now. */
export async function guideLayout(page: Page): Promise<GuideLayout> {
  // No `const f = () => …` inside: tsx (esbuild keepNames) wraps those in __name(), unknown in the page.
  return page.evaluate((hostSelector) => {
    type Rect = { left: number; top: number; right: number; bottom: number; width: number; height: number };
    type Measurable = {
      getBoundingClientRect(): Rect;
      getAttribute(n: string): string | null;
      textContent: string | null;
    };
    type Root = {
      querySelector(s: string): Measurable | null;
      querySelectorAll(s: string): ArrayLike<Measurable>;
    };
    const g = globalThis as unknown as { document: Root };
    const host = g.document.querySelector(hostSelector) as (Measurable & { shadowRoot: Root | null }) | null;
    const panelEl = host?.shadowRoot?.querySelector('.panel') ?? null;
    const outlineEl = host?.shadowRoot?.querySelector('.highlight') ?? null;
    const header = g.document.querySelector('header') as (Measurable & Root) | null;
    const found: Array<{ el: Measurable | null; name: string }> = [
      { el: panelEl, name: 'panel' },
      { el: outlineEl, name: 'outline' },
      ...Array.from(header?.querySelectorAll('button, a[href], [role="button"]') ?? []).map((el) => ({
        el,
        name: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    ];
    const boxes = found.map(({ el, name }) => {
      const r = el?.getBoundingClientRect();
      return r && r.width > 0 && r.height > 0
        ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom, name }
        : null;
    });
    const [panel, outline, ...controls] = boxes;
    return {
      panel: panel ?? null,
      collapsed: panelEl?.getAttribute('data-collapsed') === 'true',
      outline: outline ?? null,
      headerControls: controls.filter((c): c is NonNullable<typeof c> => c !== null),
    };
  }, GUIDE_HOST);
}

const overlaps = (a: ScreenBox, b: ScreenBox) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** What the panel covers that it must not: the outlined control, the page header's controls. */
export function panelCovers(layout: GuideLayout): string[] {
  const panel = layout.panel;
  if (!panel) return [];
  const covered: string[] = [];
  if (layout.outline && overlaps(panel, layout.outline)) covered.push('the outlined control');
  for (const c of layout.headerControls) if (overlaps(panel, c)) covered.push(`header control "${c.name}"`);
  return covered;
}

/**
 * Waits (the panel slides when it changes side) until the panel covers neither the control it
 * outlines nor any control in the page's header; throws naming what stays covered.
 */
export async function expectPanelClear(page: Page, timeoutMs = 3_000): Promise<GuideLayout> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const layout = await guideLayout(page);
    const covered = panelCovers(layout);
    if (covered.length === 0) return layout;
    if (Date.now() > deadline)
      throw new Error(
        `Het gidspaneel bedekt ${covered.join(', ')} / the guide panel covers it: ${JSON.stringify(layout)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
