// Issue 21: what axe-core does not see, measured in Chromium with the real extension on the
// sandbox portal, through registration steps 1–6 (the reference scenario's own steps; after each
// one the page it left us on is audited):
// - reflow: the panel's box lies inside the viewport at 320 CSS px and at 200 % zoom, collapsed and
//   opened, with nothing wider than the panel inside it. 200 % zoom is emulated as browser zoom
//   works: a 1280×860 window at 200 % is a 640×430 CSS px viewport drawn with 2 device pixels per
//   CSS px (setViewport width/2, height/2, deviceScaleFactor 2);
// - focus not obscured: a keyboard-only pass (real Tab presses) at 200 % zoom and at 1024×768; no
//   focused portal control is more than half covered by the panel;
// - a keyboard-only pass at 1280×860 recording the focus sequence: no trap (Tab comes round to
//   where it started), the panel's controls are reached, each panel control's focus ring has
//   ≥ 3:1 against the background it sits on (colours read from computed styles);
// - the keyboard command: headless Chromium cannot press a manifest shortcut, so the test checks
//   the manifest entry as the browser registered it (chrome.commands.getAll) and sends, from the
//   service worker, the message its handler sends (chrome.tabs.sendMessage {type:'focus-guide'}; the
//   handler's choice of tab is unit-tested). Escape then collapses and returns focus;
// - ticking "Ik ben leverancier en test" by keyboard keeps focus in the panel, not on <body>;
// - the PIN window: every aria-describedby target exists in every state (first ask, after a wrong
//   PIN, the last try), aria-invalid after a wrong PIN, the confirmation box after the field, Enter
//   before ticking it says why; nothing clipped at 200 % zoom;
// - the diagnostics page's status symbols ≥ 4.5:1 (computed colours).
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionId } from '../../testing/lib/extension-id.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import { FOCUS_GUIDE_COMMAND } from '../../shared/protocol/runtime.js';
import { launchBrowser, waitForGuide, type KitBrowser } from '../../testing/index.js';
import {
  REGISTRATION_SCENARIO,
  createScenario,
  disposeScenario,
  type ScenarioContext,
} from '../../testing/scenario.js';
import { cardControl } from '../helpers/card-control.js';

const WIDE = { width: 1280, height: 860 };
const VIEWPORTS = {
  '320 px': { width: 320, height: 640, deviceScaleFactor: 1 },
  '200 % zoom': { width: WIDE.width / 2, height: WIDE.height / 2, deviceScaleFactor: 2 },
  '1024×768': { width: 1024, height: 768, deviceScaleFactor: 1 },
} as const;
type ViewportName = keyof typeof VIEWPORTS;
/** Scenario steps up to and including step 6. */
const LAST_STEP = 'validate-organisation';
const TAB_LIMIT = 250;
/** A scenario step and the audit of the page it leaves, on a machine shared with other runs. */
const STEP_TIMEOUT_MS = 240_000;
const MAX_TABS_IN_ONE_CONTROL = 4;
const MAX_COVERED = 0.5;
const RING_CONTRAST = 3;
const SYMBOL_CONTRAST = 4.5;

