// The reference scenario: a new Portaal administrator registers the sandbox organisation in all
// nine steps on the sandbox acceptatie instance, guided by the extension, with the unhappy turns a
// real user meets (another organisation's card, a wrong PIN, the card pulled mid-validation).
// test/e2e/registration.test.ts runs it as a test; scripts/walkthrough.ts runs it with a
// screenshot per step. Each step asserts what the guide shows (data-step) and what the portal did.
import assert from 'node:assert/strict';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { sandboxPki } from '../sandbox/card/pki-profiles.js';
import type { CardSet } from '../sandbox/pki/pki.js';
import { errorMessage } from '../shared/errors.js';
import { SANDBOX_ORIGINS } from '../shared/origins.js';
import { insertCard, removeCard, restoreCards, swapProfile } from './card.js';
import { approveConsent } from './consent.js';
import {
  clickGuide,
  expectPanelClear,
  guideLayout,
  guideState,
  waitForGuide,
  waitForGuideCheck,
  type GuideSnapshot,
} from './guide.js';
import { waitForPageApi } from './page-api.js';
import { openPhonePage, phone, type Phone } from './phone.js';
import { resetOrganisation, type ResetOptions } from './portal-state.js';

const WRONG_PIN = '000000';
const APP_PIN = '482916';
const MANAGER_APP_PIN = '864200';
/** The portal's own message when "afronden" finds no card in the reader. */
const NO_CARD_AT_AFRONDEN = 'Geen UZI-pas gevonden. Steek uw pas in de lezer en klik opnieuw op afronden.';
const NAV_TIMEOUT_MS = 30_000;

export interface Person {
  givenName: string;
  surname: string;
  uziNumber: string;
  dateOfBirth: string;
  ura: string;
  organisationName: string;
  /** The card's PIN (sandbox cards: 123456). */
  pin: string;
}

export interface ScenarioContext {
  browser: Browser;
  origin: string;
  /** The administrator's tab. */
  page: Page;
  /** Unique per run: e-mail addresses and names carry it, so the mailbox and lists show this run's entries. */
  runId: string;
  administrator: Person & { email: string };
  otherOrganisation: Person;
  selfRegistrant: Person;
  worker: { givenName: string; surname: string; email: string; dateOfBirth: string };
  manager: { givenName: string; surname: string; email: string; dateOfBirth: string };
  phones: Record<'administrator' | 'manager' | 'worker' | 'selfRegistrant', { page: Page; app: Phone }>;
  /** The beheerder's own browser (their computer: own cookies, no administrator session). */
  managerPage?: Page;
  /** The self-registrant's own tab (opened in step 9c). */
  selfRegistrationPage?: Page;
  applicationNumber?: string;
  /** What each step saw, for reports. */
  notes: string[];
  /** Called at moments inside a step worth a picture (the walkthrough takes a screenshot). */
  moment?: (label: string, page: Page) => Promise<void>;
}

export interface ScenarioStep {
  id: string;
  title: string;
  /** 'step': one of the nine; 'unhappy': a turn that goes wrong and is put right. */
  kind: 'step' | 'unhappy';
  /** The guide step the administrator's tab shows when this scenario step ends. */
  guideStep: string;
  run(ctx: ScenarioContext): Promise<void>;
  /** Pages worth a screenshot after the step (default: the administrator's tab). */
  screens?(ctx: ScenarioContext): Page[];
}

// --- Setting up ---------------------------------------------------------------------------------

export interface ScenarioOptions {
  origin?: string;
  /** Where the running portal keeps its data; reset() removes the organisation there. */
  portal?: ResetOptions;
  runId?: string;
}

function person(set: CardSet): Person {
  const id = set.identity;
  return {
    givenName: id.givenName ?? '',
    surname: id.surname ?? id.commonName,
    uziNumber: id.uziNumber,
    dateOfBirth: set.dateOfBirth,
    ura: id.ura,
    organisationName: id.organisationName,
    pin: set.pin,
  };
}

/**
 * Opens the administrator's tab and three phones, puts the zorgverlener card in reader 0, and
 * removes what earlier runs left of the organisation on the running portal.
 */
