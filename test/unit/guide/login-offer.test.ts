// @vitest-environment happy-dom
// Which way of logging in the page offers (page API or ZORG-ID Desktop App), and what the guide
// then says and checks: the step's page variant and the PIN-tries check.
import { describe, expect, it } from 'vitest';
import { detectStep } from '../../../extension/portal/detect-step.js';
import { runCheck } from '../../../shared/steps/checks.js';
import { applyStepMapCorrections, validateStepMap } from '../../../shared/steps/corrections.js';
import { loginOfferOf, stepForPage } from '../../../shared/steps/page-variant.js';
import { DEFAULT_STEP_MAP } from '../../../shared/steps/step-map.js';
import type { CardStatusView } from '../../../shared/steps/card-status.js';
import type { CheckId } from '../../../shared/steps/types.js';
import { SANDBOX_ACCEPTANCE, loadPage } from './fixtures.js';

const LOGIN_URL = `${SANDBOX_ACCEPTANCE}/portal/inloggen`;
const page = (control: string) => `<!doctype html><html lang="nl"><head>
  <meta name="zorgid-sandbox" content="acceptatie"></head><body><main>
  <h1>Inloggen</h1>${control}
  <form><button type="submit">Inloggen met ZORG-ID Mobiel</button></form></main></body></html>`;

const DESKTOP_APP_PAGE = page(
  '<p><a class="button" href="zorgid://inloggen?code=abc">Inloggen met UZI-pas</a></p>',
);
const PAGE_API_PAGE = page('<button type="button">Inloggen met UZI-pas</button>');

function detect(html: string, url = LOGIN_URL) {
  const { document } = loadPage(html, url);
  return detectStep(document, { href: url }, DEFAULT_STEP_MAP);
}

const uziLogin = DEFAULT_STEP_MAP.steps.find((s) => s.id === 'uzi-login')!;

describe('the login page: page API or ZORG-ID Desktop App', () => {
  it('a link "Inloggen met UZI-pas" is the Desktop App; a button is the page API', () => {
    const desktop = detect(DESKTOP_APP_PAGE);
    expect(desktop.stepId).toBe('uzi-login');
    expect(loginOfferOf(desktop.pageId)).toBe('desktop-app');
    expect(desktop.target?.getAttribute('href')).toMatch(/^zorgid:/);
    const api = detect(PAGE_API_PAGE);
    expect(loginOfferOf(api.pageId)).toBe('page-api');
    expect(api.target?.tagName).toBe('BUTTON');
  });

  it('also on the real portal, where the login path is unknown', () => {
    const href = 'https://productie.zorg-id.nl/portal/ergens';
    const result = detect(DESKTOP_APP_PAGE.replace(/<meta name="zorgid-sandbox"[^>]*>/, ''), href);
    expect(result.environment).toBe('productie');
    expect(loginOfferOf(result.pageId)).toBe('desktop-app');
    expect(result.doneSteps).toContain('portal-login');
  });

  it('Desktop App mode says so, and guides install, the browser prompt and which PIN', () => {
    const step = stepForPage(uziLogin, detect(DESKTOP_APP_PAGE).pageId);
    const nl = step.instructions.nl.join(' ');
    expect(nl).toContain('opent voor de UZI-pas de ZORG-ID Desktop App');
    expect(nl).toContain('Installeer hem eerst');
    expect(nl).toContain('De browser vraagt of hij de ZORG-ID Desktop App mag openen');
    expect(nl).toContain('pincodebrief van het UZI-register, niet de pincode van de ZORG-ID app');
    expect(step.instructions.en).toHaveLength(step.instructions.nl.length);
    expect(step.checks).toEqual(
      expect.arrayContaining([
        'reader-present',
        'card-present',
        'pin-tries-left',
        'ura-matches-application',
        'organisation-matches-application',
      ]),
    );
  });

  it('page API mode says the Desktop App is not needed; other pages keep the step as it is', () => {
    const step = stepForPage(uziLogin, detect(PAGE_API_PAGE).pageId);
    expect(step.instructions.nl[0]).toContain('u heeft de ZORG-ID Desktop App niet nodig');
    expect(stepForPage(uziLogin, undefined)).toBe(uziLogin);
    expect(stepForPage(uziLogin, 'organisation-check')).toBe(uziLogin);
  });

  it('a policy correction can give a page its own instructions; bad ones are refused', () => {
    const corrected = applyStepMapCorrections(DEFAULT_STEP_MAP, {
      steps: {
        'uzi-login': {
          pages: [
            {
              id: 'portal-login-desktop-app',
              landmarks: [{ role: 'link', name: 'Aanmelden met UZI-pas' }],
              instructions: { nl: ['Klik op Aanmelden met UZI-pas.'], en: ['Click Aanmelden met UZI-pas.'] },
              checks: ['pin-tries-left'],
            },
          ],
        },
      },
    });
    expect(corrected.problems).toEqual([]);
    const step = corrected.map.steps.find((s) => s.id === 'uzi-login')!;
    expect(stepForPage(step, 'portal-login-desktop-app').instructions.nl).toEqual([
      'Klik op Aanmelden met UZI-pas.',
    ]);
    const bad = validateStepMap({
      ...DEFAULT_STEP_MAP,
      steps: DEFAULT_STEP_MAP.steps.map((s) =>
        s.id === 'uzi-login'
          ? {
              ...s,
              pages: [
                { ...s.pages[1]!, instructions: { nl: ['een'], en: [] }, checks: ['geen-check' as CheckId] },
              ],
            }
          : s,
      ),
    });
    expect(bad.join(' ')).toMatch(/instructions: nl and en differ/);
    expect(bad.join(' ')).toMatch(/unknown check/);
  });
});