// In-page measuring code as plain JavaScript: evaluated as a string, so no bundler helper (such as
// esbuild's __name) can leak into the page.
const AUDIT_LIB = String.raw`
(() => {
  if (window.__a11y) return;
  const host = () => document.querySelector('[data-zorgid-guide]');
  const panel = () => host()?.shadowRoot?.querySelector('.panel') ?? null;
  const deepActive = () => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  };
  const rgba = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s || '');
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const contrast = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const parentOf = (el) => el.parentElement || (el.getRootNode() && el.getRootNode().host) || null;
  const backgroundBehind = (el) => {
    for (let e = parentOf(el); e; e = parentOf(e)) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const label = (el) => {
    if (!el) return 'nothing';
    const labelled = el.labels && el.labels[0] ? el.labels[0].textContent : '';
    const name = (el.getAttribute('aria-label') || labelled || el.textContent || el.getAttribute('name') || el.id || '').replace(/\s+/g, ' ').trim().slice(0, 40);
    const type = el.getAttribute('type');
    return el.tagName.toLowerCase() + (type ? '[' + type + ']' : '') + (el.id ? '#' + el.id : '') + ' "' + name + '"';
  };
  const inPanel = (el) => !!el && !!host() && el.getRootNode() === host().shadowRoot;
  window.__a11y = {
    panelBox() {
      const p = panel();
      if (!p) return null;
      const r = p.getBoundingClientRect();
      return {
        left: r.left, top: r.top, right: r.right, bottom: r.bottom,
        dock: p.getAttribute('data-dock'), collapsed: p.getAttribute('data-collapsed') === 'true',
        scrollWidth: p.scrollWidth, clientWidth: p.clientWidth,
        viewport: { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight },
      };
    },
    async settle() {
      const p = panel();
      const running = p ? p.getAnimations({ subtree: true }) : [];
      await Promise.race([Promise.all(running.map((a) => a.finished.catch(() => null))), new Promise((r) => setTimeout(r, 600))]);
      await new Promise((r) => setTimeout(r, 30));
    },
    focusInfo() {
      const el = deepActive();
      const atBody = !el || el === document.body || el === document.documentElement;
      const info = { label: atBody ? 'body' : label(el), atBody, inPanel: inPanel(el), covered: 0, ring: null };
      if (atBody) return info;
      const r = el.getBoundingClientRect();
      const p = panel();
      if (!info.inPanel && p && r.width > 0 && r.height > 0) {
        const b = p.getBoundingClientRect();
        const w = Math.max(0, Math.min(r.right, b.right) - Math.max(r.left, b.left));
        const h = Math.max(0, Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top));
        info.covered = (w * h) / (r.width * r.height);
      }
      if (info.inPanel) {
        const cs = getComputedStyle(el);
        const bg = backgroundBehind(el);
        const outer = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 ? rgba(cs.outlineColor) : null;
        const inner = cs.boxShadow && cs.boxShadow !== 'none' ? rgba(cs.boxShadow) : null;
        info.ring = {
          outer: outer ? contrast(outer, bg) : 0,
          inner: inner ? contrast(inner, bg) : 0,
          background: 'rgb(' + bg.r + ',' + bg.g + ',' + bg.b + ')',
        };
      }
      return info;
    },
    deepActiveId() { const a = deepActive(); return a ? a.id : null; },
    blur() { const a = deepActive(); if (a && a.blur) a.blur(); window.scrollTo(0, 0); },
    // Tab starts from the top of the page: focus a marker there that is not itself in the Tab order.
    fromTop() {
      this.blur();
      let m = document.getElementById('a11y-test-start');
      if (!m) {
        m = document.createElement('span');
        m.id = 'a11y-test-start';
        m.tabIndex = -1;
        document.body.prepend(m);
      }
      m.focus();
    },
    clickPanelButton(name) {
      const b = Array.from(host().shadowRoot.querySelectorAll('button')).find((x) => x.textContent.trim() === name);
      if (!b) return false;
      b.click();
      return true;
    },
    contrast(a, b) { return contrast(rgba(a), rgba(b)); },
  };
})();
`;

interface FocusInfo {
  label: string;
  atBody: boolean;
  inPanel: boolean;
  covered: number;
  ring: { outer: number; inner: number; background: string } | null;
}
interface PanelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
  dock: string | null;
  collapsed: boolean;
  scrollWidth: number;
  clientWidth: number;
  viewport: { width: number; height: number };
}

let launched: KitBrowser;
let ctx: ScenarioContext | undefined;
const report: string[] = [];

async function lib(page: Page): Promise<void> {
  await page.evaluate(AUDIT_LIB);
}

async function panelBox(page: Page): Promise<PanelBox> {
  await lib(page);
  await page.evaluate('window.__a11y.settle()');
  const box = (await page.evaluate('window.__a11y.panelBox()')) as PanelBox | null;
  if (!box) throw new Error(`no guide panel on ${page.url()}`);
  return box;
}

async function setViewport(page: Page, name: ViewportName | 'wide'): Promise<void> {
  await page.setViewport(name === 'wide' ? { ...WIDE, deviceScaleFactor: 1 } : VIEWPORTS[name]);
  await lib(page);
  await page.evaluate('window.__a11y.settle()');
}

function expectInside(box: PanelBox, where: string): void {
  const { width, height } = box.viewport;
  const inside = box.left >= 0 && box.top >= 0 && box.right <= width + 0.5 && box.bottom <= height + 0.5;
  expect(inside, `${where}: panel ${JSON.stringify(box)}`).toBe(true);
  // Nothing inside the panel wider than the panel (cut-off line starts, WCAG 1.4.10).
  expect(box.scrollWidth, `${where}: content wider than the panel`).toBeLessThanOrEqual(box.clientWidth + 1);
}