export async function createScenario(
  browser: Browser,
  options: ScenarioOptions = {},
): Promise<ScenarioContext> {
  const pki = await sandboxPki();
  const runId = options.runId ?? new Date().toISOString().replace(/\D/g, '').slice(2, 14);
  const administrator = person(pki.card('zorgverlener'));
  resetOrganisation(administrator.ura, options.portal);
  await restoreCards();
  const page = await browser.newPage();
  // A common laptop window: the size at which the guide panel once covered the portal's "Uitloggen".
  await page.setViewport({ width: 1280, height: 860 });
  const openPhone = async () => {
    const phonePage = await openPhonePage(browser);
    return { page: phonePage, app: phone(phonePage, options.origin ?? SANDBOX_ORIGINS.acceptatie) };
  };
  return {
    browser,
    origin: options.origin ?? SANDBOX_ORIGINS.acceptatie,
    page,
    runId,
    administrator: { ...administrator, email: `administrator.${runId}@sandbox.example` },
    otherOrganisation: person(pki.card('andere-organisatie')),
    selfRegistrant: person(pki.card('medewerker')),
    worker: {
      givenName: 'Wim',
      surname: `Werker-${runId}`,
      email: `wim.${runId}@sandbox.example`,
      dateOfBirth: '1988-03-15',
    },
    manager: {
      givenName: 'Bea',
      surname: `Beheer-${runId}`,
      email: `bea.${runId}@sandbox.example`,
      dateOfBirth: '1982-07-09',
    },
    phones: {
      administrator: await openPhone(),
      manager: await openPhone(),
      worker: await openPhone(),
      selfRegistrant: await openPhone(),
    },
    notes: [],
  };
}

/** Closes the scenario's pages and phones and puts the zorgverlener card back in reader 0. */
export async function disposeScenario(ctx: ScenarioContext | undefined): Promise<void> {
  if (ctx) {
    for (const { page } of Object.values(ctx.phones))
      await page
        .browserContext()
        .close()
        .catch(() => undefined);
    await ctx.selfRegistrationPage?.close().catch(() => undefined);
    await ctx.managerPage
      ?.browserContext()
      .close()
      .catch(() => undefined);
    await ctx.page.close().catch(() => undefined);
  }
  await restoreCards();
}

// --- Small page helpers (role + accessible name, as the portal contract promises) ----------------

async function portalControl(page: Page, role: string, name: string): Promise<ElementHandle> {
  const main = await page.waitForSelector('main', { timeout: NAV_TIMEOUT_MS });
  assert.ok(main, 'page has no <main>');
  const control = await main.waitForSelector(`::-p-aria([name="${name}"][role="${role}"])`, {
    timeout: NAV_TIMEOUT_MS,
  });
  assert.ok(control, `${role} "${name}" not found`);
  return control;
}

/**
 * Clicks like a user, at the control's place on the screen, after checking that nothing (the
 * guide's panel above all) covers it there. The panel may still be sliding aside: a short wait.
 */
export async function press(ctx: ScenarioContext, control: ElementHandle, name: string): Promise<void> {
  await control.scrollIntoView();
  const deadline = Date.now() + 3_000;
  for (;;) {
    const coveredBy = await control.evaluate((e) => {
      type Box = { x: number; y: number; width: number; height: number };
      const g = globalThis as unknown as { document: { elementFromPoint(x: number, y: number): unknown } };
      const r = (e as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect();
      const at = g.document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) as {
        tagName?: string;
      } | null;
      return at === e || e.contains(at as never) ? null : (at?.tagName ?? 'nothing (off screen)');
    });
    if (coveredBy === null) return control.click();
    if (Date.now() > deadline)
      throw new Error(`"${name}" is covered by ${coveredBy.toLowerCase()} at ${ctx.page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Clicks a control that loads another page and waits for it. */
export async function follow(
  ctx: ScenarioContext,
  role: string,
  name: string,
  where: { page?: Page; scope?: ElementHandle } = {},
): Promise<void> {
  const page = where.page ?? ctx.page;
  const control = where.scope
    ? await where.scope.waitForSelector(`::-p-aria([name="${name}"][role="${role}"])`)
    : await portalControl(page, role, name);
  assert.ok(control, `${role} "${name}" not found`);
  await Promise.all([page.waitForNavigation({ timeout: NAV_TIMEOUT_MS }), press(ctx, control, name)]);
}

async function go(ctx: ScenarioContext, path: string, page: Page = ctx.page): Promise<void> {
  await page.goto(`${ctx.origin}${path}`, { timeout: NAV_TIMEOUT_MS });
}

const text = (page: Page, selector: string) =>
  page.$eval(selector, (e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim());

async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(
    selector,
    (e, v) => {
      (e as unknown as { value: string }).value = v;
    },
    value,
  );
}

export async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [id, value] of Object.entries(fields)) {
    if ((await page.$eval(`#${id}`, (e) => e.getAttribute('type'))) === 'date')
      await setValue(page, `#${id}`, value);
    else await page.type(`#${id}`, value);
  }
}

/** Waits until the portal's polled status line (the element with data-poll-url) says `text`. */
async function untilPollSays(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected: string) =>
      (
        globalThis as unknown as {
          document: { querySelector(s: string): { textContent: string | null } | null };
        }
      ).document
        .querySelector('[data-poll-url]')
        ?.textContent?.includes(expected) === true,
    { timeout: NAV_TIMEOUT_MS },
    text,
  );
}