describe('step 6 "afronden": page API or ZORG-ID Desktop App, as at the login', () => {
  const ORGANISATION_URL = `${SANDBOX_ACCEPTANCE}/portal/organisatie`;
  const organisationPage = (control: string) => `<!doctype html><html lang="nl"><head>
    <meta name="zorgid-sandbox" content="acceptatie"></head><body><main>
    <h1>Organisatie registratie</h1><p>Houd uw UZI-pas in de paslezer.</p>${control}</main></body></html>`;
  const validate = DEFAULT_STEP_MAP.steps.find((s) => s.id === 'validate-organisation')!;

  it('a link "afronden" is the Desktop App: its own instructions (browser prompt, which PIN) and the PIN check', () => {
    const desktop = detect(
      organisationPage('<p><a class="button" href="zorgid://afronden?code=abc">afronden</a></p>'),
      ORGANISATION_URL,
    );
    expect(desktop.stepId).toBe('validate-organisation');
    expect(loginOfferOf(desktop.pageId)).toBe('desktop-app');
    expect(desktop.target?.getAttribute('href')).toMatch(/^zorgid:/);
    const step = stepForPage(validate, desktop.pageId);
    const nl = step.instructions.nl.join(' ');
    expect(nl).toContain('ZORG-ID Desktop App');
    expect(nl).toContain('De browser vraagt of hij de ZORG-ID Desktop App mag openen');
    expect(nl).toContain('pincodebrief van het UZI-register, niet de pincode van de ZORG-ID app');
    expect(nl).toContain('“volgende”');
    expect(step.instructions.en).toHaveLength(step.instructions.nl.length);
    expect(step.checks).toContain('pin-tries-left');
  });

  it('a button "afronden" is the page API and keeps the step as the seed has it', () => {
    const api = detect(
      organisationPage('<form><button type="submit">afronden</button></form>'),
      ORGANISATION_URL,
    );
    expect(api.stepId).toBe('validate-organisation');
    expect(loginOfferOf(api.pageId)).toBe('page-api');
    expect(api.target?.tagName).toBe('BUTTON');
    expect(stepForPage(validate, api.pageId)).toBe(validate);
    expect(validate.instructions.nl.join(' ')).not.toContain('Desktop App');
  });
});

describe('check: PIN tries left, read without a PIN', () => {
  const card = (pin: CardStatusView['pin']): CardStatusView => ({
    readerName: 'Virtual PCD 00 00',
    cardPresent: true,
    cardKind: 'uzi',
    identity: undefined,
    ...(pin ? { pin } : {}),
  });
  const ctx = (pin: CardStatusView['pin']) => ({ card: card(pin), page: {}, application: {} });

  it('unknown until the host said, ok with tries left, warning on the last try or blocked', () => {
    expect(runCheck('pin-tries-left', ctx(undefined)).status).toBe('unknown');
    const ok = runCheck('pin-tries-left', ctx({ triesLeft: 3, blocked: false, finalTry: false }));
    expect(ok.status).toBe('ok');
    expect(ok.message.nl).toContain('nog 3 pogingen');
    expect(runCheck('pin-tries-left', ctx({ triesLeft: null, blocked: false, finalTry: false })).status).toBe(
      'ok',
    );
    const last = runCheck('pin-tries-left', ctx({ triesLeft: null, blocked: false, finalTry: true }));
    expect(last.status).toBe('warning');
    expect(last.message.nl).toContain('nog één pincodepoging');
    const blocked = runCheck('pin-tries-left', ctx({ triesLeft: 0, blocked: true, finalTry: false }));
    expect(blocked.status).toBe('warning');
    expect(blocked.message.nl).toContain('SafeSign Standaard → Token Administratie');
    expect(blocked.message.nl).toContain('drie foute PUK-codes');
  });
});