/** Reflow: collapsed and opened, at 320 px and at 200 % zoom, the panel stays inside the window. */
async function auditReflow(page: Page, where: string): Promise<void> {
  for (const name of ['320 px', '200 % zoom'] as const) {
    await setViewport(page, name);
    const collapsed = await panelBox(page);
    expect(collapsed.dock, `${where} at ${name}`).toBe('bar');
    expectInside(collapsed, `${where} at ${name}, collapsed`);
    if (collapsed.collapsed) {
      expect(await page.evaluate('window.__a11y.clickPanelButton("Uitklappen")')).toBe(true);
      const opened = await panelBox(page);
      expect(opened.collapsed).toBe(false);
      expectInside(opened, `${where} at ${name}, opened`);
      await page.evaluate('window.__a11y.clickPanelButton("Inklappen")');
    }
    report.push(`${where} at ${name}: panel ${Math.round(collapsed.right - collapsed.left)} px wide, inside`);
  }
}

/**
 * Tab from the top of the page until focus comes round again. Returns the focus sequence; fails on
 * a trap (the same control twice in a row, or no way round within the limit).
 */
async function tabPass(page: Page, where: string): Promise<FocusInfo[]> {
  await lib(page);
  await page.evaluate('window.__a11y.fromTop()');
  const seen: FocusInfo[] = [];
  let repeats = 0;
  for (let i = 0; i < TAB_LIMIT; i++) {
    await page.keyboard.press('Tab');
    await page.evaluate('window.__a11y.settle()');
    const info = (await page.evaluate('window.__a11y.focusInfo()')) as FocusInfo;
    const first = seen.find((s) => !s.atBody);
    // Round: back at the first control, or past the panel (the last thing in the page) to the browser.
    if (first && info.label === first.label && seen.some((s) => s.inPanel)) return seen;
    if (info.atBody && seen.some((s) => s.inPanel)) return seen;
    const last = seen[seen.length - 1];
    // A date field takes a Tab per part (day, month, year); more than that on one control is a trap.
    repeats = last && !info.atBody && last.label === info.label ? repeats + 1 : 0;
    if (repeats > MAX_TABS_IN_ONE_CONTROL) throw new Error(`${where}: focus stuck on ${info.label} (trap)`);
    if (repeats === 0) seen.push(info);
  }
  throw new Error(
    `${where}: Tab did not come round in ${TAB_LIMIT} presses: ${seen.map((s) => s.label).join(' → ')}`,
  );
}

async function auditFocusNotObscured(page: Page, where: string): Promise<void> {
  for (const name of ['200 % zoom', '1024×768'] as const) {
    await setViewport(page, name);
    const sequence = await tabPass(page, `${where} at ${name}`);
    const portal = sequence.filter((s) => !s.inPanel && !s.atBody);
    expect(portal.length, `${where}: no portal control reached by Tab`).toBeGreaterThan(0);
    const worst = portal.reduce((a, b) => (b.covered > a.covered ? b : a));
    report.push(
      `${where} at ${name}: ${portal.length} portal controls focused, most covered ${Math.round(worst.covered * 100)} % (${worst.label})`,
    );
    const hidden = portal
      .filter((s) => s.covered > MAX_COVERED)
      .map((s) => `${s.label} ${Math.round(s.covered * 100)} %`);
    expect(hidden, `${where} at ${name}: focused controls under the panel`).toEqual([]);
  }
}

async function auditKeyboard(page: Page, where: string): Promise<void> {
  await setViewport(page, 'wide');
  const sequence = await tabPass(page, where);
  report.push(
    `${where}, Tab order: ${sequence.map((s) => (s.inPanel ? `[${s.label}]` : s.label)).join(' → ')}`,
  );
  const inPanel = sequence.filter((s) => s.inPanel);
  expect(inPanel.length, `${where}: the panel is not reachable by Tab`).toBeGreaterThan(0);
  for (const s of inPanel) {
    const ring = s.ring!;
    expect(
      Math.max(ring.outer, ring.inner),
      `${where}: focus ring of ${s.label} on ${ring.background}: ${JSON.stringify(ring)}`,
    ).toBeGreaterThanOrEqual(RING_CONTRAST);
  }
}