async function notices(page: Page): Promise<string[]> {
  return page.$$eval('main .notice', (list) =>
    list.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()),
  );
}

export async function mail(ctx: ScenarioContext, subject: string, recipient: string): Promise<string> {
  await go(ctx, '/mailbox');
  const body = await ctx.page.$$eval(
    'article.mail',
    (articles, s, r) =>
      articles
        .filter((a) => a.querySelector('h2')?.textContent?.trim() === s)
        .filter((a) => a.querySelector('.recipient')?.textContent?.trim() === r)
        .map((a) => a.querySelector('pre')?.textContent ?? '')[0],
    subject,
    recipient,
  );
  assert.ok(body, `mail "${subject}" to ${recipient} not in the mailbox`);
  return body;
}

/** Logs in with the UZI-pas from /portal/inloggen; returns the consent outcomes, in order. */
export async function uziLogin(ctx: ScenarioContext, pins: string[]): Promise<string[]> {
  const page = ctx.page;
  await waitForCardRead(page);
  const results: string[] = [];
  const navigation = page.waitForNavigation({ timeout: 90_000 });
  await press(ctx, await portalControl(page, 'button', 'Inloggen met UZI-pas'), 'Inloggen met UZI-pas');
  try {
    for (const pin of pins) {
      const outcome = await approveConsent(ctx.browser, pin);
      results.push(outcome.result === 'problem' ? `problem: ${outcome.problem}` : outcome.result);
      if (outcome.result === 'problem') await moment(ctx, 'pincodevenster', outcome.window);
    }
    await navigation;
  } catch (error) {
    const status = await text(page, '#uzi-status').catch(() => '');
    throw new Error(
      `UZI login: ${String(error)}; page says "${status}"; consent so far: ${results.join(', ')}`,
    );
  }
  return results;
}

/** After a card swap the host needs a moment before the card answers through PKCS#11. */
export async function waitForCardRead(page: Page): Promise<void> {
  await waitForPageApi(page);
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as { ZorgIdCompanion: { readCard(): Promise<unknown> } }
      ).ZorgIdCompanion.readCard().then(
        () => true,
        () => false,
      ),
    { timeout: NAV_TIMEOUT_MS, polling: 1_000 },
  );
}

async function logout(ctx: ScenarioContext): Promise<void> {
  const header = await ctx.page.waitForSelector('header');
  assert.ok(header);
  await follow(ctx, 'button', 'Uitloggen', { scope: header });
}

const note = (ctx: ScenarioContext, line: string) => ctx.notes.push(line);
const moment = (ctx: ScenarioContext, label: string, page: Page = ctx.page) =>
  ctx.moment?.(label, page) ?? Promise.resolve();

async function expectGuide(
  ctx: ScenarioContext,
  step: string,
  page: Page = ctx.page,
): Promise<GuideSnapshot> {
  const seen = await waitForGuide(page, { step });
  // Wherever the guide shows a step, its panel leaves the outlined control and the header free.
  const layout = await expectPanelClear(page);
  note(ctx, `guide: ${seen.step} (${seen.state})${layout.collapsed ? ', panel collapsed' : ''}`);
  return seen;
}

// --- The steps ----------------------------------------------------------------------------------

