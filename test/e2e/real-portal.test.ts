// The real-portal variant guided end to end: the sandbox portal as today's real ZORG-ID portal
// behaves ("Inloggen met UZI-pas" and step 6's "afronden" ask the browser to open the ZORG-ID Desktop
// App; no page API), with the extension's guide from step 1 to step 7. The guide must say that this portal
// uses the Desktop App, guide that flow, and check the card beside it through the host. The Desktop
// App is the sandbox's stand-in (/desktop-app), which uses the card for real (PIN, signature).
import assert from 'node:assert/strict';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../testing/consent.js';
import { guideLayout, waitForGuide, waitForGuideCheck } from '../../testing/guide.js';
import { guideState, launchBrowser, type KitBrowser } from '../../testing/index.js';
import { waitForPageApi } from '../../testing/page-api.js';
import {
  REGISTRATION_SCENARIO,
  createScenario,
  disposeScenario,
  type ScenarioContext,
} from '../../testing/scenario.js';

let launched: KitBrowser;
let ctx: ScenarioContext | undefined;
let failed = false;

/** The scenario's own steps 1–4 are the same on both portals. */
const SHARED_STEPS = ['prepare', 'application-form', 'application-approved', 'portal-login', 'install-app'];

async function instructions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-zorgid-guide]')?.shadowRoot;
    return Array.from(root?.querySelectorAll('.instructions li') ?? []).map((li) =>
      (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
  });
}

async function guarded(run: () => Promise<void>): Promise<void> {
  if (!ctx) throw new Error('scenario not set up');
  if (failed) throw new Error('an earlier step failed; the scenario cannot continue');
  try {
    await run();
  } catch (error) {
    failed = true;
    throw error;
  }
}

beforeAll(async () => {
  const extensionDir = process.env.ZORGID_E2E_EXTENSION_DIR;
  launched = await launchBrowser(extensionDir ? { extensionDir } : {});
  ctx = await createScenario(launched.browser);
  // This browser sees the acceptatie portal as the real one (a cookie; other browsers are unaffected).
  await ctx.page.goto(`${ctx.origin}/sandbox/portaal?variant=desktop-app`);
});

afterAll(async () => {
  if (ctx) console.error(`[real-portal] what the steps saw:\n  ${ctx.notes.join('\n  ')}`);
  await disposeScenario(ctx);
  await launched?.close();
});