/** What the command's handler does: the focus-guide message to the tabs (see the file comment). */
async function pressCommand(): Promise<void> {
  const worker = await launched.serviceWorker();
  await worker.evaluate(async (type) => {
    const tabs = await chrome.tabs.query({});
    for (const tab of tabs) {
      // A tab without the guide has no receiver: that rejection is expected.
      if (tab.id !== undefined) await chrome.tabs.sendMessage(tab.id, { type }).catch(() => undefined);
    }
  }, FOCUS_GUIDE_COMMAND);
}

async function auditCommand(page: Page, where: string): Promise<void> {
  await setViewport(page, 'wide');
  await lib(page);
  await page.evaluate('window.__a11y.fromTop()');
  await page.keyboard.press('Tab');
  const before = (await page.evaluate('window.__a11y.focusInfo()')) as FocusInfo;
  expect(before.inPanel).toBe(false);
  await pressCommand();
  await page.waitForFunction('window.__a11y.deepActiveId() === "zorgid-guide-heading"', { timeout: 10_000 });
  const heading = (await page.evaluate('window.__a11y.focusInfo()')) as FocusInfo;
  expect(Math.max(heading.ring!.outer, heading.ring!.inner)).toBeGreaterThanOrEqual(RING_CONTRAST);
  await page.keyboard.press('Escape');
  const after = (await page.evaluate('window.__a11y.focusInfo()')) as FocusInfo;
  expect(after.label, `${where}: Escape returns focus`).toBe(before.label);
  expect((await panelBox(page)).collapsed).toBe(true);
  // Open it again for what follows.
  await page.evaluate('window.__a11y.clickPanelButton("Uitklappen")');
  await page.evaluate('window.__a11y.blur()');
  report.push(`${where}: command → heading; Escape → back to ${before.label}`);
}

async function auditPage(where: string): Promise<void> {
  const page = ctx!.page;
  await page.bringToFront();
  await waitForGuide(page, {});
  try {
    await auditReflow(page, where);
    await auditFocusNotObscured(page, where);
    await auditKeyboard(page, where);
    await auditCommand(page, where);
  } finally {
    await setViewport(page, 'wide');
    await page.evaluate('window.__a11y && window.__a11y.blur()');
    // Leave the panel as the scenario expects it: open, its checks visible.
    await page.waitForFunction(
      `window.__a11y.panelBox()?.collapsed === false || (window.__a11y.clickPanelButton("Uitklappen") && false)`,
      { timeout: 10_000, polling: 200 },
    );
  }
}

beforeAll(async () => {
  const extensionDir = process.env.ZORGID_E2E_EXTENSION_DIR;
  launched = await launchBrowser(extensionDir ? { extensionDir } : {});
  ctx = await createScenario(launched.browser);
  await ctx.page.setBypassCSP(true);
});

afterAll(async () => {
  console.error(`[beyond axe] what was measured:\n  ${report.join('\n  ')}`);
  await disposeScenario(ctx);
  await launched?.close();
});

