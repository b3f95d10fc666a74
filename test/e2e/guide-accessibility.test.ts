// Issue 5: the guide panel passes axe-core (WCAG 2.x A/AA rules and best practices) inside its
// open shadow root, on three pages that show different parts of it: the preparation checklist
// with the acceptance banner, the application form's step, and the login step with the card
// status block and checks. Violations are printed in full before the assertion fails.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickGuide,
  launchBrowser,
  restoreCards,
  waitForGuide,
  type KitBrowser,
} from '../../testing/index.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';

const AXE_SCRIPT = path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');
const ORIGIN = SANDBOX_ORIGINS.acceptatie;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

let launched: KitBrowser;
let page: Page;

async function axeGuide(): Promise<{ violations: AxeViolation[]; passes: number }> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Element): Promise<{ violations: AxeViolation[]; passes: unknown[] }> };
      }
    ).axe;
    const host = document.querySelector('[data-zorgid-guide]');
    if (!host) throw new Error('no guide on this page');
    const result = await axe.run(host);
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })),
    };
  });
}

function expectNoViolations(where: string, result: { violations: AxeViolation[]; passes: number }): void {
  if (result.violations.length > 0)
    console.error(`[axe] ${where}: ${JSON.stringify(result.violations, null, 2)}`);
  expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  // Guards against checking an empty element: the panel's rules really ran.
  expect(result.passes).toBeGreaterThan(5);
}

beforeAll(async () => {
  await restoreCards();
  const extensionDir = process.env.ZORGID_E2E_EXTENSION_DIR;
  launched = await launchBrowser(extensionDir ? { extensionDir } : {});
  page = await launched.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  // The portal's Content-Security-Policy forbids inline scripts, and addScriptTag injects axe inline.
  await page.setBypassCSP(true);
});

afterAll(async () => {
  await launched?.close();
});

describe('guide panel accessibility (axe-core)', () => {
  it('step 1, preparation checklist and acceptance banner, on /aanvraag', async () => {
    await page.goto(`${ORIGIN}/aanvraag`);
    await waitForGuide(page, { step: 'prepare' });
    expectNoViolations('prepare', await axeGuide());
  });

  it('step 2, the application form, after "Gedaan"', async () => {
    await clickGuide(page, 'button', 'Gedaan');
    await waitForGuide(page, { step: 'application-form' });
    expectNoViolations('application-form', await axeGuide());
  });

  it('the login step with card status and checks, on /portal/inloggen', async () => {
    await page.goto(`${ORIGIN}/portal/inloggen`);
    await waitForGuide(page, { step: 'install-app' });
    await clickGuide(page, 'button', 'Gedaan');
    await waitForGuide(page, { step: 'uzi-login' });
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-zorgid-guide]')
          ?.shadowRoot?.querySelector('[data-check="card-present"]')
          ?.getAttribute('data-status') === 'ok',
      { timeout: 30_000 },
    );
    expectNoViolations('uzi-login', await axeGuide());
  });
});