describe('the real portal (ZORG-ID Desktop App, no page API), guided from step 1 to logged in', () => {
  for (const id of SHARED_STEPS) {
    const step = REGISTRATION_SCENARIO.find((s) => s.id === id);
    if (!step) throw new Error(`scenario step ${id} is gone`);
    it(step.title, () =>
      guarded(async () => {
        await step.run(ctx!);
        expect((await waitForGuide(ctx!.page, { step: step.guideStep })).step).toBe(step.guideStep);
      }),
    );
  }

  it('5 the guide says the portal opens the Desktop App, guides it, and checks the card beside it', () =>
    guarded(async () => {
      const page = ctx!.page;
      expect(await page.evaluate(() => 'ZorgIdCompanion' in window)).toBe(false);
      await waitForGuide(page, { step: 'uzi-login' });
      await waitForGuideCheck(page, 'card-present', 'ok', 30_000);
      await waitForGuideCheck(page, 'pin-tries-left', 'ok', 30_000);
      await waitForGuideCheck(page, 'ura-matches-application', 'ok', 30_000);
      const seen = await guideState(page);
      assert.equal(seen.checks.find((c) => c.id === 'organisation-matches-application')?.status, 'ok');
      const text = (await instructions(page)).join(' ');
      expect(text).toContain('Dit portaal opent voor de UZI-pas de ZORG-ID Desktop App');
      expect(text).toContain('Installeer hem eerst');
      expect(text).toContain('De browser vraagt of hij de ZORG-ID Desktop App mag openen');
      expect(text).toContain('niet de pincode van de ZORG-ID app');
      // The link that opens the Desktop App is the outlined control.
      const layout = await guideLayout(page);
      assert.ok(layout.outline, 'the Desktop App link is not outlined');
      ctx!.notes.push(
        `guide (Desktop App mode): ${seen.checks.map((c) => `${c.id}=${c.status}`).join(', ')}`,
      );
    }));

  it('5 the Desktop App (sandbox stand-in) uses the card with its PIN; the portal logs in', () =>
    guarded(async () => {
      const c = ctx!;
      const href = await c.page.$eval('main a[href^="zorgid:"]', (a) => a.getAttribute('href') ?? '');
      const code = new URL(href).searchParams.get('code');
      assert.ok(code, `no login code in ${href}`);
      // What the operating system would do with the zorgid: link: start the Desktop App with it.
      const app = await c.browser.newPage();
      try {
        await app.goto(`${c.origin}/desktop-app?code=${encodeURIComponent(code)}`);
        await waitForPageApi(app);
        const navigation = c.page.waitForNavigation({ timeout: 90_000 });
        await app.click('[data-action="desktop-app-use"]');
        const outcome = await approveConsent(c.browser, c.administrator.pin);
        assert.equal(outcome.result, 'closed', JSON.stringify(outcome));
        await navigation;
      } finally {
        await app.close();
      }
      const header = await c.page.$eval('header', (e) => e.textContent ?? '');
      expect(header).toContain(`${c.administrator.givenName} ${c.administrator.surname}`);
      await Promise.all([
        c.page.waitForNavigation(),
        c.page.click('::-p-aria([name="Organisatie registratie afronden"][role="link"])'),
      ]);
      const next = await waitForGuide(c.page, { step: 'validate-organisation' });
      expect(next.step).toBe('validate-organisation');
    }));

  it('6 "afronden" goes through the Desktop App stand-in (no page API on the page); the guide says so', () =>
    guarded(async () => {
      const c = ctx!;
      const page = c.page;
      await Promise.all([
        page.waitForNavigation(),
        page.click('::-p-aria([name="Organisatie registratie afronden"][role="button"])'),
      ]);
      // The variant's page has no page API at all, and no form that would post a card read.
      expect(await page.evaluate(() => 'ZorgIdCompanion' in window)).toBe(false);
      expect(await page.$('form[data-action="read-card"]')).toBeNull();
      await waitForGuide(page, { step: 'validate-organisation' });
      await waitForGuideCheck(page, 'pin-tries-left', 'ok', 30_000);
      await waitForGuideCheck(page, 'ura-matches-application', 'ok', 30_000);
      const text = (await instructions(page)).join(' ');
      expect(text).toContain('Ook hier gebruikt dit portaal de ZORG-ID Desktop App');
      expect(text).toContain('De browser vraagt of hij de ZORG-ID Desktop App mag openen');
      expect(text).toContain('niet de pincode van de ZORG-ID app');
      assert.ok((await guideLayout(page)).outline, 'the "afronden" link is not outlined');
      const href = await page.$eval('main a[href^="zorgid:"]', (a) => a.getAttribute('href') ?? '');
      expect(href).toMatch(/^zorgid:\/\/afronden\?code=/);
      const code = new URL(href).searchParams.get('code');
      assert.ok(code, `no code in ${href}`);
      // What the operating system would do with the link: start the Desktop App, which asks the card's PIN.
      const app = await c.browser.newPage();
      try {
        await app.goto(`${c.origin}/desktop-app?code=${encodeURIComponent(code)}`);
        await waitForPageApi(app);
        const navigation = page.waitForNavigation({ timeout: 90_000 });
        await app.click('[data-action="desktop-app-use"]');
        const outcome = await approveConsent(c.browser, c.administrator.pin);
        assert.equal(outcome.result, 'closed', JSON.stringify(outcome));
        await navigation;
      } finally {
        await app.close();
      }
      // The portal, polling, moved on: organisation name and URA from the card the Desktop App used.
      const shown = await page.$eval('main dl', (e) => (e.textContent ?? '').replace(/\s+/g, ' '));
      expect(shown).toContain(c.administrator.ura);
      expect(shown).toContain(c.administrator.organisationName);
      expect(await page.evaluate(() => 'ZorgIdCompanion' in window)).toBe(false);
      await waitForGuide(page, { step: 'validate-organisation' });
      await Promise.all([
        page.waitForNavigation(),
        page.click('::-p-aria([name="volgende"][role="button"])'),
      ]);
      expect(new URL(page.url()).pathname).toBe('/portal/mobile-app-id');
      expect((await waitForGuide(page, { step: 'create-mobile-id' })).step).toBe('create-mobile-id');
    }));
});
