// The reference scenario end to end: all nine registration steps on the sandbox acceptatie
// instance as a new Portaal administrator would take them, guided by the extension, with the
// unhappy turns (another organisation's card, a wrong PIN, the card pulled mid-validation). The
// steps live in testing/scenario.ts (the walkthrough runs the same ones); each asserts the
// guide's data-step and what the portal did. One `it` per step, in order: a failure names the step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guideState, launchBrowser, listCards, type KitBrowser } from '../../testing/index.js';
import {
  REGISTRATION_SCENARIO,
  createScenario,
  disposeScenario,
  type ScenarioContext,
} from '../../testing/scenario.js';

let launched: KitBrowser;
let ctx: ScenarioContext | undefined;
let failed = false;

beforeAll(async () => {
  // ZORGID_E2E_EXTENSION_DIR: run against a private build while others rebuild dist/ in parallel.
  const extensionDir = process.env.ZORGID_E2E_EXTENSION_DIR;
  launched = await launchBrowser(extensionDir ? { extensionDir } : {});
  ctx = await createScenario(launched.browser);
});

afterAll(async () => {
  if (ctx) console.error(`[registration] what the steps saw:\n  ${ctx.notes.join('\n  ')}`);
  await disposeScenario(ctx);
  await launched?.close();
});

describe('registration of a care organisation, nine steps, guided', () => {
  for (const step of REGISTRATION_SCENARIO) {
    it(`${step.kind === 'unhappy' ? '(unhappy) ' : ''}${step.title}`, async () => {
      if (!ctx) throw new Error('scenario not set up');
      if (failed) throw new Error('an earlier step failed; the scenario cannot continue');
      try {
        await step.run(ctx);
        expect((await guideState(ctx.page)).step).toBe(step.guideStep);
      } catch (error) {
        failed = true;
        throw error;
      }
    });
  }

  it('leaves the zorgverlener card in reader 0', async () => {
    await disposeScenario(undefined);
    const cards = await listCards();
    expect(cards.find((c) => c.reader === 0)?.profile).toBe('zorgverlener');
  });
});