describe('the guide beyond axe, steps 1–6 on every page they visit', () => {
  it('the manifest command is registered by the browser', async () => {
    const worker = await launched.serviceWorker();
    const commands = await worker.evaluate(() => chrome.commands.getAll());
    const command = commands.find((c) => c.name === FOCUS_GUIDE_COMMAND);
    expect(command, JSON.stringify(commands)).toBeDefined();
    expect(command?.description).toContain('registratiehulp');
    // Headless Chromium registers the command but binds no key (shortcut ""), so the suggested key
    // (Alt+Shift+Z) is checked in the manifest by the unit test; a desktop Chromium binds it.
    report.push(`command ${FOCUS_GUIDE_COMMAND}: shortcut here "${command?.shortcut ?? ''}"`);
  });

  it('step 1 page (/aanvraag, preparation): reflow, focus not obscured, keyboard pass, command', async () => {
    await ctx!.page.goto(`${ctx!.origin}/aanvraag`);
    await waitForGuide(ctx!.page, { step: 'prepare' });
    await auditPage('/aanvraag (1 Voorbereiding)');
  });

  let failed = false;
  const upTo = REGISTRATION_SCENARIO.findIndex((s) => s.id === LAST_STEP);
  for (const step of REGISTRATION_SCENARIO.slice(0, upTo + 1)) {
    it(`after ${step.title}`, { timeout: STEP_TIMEOUT_MS }, async () => {
      if (failed) throw new Error('an earlier step failed; the scenario cannot continue');
      try {
        await step.run(ctx!);
        await auditPage(`${new URL(ctx!.page.url()).pathname} (after ${step.id})`);
      } catch (error) {
        failed = true;
        throw error;
      }
    });
  }

  it('ticking "Ik ben leverancier en test" by keyboard keeps focus in the panel', async () => {
    const page = ctx!.page;
    await page.bringToFront();
    // Start over so the acceptance warning with its box shows again ("Voortgang wissen", twice).
    await lib(page);
    await page.evaluate('window.__a11y.clickPanelButton("Uitklappen")');
    expect(await page.evaluate('window.__a11y.clickPanelButton("Voortgang wissen")')).toBe(true);
    const again = 'Weet u het zeker? Klik nog eens om de voortgang te wissen.';
    await page.waitForFunction(`window.__a11y.clickPanelButton(${JSON.stringify(again)})`, {
      timeout: 10_000,
    });
    await page.goto(`${ctx!.origin}/aanvraag`);
    await waitForGuide(page, { step: 'prepare' });
    await lib(page);
    await pressCommand();
    await page.waitForFunction('window.__a11y.deepActiveId() === "zorgid-guide-heading"', {
      timeout: 10_000,
    });
    let info: FocusInfo | undefined;
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      info = (await page.evaluate('window.__a11y.focusInfo()')) as FocusInfo;
      if (info.label.includes('leverancier')) break;
    }
    expect(info?.label).toContain('leverancier');
    await page.keyboard.press('Space');
    await page.waitForFunction(
      () =>
        !document
          .querySelector('[data-zorgid-guide]')
          ?.shadowRoot?.textContent?.includes('Ik ben leverancier en test'),
      { timeout: 10_000 },
    );
    const after = (await page.evaluate('window.__a11y.focusInfo()')) as FocusInfo;
    expect(after.atBody).toBe(false);
    expect(after.inPanel).toBe(true);
  });
});

