// The real-portal variant (sandbox/portal/routes/desktop-app.ts): "Inloggen met UZI-pas" is a link
// that asks the browser to open the ZORG-ID Desktop App, pages get no page API, and the login
// completes when the Desktop App stand-in reports a token the card signed for the login's challenge.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type RunningPortal } from '../../../sandbox/portal/index.js';
import { createTestPki, makeAuthToken, type TestCard, type TestPki } from '../../unit/verifier/test-pki.js';
import { Browser, csrfOf, pollUrlOf } from './client.js';

let pki: TestPki;
let card: TestCard;
let colleague: TestCard;
/** The test PKI's default URA (test/unit/verifier/test-pki.ts): both cards belong to it. */
const URA = '90000001';
let dataDir: string;
let pageApiPath: string;
let real: RunningPortal;
let usual: RunningPortal;

const PAGE_API_MARKER = '/* the real page API bundle (test stand-in) */';

beforeAll(async () => {
  pki = await createTestPki();
  card = await pki.issueCard({ uziNumber: '900012345', givenName: 'Anna', surname: 'de Vries' });
  colleague = await pki.issueCard({ uziNumber: '900054321', givenName: 'Bert', surname: 'Collega' });
  dataDir = mkdtempSync(join(tmpdir(), 'zorgid-portal-desktop-'));
  pageApiPath = join(dataDir, 'zorgid-page.js');
  writeFileSync(pageApiPath, PAGE_API_MARKER);
  const common = { environment: 'acceptatie' as const, port: 0, trustedCaPems: pki.caPems, pageApiPath };
  real = await startPortal({ ...common, dataDir: join(dataDir, 'echt'), realPortal: true });
  usual = await startPortal({ ...common, dataDir: join(dataDir, 'gewoon') });
});

afterAll(async () => {
  await real?.close();
  await usual?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The login code in the Desktop App link, and the challenge the stand-in page hands the card. */
async function startDesktopLogin(browser: Browser) {
  const login = await browser.get('/portal/inloggen');
  const href = /<a class="button" href="(zorgid:[^"]+)">Inloggen met UZI-pas<\/a>/.exec(login.text)?.[1];
  expect(href, 'no Desktop App link').toBeDefined();
  const code = new URL(href!.replaceAll('&amp;', '&')).searchParams.get('code') ?? '';
  const app = await new Browser(browser.base).get(`/desktop-app?code=${code}`);
  const challenge = /data-challenge="([^"]+)"/.exec(app.text)?.[1] ?? '';
  return { login, code, challenge, app };
}

async function reportCardUsed(base: string, code: string, token: unknown) {
  const desktop = new Browser(base);
  const reply = await desktop.request('/api/desktop-app/inloggen', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, token }),
  });
  return { status: reply.status, json: JSON.parse(reply.text) as { ok: boolean; code?: string } };
}