export const REGISTRATION_SCENARIO: readonly ScenarioStep[] = [
  {
    id: 'prepare',
    title: '1 Voorbereiding: rollen afvinken, "Gedaan"',
    kind: 'step',
    guideStep: 'application-form',
    async run(ctx) {
      await go(ctx, '/aanvraag');
      const first = await expectGuide(ctx, 'prepare');
      assert.equal(first.title, 'Voorbereiding');
      // A supplier testing on acceptatie says so; then the acceptance warning goes.
      await clickGuide(ctx.page, 'checkbox', 'Ik ben leverancier en test');
      await clickGuide(ctx.page, 'checkbox', 'Heeft een UZI-pas');
      await clickGuide(ctx.page, 'checkbox', 'Heeft een geldig identiteitsbewijs of een geldige UZI-pas');
      await clickGuide(ctx.page, 'button', 'Gedaan');
      await expectGuide(ctx, 'application-form');
    },
  },
  {
    id: 'application-form',
    title: '2 Aanvraagformulier invullen en versturen',
    kind: 'step',
    guideStep: 'application-form',
    async run(ctx) {
      const a = ctx.administrator;
      await fill(ctx.page, {
        'veld-organisatienaam': a.organisationName,
        'veld-ura': a.ura,
        'veld-kvk': '12345678',
        'veld-voornaam': a.givenName,
        'veld-achternaam': a.surname,
        'veld-geboortedatum': a.dateOfBirth,
        'veld-email': a.email,
        'veld-telefoon': '0612345678',
        'veld-uzinummer': a.uziNumber,
        'veld-vertegenwoordiger_naam': 'Vera Vertegenwoordiger',
        'veld-vertegenwoordiger_email': `vera.${ctx.runId}@sandbox.example`,
      });
      await press(ctx, (await ctx.page.$('#veld-akkoord'))!, 'akkoord');
      await follow(ctx, 'button', 'Aanvraag versturen');
      assert.equal(await text(ctx.page, 'main h1'), 'Aanvraag ontvangen');
      const number = /nummer (\d+)/.exec(await text(ctx.page, 'main'))?.[1];
      assert.ok(number, 'no application number on the receipt');
      ctx.applicationNumber = number;
      const seen = await waitForGuide(ctx.page, { step: 'application-form', state: 'waiting' });
      note(ctx, `aanvraag ${number}; guide ${seen.step} (${seen.state})`);
    },
  },
  {
    id: 'application-approved',
    title: '2 Kopie in de mailbox, goedkeuring, bevestiging gelezen',
    kind: 'step',
    guideStep: 'portal-login',
    async run(ctx) {
      const copy = await mail(ctx, 'Kopie van uw aanvraag', ctx.administrator.email);
      assert.match(copy, new RegExp(`aanvraag ${ctx.applicationNumber}`));
      await waitForGuide(ctx.page, { step: 'application-form', state: 'waiting' });
      await go(ctx, '/backoffice');
      const article = await ctx.page.waitForSelector(
        `::-p-xpath(//article[h2[starts-with(normalize-space(.), "Aanvraag ${ctx.applicationNumber}:")]])`,
      );
      assert.ok(article, `application ${ctx.applicationNumber} not in the backoffice`);
      await follow(ctx, 'button', 'Goedkeuren', { scope: article });
      const confirmation = await mail(ctx, 'Bevestiging van uw aanvraag', ctx.administrator.email);
      assert.match(confirmation, /goedgekeurd/);
      // The guide saw the confirmation: step 2 is done, next is opening the portal.
      await expectGuide(ctx, 'portal-login');
    },
  },
  {
    id: 'portal-login',
    title: '3 Portaal openen, "Inloggen"',
    kind: 'step',
    guideStep: 'install-app',
    async run(ctx) {
      await go(ctx, '/portal');
      // The portal's home page is step 3, shown with its own control outlined: "Inloggen".
      const seen = await expectGuide(ctx, 'portal-login');
      assert.ok(seen.messages.includes('Klik op “Inloggen” (omlijnd).'), JSON.stringify(seen.messages));
      assert.ok((await guideLayout(ctx.page)).outline, '"Inloggen" is not outlined');
      await follow(ctx, 'link', 'Inloggen');
      assert.equal(await text(ctx.page, 'main h1'), 'Inloggen');
      // On the login page step 3 is done. The page belongs to step 5, but the app (step 4) comes
      // first: the guide shows it with its QR codes and outlines nothing of step 5.
      const app = await expectGuide(ctx, 'install-app');
      assert.ok(
        app.messages.some((m) => m.includes('Inloggen met UZI-pas')),
        `no "then: Inloggen met UZI-pas": ${JSON.stringify(app.messages)}`,
      );
      assert.ok(!app.messages.some((m) => m.includes('(omlijnd)')), JSON.stringify(app.messages));
      assert.equal((await guideLayout(ctx.page)).outline, null, 'a control of another step is outlined');
    },
  },
  {
    id: 'install-app',
    title: '4 App installeren, pincode kiezen, "Gedaan"',
    kind: 'step',
    guideStep: 'uzi-login',
    async run(ctx) {
      const screen = await ctx.phones.administrator.app.choosePin(APP_PIN);
      assert.deepEqual(screen.errors, []);
      assert.equal(screen.identity, undefined, 'a new phone has no identity yet');
      await clickGuide(ctx.page, 'button', 'Gedaan');
      await expectGuide(ctx, 'uzi-login');
    },
    screens: (ctx) => [ctx.page, ctx.phones.administrator.page],
  },
  {
    id: 'other-organisation-card',
    title: 'Mis: pas van een andere organisatie → "URA onbekend"',
    kind: 'unhappy',
    guideStep: 'uzi-login',
    async run(ctx) {
      const other = ctx.otherOrganisation;
      await swapProfile(0, 'andere-organisatie');
      assert.deepEqual(await uziLogin(ctx, [other.pin]), ['closed']);
      assert.ok((await text(ctx.page, 'header')).includes(`${other.givenName} ${other.surname}`));
      await follow(ctx, 'link', 'Organisatie registratie afronden');
      await follow(ctx, 'button', 'Organisatie registratie afronden');
      await follow(ctx, 'button', 'afronden');
      const refusal = (await notices(ctx.page)).join(' ');
      assert.match(refusal, /URA onbekend/);
      assert.match(refusal, new RegExp(other.ura));
      // The guide compares the card with the application: URA 90000002 is not the one applied for.
      const seen = await waitForGuide(ctx.page, { step: 'validate-organisation', state: 'warning' });
      const check = seen.checks.find((c) => c.id === 'ura-matches-application');
      assert.equal(check?.status, 'warning', JSON.stringify(seen.checks));
      await moment(ctx, 'URA onbekend');
      note(ctx, `portal: ${refusal}`);
      note(ctx, `guide: ${check.text}`);
      await logout(ctx);
      await swapProfile(0, 'zorgverlener');
      await go(ctx, '/portal/inloggen');
      await expectGuide(ctx, 'uzi-login');
    },
  },
  {
    id: 'uzi-login',
    title: '5 Inloggen met UZI-pas: eerst een verkeerde pincode, dan de goede',
    kind: 'step',
    guideStep: 'validate-organisation',
    async run(ctx) {
      const a = ctx.administrator;
      await waitForGuideCheck(ctx.page, 'card-present', 'ok', 30_000);
      const outcomes = await uziLogin(ctx, [WRONG_PIN, a.pin]);
      assert.equal(outcomes.length, 2);
      assert.match(outcomes[0] ?? '', /De pincode is onjuist/);
      assert.equal(outcomes[1], 'closed');
      note(ctx, `consent: ${outcomes.join(' → ')}`);
      assert.ok((await text(ctx.page, 'header')).includes(`${a.givenName} ${a.surname}`));
      await follow(ctx, 'link', 'Organisatie registratie afronden');
      await expectGuide(ctx, 'validate-organisation');
    },
  },
  {
    id: 'card-pulled',
    title: 'Mis: pas uit de lezer tijdens het valideren, terugsteken',
    kind: 'unhappy',
    guideStep: 'validate-organisation',
    async run(ctx) {
      await follow(ctx, 'button', 'Organisatie registratie afronden');
      const afronden = await portalControl(ctx.page, 'button', 'afronden');
      await removeCard(0);
      const missing = await waitForGuideCheck(ctx.page, 'card-present', 'warning', 30_000);
      assert.equal(missing.text, errorMessage('NO_CARD', 'nl'));
      const seen = await waitForGuide(ctx.page, { step: 'validate-organisation', state: 'warning' });
      note(ctx, `guide without card: ${seen.state}: ${missing.text}`);
      // "afronden" reads the card: without one the portal says so itself and stays on the page.
      await press(ctx, afronden, 'afronden');
      await ctx.page.waitForFunction(
        (wanted) =>
          (
            globalThis as unknown as {
              document: { getElementById(id: string): { textContent: string | null } | null };
            }
          ).document
            .getElementById('uzi-status')
            ?.textContent?.trim() === wanted,
        { timeout: NAV_TIMEOUT_MS },
        NO_CARD_AT_AFRONDEN,
      );
      assert.equal(new URL(ctx.page.url()).pathname, '/portal/organisatie');
      note(ctx, `portal without card at "afronden": ${NO_CARD_AT_AFRONDEN}`);
      await moment(ctx, 'zonder pas');
      await insertCard(0, 'zorgverlener');
      await waitForGuideCheck(ctx.page, 'card-present', 'ok', 30_000);
      await expectGuide(ctx, 'validate-organisation');
    },
  },
  {
    id: 'validate-organisation',
    title: '6 Organisatie valideren: "afronden", gegevens controleren, "volgende"',
    kind: 'step',
    guideStep: 'create-mobile-id',
    async run(ctx) {
      const a = ctx.administrator;
      // The card is back in the reader: "afronden" reads the organisation from it.
      await waitForCardRead(ctx.page);
      await follow(ctx, 'button', 'afronden');
      const facts = await ctx.page.$$eval('main dl dt', (terms) =>
        terms.map((t) => [t.textContent?.trim() ?? '', t.nextElementSibling?.textContent?.trim() ?? '']),
      );
      assert.deepEqual(Object.fromEntries(facts), {
        Organisatienaam: a.organisationName,
        'URA-nummer': a.ura,
      });
      const seen = await expectGuide(ctx, 'validate-organisation');
      for (const id of ['ura-matches-page', 'ura-matches-application']) {
        assert.equal(
          seen.checks.find((c) => c.id === id)?.status,
          'ok',
          `${id}: ${JSON.stringify(seen.checks)}`,
        );
      }
      await follow(ctx, 'button', 'volgende');
      assert.equal(new URL(ctx.page.url()).pathname, '/portal/mobile-app-id');
      await expectGuide(ctx, 'create-mobile-id');
    },
  },
  {
    id: 'create-mobile-id',
    title: '7 Mobile App ID aanmaken: naam getoond, geboortedatum, bevestigen; QR scannen met de app',
    kind: 'step',
    guideStep: 'activate-identity',
    async run(ctx) {
      const a = ctx.administrator;
      // The step plan's order (seed step 7): the portal shows the name, asks the date of birth, and only
      // after "Bevestigen" shows the QR code; the app scans it, which activates the identity.
      const shown = await ctx.page.$$eval('main dl dd', (dd) => dd.map((d) => d.textContent?.trim() ?? ''));
      assert.deepEqual(shown, [a.givenName, a.surname]);
      assert.equal(
        await ctx.page.$('img[alt="QR-code voor de ZORG-ID app"]'),
        null,
        'QR code before the date',
      );
      await setValue(ctx.page, '#veld-geboortedatum', a.dateOfBirth);
      await moment(ctx, 'geboortedatum');
      await follow(ctx, 'button', 'Bevestigen');
      await expectGuide(ctx, 'create-mobile-id');
      const app = ctx.phones.administrator.app;
      await app.unlock(APP_PIN);
      const scanned = await app.scanFrom(ctx.page);
      assert.deepEqual(scanned.errors, []);
      assert.match(scanned.notices.join(' '), /identiteit is geactiveerd/);
      assert.equal(scanned.identity, `${a.givenName} ${a.surname}`);
      // The portal sees the confirmation and moves on to step 8 by itself …
      await ctx.page.waitForFunction(
        () =>
          (globalThis as unknown as { location: { pathname: string } }).location.pathname ===
          '/portal/activeren',
        { timeout: NAV_TIMEOUT_MS },
      );
      // … and the guide takes that page as the evidence: step 7 is done without a "Gedaan".
      await expectGuide(ctx, 'activate-identity');
      await clickGuide(ctx.page, 'button', 'Vorige stap');
      const seven = await waitForGuide(ctx.page, { step: 'create-mobile-id', state: 'done' });
      // "Deze stap is afgerond." is the guide's word for done by page evidence (not by the user).
      assert.ok(
        seven.messages.includes('Deze stap is afgerond.'),
        `step 7 not done by page evidence: ${JSON.stringify(seven.messages)}`,
      );
      await clickGuide(ctx.page, 'button', 'Volgende stap');
      await expectGuide(ctx, 'activate-identity');
    },
    screens: (ctx) => [ctx.page, ctx.phones.administrator.page],
  },
  {
    id: 'activate-identity',
    title: '8 Identiteit activeren: inloggen met de app',
    kind: 'step',
    guideStep: 'setup-management',
    async run(ctx) {
      const scanned = await ctx.phones.administrator.app.scanFrom(ctx.page);
      assert.match(scanned.notices.join(' '), /U bent ingelogd/);
      await ctx.page.waitForFunction(
        () =>
          (globalThis as unknown as { location: { pathname: string } }).location.pathname ===
          '/portal/beheer',
        { timeout: NAV_TIMEOUT_MS },
      );
      await ctx.page.waitForSelector('main h1');
      assert.match(await text(ctx.page, 'header'), /Portaal administrator/);
      await expectGuide(ctx, 'setup-management');
    },
    screens: (ctx) => [ctx.page, ctx.phones.administrator.page],
  },
  {
    id: 'appoint-manager',
    title: '9 Beheer: een Portaal beheerder aanwijzen; de beheerder maakt een Mobile App ID aan',
    kind: 'step',
    guideStep: 'setup-management',
    async run(ctx) {
      const m = ctx.manager;
      await fill(ctx.page, {
        'veld-b_voornaam': m.givenName,
        'veld-b_achternaam': m.surname,
        'veld-b_email': m.email,
        'veld-b_geboortedatum': m.dateOfBirth,
      });
      await follow(ctx, 'button', 'Beheerder toevoegen');
      assert.match((await notices(ctx.page)).join(' '), /is toegevoegd als Portaal beheerder/);
      assert.match(await text(ctx.page, '#beheerders-kop + ul'), new RegExp(`${m.givenName} ${m.surname}`));
      // The beheerder personalises their own phone with the QR code the administrator shows.
      const app = ctx.phones.manager.app;
      await app.choosePin(MANAGER_APP_PIN);
      const scanned = await app.scanFrom(ctx.page);
      assert.deepEqual(scanned.names, [m.givenName, m.surname]);
      const confirmed = await app.confirmDateOfBirth(m.dateOfBirth);
      assert.deepEqual(confirmed.errors, []);
      assert.match(confirmed.notices.join(' '), /identiteit is aangemaakt/);
      await go(ctx, '/portal/beheer');
      assert.match(
        await text(ctx.page, '#beheerders-kop + ul'),
        new RegExp(`${m.givenName} ${m.surname} · Portaal beheerder .* Mobile App ID actief`),
      );
      await expectGuide(ctx, 'setup-management');
    },
    screens: (ctx) => [ctx.page, ctx.phones.manager.page],
  },
  {
    id: 'register-worker',
    title:
      '9 Beheer: de beheerder logt in met ZORG-ID Mobiel en registreert een zorgmedewerker (WID-controle)',
    kind: 'step',
    guideStep: 'setup-management',
    async run(ctx) {
      const m = ctx.manager;
      const w = ctx.worker;
      // The beheerder at their own computer: a browser of their own, logged in with their phone.
      const context = await ctx.browser.createBrowserContext();
      const page = (ctx.managerPage = await context.newPage());
      await page.setViewport({ width: 1280, height: 900 });
      await go(ctx, '/portal/inloggen?methode=mobiel', page);
      const login = await ctx.phones.manager.app.scanFrom(page);
      assert.match(login.notices.join(' '), /U bent ingelogd/);
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { location: { pathname: string } }).location.pathname ===
          '/portal/beheer',
        { timeout: NAV_TIMEOUT_MS },
      );
      await page.waitForSelector('main h1');
      assert.match(await text(page, 'header'), new RegExp(`${m.givenName} ${m.surname}.*Portaal beheerder`));
      await fill(page, {
        'veld-m_voornaam': w.givenName,
        'veld-m_achternaam': w.surname,
        'veld-m_email': w.email,
        'veld-m_geboortedatum': w.dateOfBirth,
      });
      await follow(ctx, 'button', 'Zorgmedewerker registreren', { page });
      // The WID check (ZORG-ID: the app reads the identity document's chip): the worker's own phone
      // scans the check's QR code, then the passport is held against the phone.
      const app = ctx.phones.worker.app;
      await app.choosePin('739104');
      const wid = await app.scanFrom(page);
      assert.equal(wid.heading, 'Scan identiteitsbewijs', JSON.stringify(wid));
      const read = await app.scanDocument('paspoort', 'geldig');
      assert.deepEqual(read.errors, []);
      assert.match(read.notices.join(' '), /Uw paspoort is gecontroleerd/);
      await untilPollSays(page, 'Identiteitsbewijs gecontroleerd');
      await follow(ctx, 'button', 'Registratie afronden', { page });
      assert.match((await notices(page)).join(' '), /is geregistreerd/);
      // The worker personalises the same phone with the QR code the beheerder shows now.
      const scanned = await app.scanFrom(page);
      assert.deepEqual(scanned.names, [w.givenName, w.surname]);
      const confirmed = await app.confirmDateOfBirth(w.dateOfBirth);
      assert.match(confirmed.notices.join(' '), /identiteit is aangemaakt/);
      // The administrator sees the worker, registered by the beheerder, in the list.
      await ctx.page.bringToFront();
      await go(ctx, '/portal/beheer');
      const workers = await text(ctx.page, '#medewerkers-kop + ul');
      assert.match(
        workers,
        new RegExp(`${w.givenName} ${w.surname} · Zorgmedewerker .* Mobile App ID actief · WID: paspoort`),
      );
      assert.match(
        await text(ctx.page, '.log'),
        new RegExp(
          `${m.givenName} ${m.surname}: zorgmedewerker geregistreerd \\(WID-controle\\) ${w.givenName}`,
        ),
      );
      await expectGuide(ctx, 'setup-management');
    },
    screens: (ctx) => [ctx.managerPage ?? ctx.page, ctx.phones.worker.page],
  },
  {
    id: 'self-registration',
    title: '9 Zelfregistratie met de medewerkerpas op /uzi-portaal, ondertekenen',
    kind: 'step',
    guideStep: 'setup-management',
    async run(ctx) {
      const s = ctx.selfRegistrant;
      await swapProfile(0, 'medewerker');
      const page = (ctx.selfRegistrationPage ??= await ctx.browser.newPage());
      await page.setViewport({ width: 1280, height: 900 });
      await go(ctx, '/uzi-portaal', page);
      await waitForCardRead(page);
      let navigation = page.waitForNavigation({ timeout: 90_000 });
      await press(
        ctx,
        await portalControl(page, 'button', 'Registreren met UZI-pas'),
        'Registreren met UZI-pas',
      );
      assert.equal((await approveConsent(ctx.browser, s.pin)).result, 'closed');
      await navigation;
      const shown = await text(page, 'main dl');
      assert.ok(shown.includes(`${s.givenName} ${s.surname}`) && shown.includes(s.ura), shown);
      await setValue(page, '#veld-geboortedatum', s.dateOfBirth);
      await follow(ctx, 'button', 'Volgende', { page });
      assert.match(await text(page, 'blockquote[data-statement]'), new RegExp(`UZI-nummer ${s.uziNumber}`));
      navigation = page.waitForNavigation({ timeout: 90_000 });
      await press(
        ctx,
        await portalControl(page, 'button', 'Bevestigen met UZI-pas'),
        'Bevestigen met UZI-pas',
      );
      const signed = await approveConsent(ctx.browser, s.pin);
      assert.equal(signed.result, 'closed');
      await navigation;
      const app = ctx.phones.selfRegistrant.app;
      await app.choosePin('615283');
      // EU-005: the date of birth was asked in the portal; scanning the QR code personalises the app.
      const scanned = await app.scanFrom(page);
      assert.match(scanned.notices.join(' '), /identiteit is geactiveerd/);
      assert.equal(scanned.identity, `${s.givenName} ${s.surname}`);
      await untilPollSays(page, 'Bevestigd in de app');
      await follow(ctx, 'button', 'Sluiten', { page });
      await swapProfile(0, 'zorgverlener');
    },
    screens: (ctx) => [ctx.selfRegistrationPage ?? ctx.page, ctx.phones.selfRegistrant.page],
  },
  {
    id: 'setup-management',
    title: '9 Beheer ingericht: beide medewerkers actief, "Gedaan"',
    kind: 'step',
    guideStep: 'setup-management',
    async run(ctx) {
      await ctx.page.bringToFront();
      await go(ctx, '/portal/beheer');
      const workers = await text(ctx.page, '#medewerkers-kop + ul');
      for (const who of [ctx.worker, ctx.selfRegistrant]) {
        assert.match(
          workers,
          new RegExp(`${who.givenName} ${who.surname} · Zorgmedewerker .* Mobile App ID actief`),
        );
      }
      await expectGuide(ctx, 'setup-management');
      await clickGuide(ctx.page, 'button', 'Gedaan');
      const done = await waitForGuide(ctx.page, { step: 'setup-management', state: 'done' });
      assert.ok(
        done.messages.some((m) => m.startsWith('Klaar!')),
        `no "Klaar!" message: ${JSON.stringify(done.messages)}`,
      );
      note(ctx, `guide: ${done.messages.join(' | ')}`);
    },
  },
];

/** Runs the steps in order; `after` sees each step (for screenshots and reports). */
export async function runScenario(
  ctx: ScenarioContext,
  after?: (step: ScenarioStep, guide: GuideSnapshot, ms: number) => Promise<void>,
): Promise<void> {
  for (const step of REGISTRATION_SCENARIO) {
    const started = Date.now();
    await step.run(ctx);
    const guide = await guideState(ctx.page);
    assert.equal(guide.step, step.guideStep, `after ${step.id} the guide shows ${guide.step}`);
    await after?.(step, guide, Date.now() - started);
  }
}
