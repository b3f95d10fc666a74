// The real-portal variant (sandbox/portal/routes/desktop-app.ts): "Inloggen met UZI-pas" is a link
// that asks the browser to open the ZORG-ID Desktop App, pages get no page API, and the login
// completes when the Desktop App stand-in reports a token the card signed for the login's challenge.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type RunningPortal } from '../../../sandbox/portal/index.js';
import { createTestPki, makeAuthToken, type TestCard, type TestPki } from '../../unit/verifier/test-pki.js';
import { Browser, pollUrlOf } from './client.js';

let pki: TestPki;
let card: TestCard;
let dataDir: string;
let pageApiPath: string;
let real: RunningPortal;
let usual: RunningPortal;

const PAGE_API_MARKER = '/* the real page API bundle (test stand-in) */';

beforeAll(async () => {
  pki = await createTestPki();
  card = await pki.issueCard({ uziNumber: '900012345', givenName: 'Anna', surname: 'de Vries' });
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