describe('real-portal variant: the login opens the ZORG-ID Desktop App', () => {
  it('shows "Inloggen met UZI-pas" as a zorgid: link, no page-API button, and serves no page API', async () => {
    const browser = new Browser(real.url);
    const { login, app } = await startDesktopLogin(browser);
    expect(login.text).not.toContain('data-action="uzi-login"');
    expect(login.text).toContain('Wacht op de ZORG-ID Desktop App');
    expect((await browser.get('/static/zorgid-page.js')).text).not.toContain(PAGE_API_MARKER);
    // The Desktop App stand-in itself uses the card through the real page API.
    expect(app.text).toContain('/static/desktop-app/zorgid-page.js');
    expect((await browser.get('/static/desktop-app/zorgid-page.js')).text).toBe(PAGE_API_MARKER);
  });

  it('the usual portal keeps its page API; one browser can switch to the variant and back', async () => {
    const browser = new Browser(usual.url);
    expect((await browser.get('/static/zorgid-page.js')).text).toBe(PAGE_API_MARKER);
    expect((await browser.get('/portal/inloggen')).text).toContain('data-action="uzi-login"');
    expect((await browser.get('/sandbox/portaal?variant=desktop-app')).status).toBe(303);
    expect((await browser.get('/static/zorgid-page.js')).text).not.toContain(PAGE_API_MARKER);
    expect((await browser.get('/portal/inloggen')).text).toMatch(/href="zorgid:[^"]+">Inloggen met UZI-pas/);
    await browser.get('/sandbox/portaal?variant=companion');
    expect((await browser.get('/portal/inloggen')).text).toContain('data-action="uzi-login"');
    expect((await browser.get('/sandbox/portaal?variant=iets')).status).toBe(400);
  });

  it('logs the browser in once the Desktop App reports a token the card signed for that login', async () => {
    const browser = new Browser(real.url);
    const { login, code, challenge } = await startDesktopLogin(browser);
    const poll = pollUrlOf(login.text);
    expect(JSON.parse((await browser.get(poll)).text)).toEqual({ status: 'open' });
    const used = await reportCardUsed(real.url, code, makeAuthToken(card, real.url, challenge));
    expect(used).toMatchObject({ status: 200, json: { ok: true } });
    const done = await browser.get(poll);
    expect(JSON.parse(done.text)).toEqual({ status: 'ingelogd', redirect: '/portal' });
    expect((await browser.get('/portal')).text).toContain('Uitloggen');
    // Single use: the code is gone once redeemed.
    expect((await reportCardUsed(real.url, code, makeAuthToken(card, real.url, challenge))).status).toBe(404);
  });

  it('refuses a token for another challenge or origin, and another browser cannot redeem the login', async () => {
    const browser = new Browser(real.url);
    const { login, code, challenge } = await startDesktopLogin(browser);
    const wrongOrigin = await reportCardUsed(
      real.url,
      code,
      makeAuthToken(card, 'https://elders.example', challenge),
    );
    expect(wrongOrigin.status).toBe(401);
    const other = await startDesktopLogin(new Browser(real.url));
    const used = await reportCardUsed(real.url, code, makeAuthToken(card, real.url, other.challenge));
    expect(used.status).toBe(401);
    // The stranger polls the first browser's code: nothing for them.
    const stranger = new Browser(real.url);
    await stranger.get('/portal');
    expect((await stranger.get(pollUrlOf(login.text))).status).toBe(404);
    expect((await browser.get('/portal')).text).not.toContain('Uitloggen');
  });
});

/** The application of Anna's organisation, approved in the back office: step 6 needs a known URA. */
async function approveApplication(base: string) {
  const b = new Browser(base);
  const form = await b.get('/aanvraag');
  const sent = await b.post(
    '/aanvraag',
    {
      organisatienaam: 'Sandbox Huisartsenpraktijk De Linde',
      ura: URA,
      kvk: '12345678',
      voornaam: 'Anna',
      achternaam: 'de Vries',
      geboortedatum: '1978-04-12',
      email: 'anna@delinde.example',
      telefoon: '0612345678',
      uzinummer: '900012345',
      vertegenwoordiger_naam: 'Piet Linde',
      vertegenwoordiger_email: 'piet@delinde.example',
      akkoord: 'ja',
    },
    csrfOf(form.text),
  );
  expect(sent.status).toBe(200);
  const office = await b.get('/backoffice');
  const id = /name="id" value="(\d+)"/.exec(office.text)?.[1] ?? '';
  expect((await b.post('/backoffice/goedkeuren', { id }, csrfOf(office.text))).status).toBe(303);
}

/** Logs a browser in on the variant through the Desktop App, as the login test above does. */
async function desktopLogin(browser: Browser, who: TestCard = card) {
  const { login, code, challenge } = await startDesktopLogin(browser);
  expect((await reportCardUsed(real.url, code, makeAuthToken(who, real.url, challenge))).status).toBe(200);
  expect(JSON.parse((await browser.get(pollUrlOf(login.text))).text)).toMatchObject({ status: 'ingelogd' });
}