describe('the PIN window beyond axe', () => {
  const card = cardControl();
  let page: Page;
  let consent: Page;

  /** Every id in every aria-describedby exists and says something. */
  async function describedByHolds(state: string): Promise<string[]> {
    const problems = await consent.evaluate(() =>
      Array.from(document.querySelectorAll('[aria-describedby]')).flatMap((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .filter((id) => (document.getElementById(id)?.textContent ?? '').trim() === '')
          .map((id) => `#${el.id} → #${id}`),
      ),
    );
    expect(problems, `${state}: described-by targets missing or empty`).toEqual([]);
    return consent.$eval('#pin', (el) => (el.getAttribute('aria-describedby') ?? '').split(' '));
  }

  async function nextAsk(): Promise<void> {
    await consent.waitForSelector('form[data-state="ask"]:not([data-answered]) #pin', { timeout: 30_000 });
  }

  async function wrongPin(): Promise<void> {
    await consent.$eval('form[data-state="ask"]', (f) => f.setAttribute('data-answered', ''));
    await consent.type('#pin', '000000');
    await consent.keyboard.press('Enter');
    await nextAsk();
  }

  beforeAll(async () => {
    await card.remove(0);
    await card.insert(0, 'zorgverlener');
    page = await launched.browser.newPage();
    await page.goto(`${SANDBOX_ORIGINS.acceptatie}/kaartstatus`);
    await page.waitForFunction(() => 'ZorgIdCompanion' in window, { timeout: 30_000 });
    await page.waitForFunction(
      () =>
        (
          window as unknown as { ZorgIdCompanion: { readCard(): Promise<unknown> } }
        ).ZorgIdCompanion.readCard().then(
          () => true,
          () => false,
        ),
      { timeout: 30_000, polling: 1_000 },
    );
    await page.evaluate(() => {
      const w = window as unknown as {
        ZorgIdCompanion: { authenticate(c: string): Promise<unknown> };
        __outcome: Promise<string>;
      };
      w.__outcome = w.ZorgIdCompanion.authenticate('Zk9pUXJ3c1R2YjJ4eUFkRmdIaUpLbE1u').then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? 'NO_CODE',
      );
    });
    const target = await launched.browser.waitForTarget((t) => t.url().includes('pages/consent'), {
      timeout: 30_000,
    });
    consent = (await target.page())!;
    await nextAsk();
  });

  afterAll(async () => {
    await page?.close().catch(() => undefined);
    // Re-inserting resets the virtual card's PIN counter.
    await card.remove(0);
    await card.insert(0, 'zorgverlener');
  });

  it('first ask: focus in the PIN field, described-by targets exist', async () => {
    expect(await consent.evaluate(() => document.activeElement?.id)).toBe('pin');
    const ids = await describedByHolds('first ask');
    expect(ids).toContain('tries');
  });

  it('nothing clipped at 200 % zoom (origin heading, holder name)', async () => {
    const size = await consent.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
    await consent.setViewport({
      width: Math.round(size.width / 2),
      height: Math.round(size.height / 2),
      deviceScaleFactor: 2,
    });
    const clipped = await consent.evaluate(() =>
      ['h1', '#origin', '#holder', '#organisation', 'form']
        .map((s) => document.querySelector(s))
        .filter((el): el is Element => el !== null)
        .filter(
          (el) =>
            el.scrollWidth > el.clientWidth + 1 ||
            el.getBoundingClientRect().right > document.documentElement.clientWidth + 1,
        )
        .map((el) => el.id || el.tagName),
    );
    expect(clipped).toEqual([]);
    expect(await consent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      await consent.evaluate(() => document.documentElement.clientWidth + 1),
    );
  });

  it('after a wrong PIN: aria-invalid, the error first in the description', async () => {
    await wrongPin();
    expect(await consent.$eval('#pin', (el) => el.getAttribute('aria-invalid'))).toBe('true');
    const ids = await describedByHolds('after a wrong PIN');
    expect(ids[0]).toBe('problem');
    expect(await consent.$eval('#problem', (el) => el.textContent)).toContain('onjuist');
  });

  it('last try: the warning describes the field, the box comes after it, Enter first says why', async () => {
    await wrongPin();
    const ids = await describedByHolds('last try');
    expect(ids).toContain('last-try-warning');
    expect(
      await consent.evaluate(
        () =>
          (document
            .getElementById('pin')!
            .compareDocumentPosition(document.getElementById('confirm-last-try')!) &
            Node.DOCUMENT_POSITION_FOLLOWING) !==
          0,
      ),
    ).toBe(true);
    expect(await consent.evaluate(() => document.activeElement?.id)).toBe('pin');
    await consent.type('#pin', '123456');
    await consent.keyboard.press('Enter');
    await consent.waitForFunction(() => document.activeElement?.id === 'confirm-last-try', {
      timeout: 10_000,
    });
    expect(await consent.$eval('#problem', (el) => el.textContent)).toContain('Bevestig eerst');
    expect(await consent.$('form[data-state="ask"]')).not.toBeNull();
    await describedByHolds('last try, Enter before ticking');
    // Leave the last try unused.
    await consent.click('#cancel');
    expect(await page.evaluate(() => (window as unknown as { __outcome: Promise<string> }).__outcome)).toBe(
      'CANCELLED',
    );
  });
});

describe('diagnostics page symbols', () => {
  it('each status symbol has ≥ 4.5:1 against its disc (computed colours)', async () => {
    const page = await launched.browser.newPage();
    await page.goto(`chrome-extension://${extensionId()}/extension/pages/diagnostics/index.html`);
    await page.waitForSelector('[data-overall]', { timeout: 60_000 });
    await lib(page);
    // One item per status, with the page's own classes, measured with the page's own stylesheet.
    const ratios = (await page.evaluate(`(() => {
      const list = document.createElement('ul');
      document.body.append(list);
      const out = {};
      for (const status of ['pass', 'warn', 'fail', 'skip']) {
        const li = document.createElement('li');
        li.className = 'check ' + status;
        const symbol = document.createElement('span');
        symbol.className = 'symbol';
        symbol.textContent = '!';
        li.append(symbol);
        list.append(li);
        const cs = getComputedStyle(symbol);
        out[status] = window.__a11y.contrast(cs.color, cs.backgroundColor);
      }
      list.remove();
      return out;
    })()`)) as Record<string, number>;
    report.push(`diagnostics symbols: ${JSON.stringify(ratios)}`);
    for (const [status, ratio] of Object.entries(ratios))
      expect(ratio, `${status} symbol`).toBeGreaterThanOrEqual(SYMBOL_CONTRAST);
    await page.close();
  });
});