/** Step 6 up to "afronden": the page with the Desktop App link, its code and the stand-in's challenge. */
async function startAfronden(browser: Browser) {
  const start = await browser.get('/portal/organisatie');
  const page = await browser.post('/portal/organisatie', { stap: 'start' }, csrfOf(start.text));
  const href = /<a class="button" href="(zorgid:[^"]+)">afronden<\/a>/.exec(page.text)?.[1];
  expect(href, 'no Desktop App link for afronden').toBeDefined();
  const code = new URL(href!.replaceAll('&amp;', '&')).searchParams.get('code') ?? '';
  const app = await new Browser(browser.base).get(`/desktop-app?code=${code}`);
  const challenge = /data-challenge="([^"]+)"/.exec(app.text)?.[1] ?? '';
  return { page, code, challenge, app, csrf: csrfOf(page.text) };
}

describe('real-portal variant, step 6: "afronden" goes through the ZORG-ID Desktop App', () => {
  beforeAll(() => approveApplication(real.url));

  it('the page offers no page-API read: the card read the page would post is refused', async () => {
    const browser = new Browser(real.url);
    await desktopLogin(browser);
    const { page, app, csrf } = await startAfronden(browser);
    expect(href(page.text)).toMatch(/^zorgid:\/\/afronden\?code=/);
    expect(page.text).not.toContain('data-action="read-card"');
    expect(page.text).not.toContain('>afronden</button>');
    expect(app.text).toContain('registratie van uw organisatie af te ronden');
    const posted = await browser.post(
      '/portal/organisatie',
      { stap: 'afronden', certificaat: card.der.toString('base64') },
      csrf,
    );
    expect(posted.status).toBe(400);
    expect(posted.text).toContain('Dit portaal rondt de registratie af met de ZORG-ID Desktop App.');
    expect(posted.text).not.toContain('<dt>URA-nummer</dt>');
  });

  it('the Desktop App signs with the card; the polling page then shows name and URA, and volgende registers', async () => {
    const browser = new Browser(real.url);
    await desktopLogin(browser);
    const { page, code, challenge, csrf } = await startAfronden(browser);
    const poll = pollUrlOf(page.text);
    expect(poll).toMatch(/^\/api\/organisatie\/desktop-app\?code=/);
    expect(JSON.parse((await browser.get(poll)).text)).toEqual({ status: 'open' });
    // A login code cannot be used for afronden, nor the other way round.
    expect((await browser.get(`/api/desktop-app/status?code=${code}`)).status).toBe(404);
    const used = await reportCardUsed(real.url, code, makeAuthToken(card, real.url, challenge));
    expect(used).toMatchObject({ status: 200, json: { ok: true } });
    expect(JSON.parse((await browser.get(poll)).text)).toEqual({ status: 'bevestigd' });
    const check = await browser.get('/portal/organisatie');
    expect(check.text).toMatch(/<dt>Organisatienaam<\/dt>\s*<dd>[^<]+<\/dd>/);
    expect(check.text).toMatch(new RegExp(`<dt>URA-nummer</dt>\\s*<dd>${URA}</dd>`));
    const next = await browser.post('/portal/organisatie', { stap: 'volgende' }, csrf);
    expect(next.status).toBe(303);
    expect(next.location).toBe('/portal/mobile-app-id');
    // Single use.
    expect((await browser.get(poll)).status).toBe(404);
  });

  it('a card of another person in the Desktop App is refused on the page, which offers a fresh link', async () => {
    const browser = new Browser(real.url);
    await desktopLogin(browser);
    const { page, code, challenge } = await startAfronden(browser);
    await reportCardUsed(real.url, code, makeAuthToken(colleague, real.url, challenge));
    expect(JSON.parse((await browser.get(pollUrlOf(page.text))).text)).toEqual({ status: 'bevestigd' });
    const refused = await browser.get('/portal/organisatie');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('De UZI-pas in de lezer is niet van u');
    expect(href(refused.text)).not.toBe(href(page.text));
    expect(refused.text).not.toContain('<dt>URA-nummer</dt>');
    // Shown once; a reload shows the link without the message.
    expect((await browser.get('/portal/organisatie')).text).not.toContain('is niet van u');
  });
});

function href(html: string): string {
  return (/<a class="button" href="(zorgid:[^"]+)">afronden<\/a>/.exec(html)?.[1] ?? '').replaceAll(
    '&amp;',
    '&',
  );
}
