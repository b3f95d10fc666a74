import { randomBytes } from 'node:crypto';
import type { VerifiedIdentity } from '../../../verifier/index.js';
import type { App, Ctx } from '../context.js';
import { html, type Raw } from '../html.js';
import { HttpError, cookie, parseCookies, redirect, sendJson } from '../http.js';
import { audit } from '../mail.js';

// The real-portal variant: the sandbox portal as today's real ZORG-ID portal behaves, where
// "Inloggen met UZI-pas" is a link that asks the browser to open the ZORG-ID Desktop App and the
// page has no page API (seed step 5: "accept that the browser opens the ZORG-ID Desktop App").
//
// How the real portal launches the Desktop App and hears back from it is not public. Guesses, all of
// them: the custom scheme `zorgid://`, a single-use login code in the link, the portal polling until
// the app reports the card was used. The sandbox's stand-in for the Desktop App is a page of its own
// (/desktop-app) on which the card really is used: it asks the ZORG-ID Companion to sign the login's
// challenge with the card in the reader (real PIN, real signature), and posts that token here.
// Step 6's "afronden" uses the card too, so in the variant it goes the same way (seed step 6 says only
// "hold the UZI-pas in the reader, click afronden"; that the real portal uses the Desktop App there as
// well is a guess, as is the `zorgid://afronden` link).

/** Cookie that switches one browser to the variant (`/sandbox/portaal?variant=desktop-app`). */
export const VARIANT_COOKIE = 'zorgid_portaal_variant';
export const DESKTOP_APP_VARIANT = 'desktop-app';
/** Guess: the real scheme is not public. */
export const DESKTOP_APP_SCHEME = 'zorgid:';
const CODE_BYTES = 24;

/**
 * What the portal asks the Desktop App to use the card for: the login (step 5), or "afronden" of the
 * organisation registration (step 6), which on the real portal has no page API either.
 */
export type DesktopAppPurpose = 'inloggen' | 'afronden';

interface DesktopLogin {
  sessionId: string;
  challenge: string;
  expiresAt: number;
  status: 'open' | 'gebruikt';
  purpose: DesktopAppPurpose;
  identity?: VerifiedIdentity;
}

const UNKNOWN_TEXT: Readonly<Record<DesktopAppPurpose, string>> = {
  inloggen: 'Deze inlogpoging is onbekend of verlopen. Klik in het portaal opnieuw op Inloggen met UZI-pas.',
  afronden:
    'Deze poging is onbekend of verlopen. Vernieuw in het portaal de pagina en klik opnieuw op afronden.',
};
const STAND_IN_TEXT: Readonly<Record<DesktopAppPurpose, string>> = {
  inloggen: 'Het portaal vraagt uw UZI-pas om in te loggen.',
  afronden: 'Het portaal vraagt uw UZI-pas om de registratie van uw organisatie af te ronden.',
};

const logins = new WeakMap<App, Map<string, DesktopLogin>>();

function store(app: App): Map<string, DesktopLogin> {
  let map = logins.get(app);
  if (!map) logins.set(app, (map = new Map<string, DesktopLogin>()));
  const now = app.now().getTime();
  for (const [code, login] of map) if (login.expiresAt < now) map.delete(code);
  return map;
}

/** Whether this request sees the real-portal variant: the instance option, or this browser's choice. */
export function isDesktopAppVariant(ctx: Ctx): boolean {
  const chosen = parseCookies(ctx.req)[VARIANT_COOKIE];
  if (chosen === DESKTOP_APP_VARIANT) return true;
  if (chosen === 'companion') return false;
  return ctx.app.options.realPortal === true;
}

/** GET /sandbox/portaal?variant=desktop-app|companion: this browser sees the chosen portal from now on. */
export function getVariant(ctx: Ctx): void {
  const variant = ctx.url.searchParams.get('variant');
  if (variant !== DESKTOP_APP_VARIANT && variant !== 'companion')
    throw new HttpError(400, 'Kies variant=desktop-app of variant=companion.');
  redirect(ctx.res, '/portal', { 'Set-Cookie': cookie(VARIANT_COOKIE, variant) });
}

/**
 * The Desktop App link the variant shows where the card is needed, and the poll for its answer. One
 * mechanism for every use: a single-use code with its own challenge, bound to this browser's session.
 */
export async function desktopAppLink(
  ctx: Ctx,
  purpose: DesktopAppPurpose,
  o: { label: string; pollPath: string; next: string },
): Promise<Raw> {
  const code = randomBytes(CODE_BYTES).toString('base64url');
  const challenge = await ctx.app.verifier.issueChallenge();
  store(ctx.app).set(code, {
    sessionId: ctx.session.id,
    challenge,
    expiresAt: ctx.app.now().getTime() + ctx.app.qrLoginTtlMs,
    status: 'open',
    purpose,
  });
  return html`<p>
      <a class="button" href="${DESKTOP_APP_SCHEME}//${purpose}?code=${code}">${o.label}</a>
    </p>
    <p>De browser vraagt of hij de ZORG-ID Desktop App mag openen. Sta dat toe en volg de Desktop App.</p>
    <p role="status" data-poll-url="${o.pollPath}?code=${code}" data-next="${o.next}">
      Wacht op de ZORG-ID Desktop App…
    </p>
    <details class="sandbox-only">
      <summary>Sandbox: geen Desktop App op deze computer</summary>
      <p>
        <a href="/desktop-app?code=${code}" target="_blank" rel="noopener">Open de Desktop App (sandbox)</a>
      </p>
    </details>`;
}

/** The login page's UZI-pas part in the variant. */
export function desktopAppLogin(ctx: Ctx): Promise<Raw> {
  return desktopAppLink(ctx, 'inloggen', {
    label: 'Inloggen met UZI-pas',
    pollPath: '/api/desktop-app/status',
    next: '/portal',
  });
}

export type DesktopAppResult =
  | { state: 'open' }
  | { state: 'verlopen'; message: string }
  | { state: 'gebruikt'; identity: VerifiedIdentity };

/** What the Desktop App reported for this code; only the session that asked, for the use it asked, can redeem it (once). */
export function takeDesktopAppResult(ctx: Ctx, code: string, purpose: DesktopAppPurpose): DesktopAppResult {
  const map = store(ctx.app);
  const login = map.get(code);
  if (!login || login.sessionId !== ctx.session.id || login.purpose !== purpose)
    return { state: 'verlopen', message: UNKNOWN_TEXT[purpose] };
  if (login.status === 'gebruikt' && login.identity) {
    map.delete(code);
    return { state: 'gebruikt', identity: login.identity };
  }
  return { state: 'open' };
}

/** GET /desktop-app?code=…: the Desktop App stand-in. It uses the card through the companion's page API. */
export function desktopAppPage(ctx: Ctx, page: (title: string, body: Raw) => void): void {
  const code = ctx.url.searchParams.get('code') ?? '';
  const login = store(ctx.app).get(code);
  if (!login || login.status !== 'open') {
    page(
      'ZORG-ID Desktop App (sandbox)',
      html`<h1>ZORG-ID Desktop App (sandbox)</h1>
        <p role="alert">${UNKNOWN_TEXT[login?.purpose ?? 'inloggen']}</p>`,
    );
    return;
  }
  page(
    'ZORG-ID Desktop App (sandbox)',
    html`<h1>ZORG-ID Desktop App (sandbox)</h1>
      <p>${STAND_IN_TEXT[login.purpose]}</p>
      <p>
        Staat in voor de ZORG-ID Desktop App van VZVZ. Steek uw UZI-pas in de lezer en klik op Pas gebruiken;
        voer de pincode van uw UZI-pas in (uit de pincodebrief).
      </p>
      <button
        type="button"
        data-action="desktop-app-use"
        data-code="${code}"
        data-challenge="${login.challenge}"
      >
        Pas gebruiken
      </button>
      <p id="uzi-status" role="status" aria-live="polite"></p>`,
  );
}

/** POST /api/desktop-app/inloggen {code, token}: the Desktop App reports the card was used. The code is the secret. */
export async function postDesktopAppLogin(ctx: Ctx): Promise<void> {
  const body = (await ctx.json()) as { code?: unknown; token?: unknown };
  const code = typeof body.code === 'string' ? body.code : '';
  const login = store(ctx.app).get(code);
  if (!login || login.status !== 'open') {
    sendJson(ctx.res, 404, {
      ok: false,
      code: 'UNKNOWN_LOGIN',
      message: UNKNOWN_TEXT[login?.purpose ?? 'inloggen'],
    });
    return;
  }
  const result = await ctx.app.verifier.verifyAuthToken(body.token, login.challenge);
  if (!result.ok) {
    audit(
      ctx.app.db,
      ctx.app.now(),
      null,
      'onbekend',
      `${login.purpose} via Desktop App geweigerd`,
      result.code,
    );
    sendJson(ctx.res, 401, { ok: false, code: result.code, message: result.message });
    return;
  }
  login.status = 'gebruikt';
  login.identity = result.identity;
  sendJson(ctx.res, 200, { ok: true, message: 'Klaar. Ga terug naar het portaal.' });
}

/** GET /api/desktop-app/status?code=…: the login page polls; only the session that asked can redeem it. */
export function getDesktopAppStatus(ctx: Ctx): void {
  const result = takeDesktopAppResult(ctx, ctx.url.searchParams.get('code') ?? '', 'inloggen');
  if (result.state === 'verlopen') {
    sendJson(ctx.res, 404, {
      status: 'verlopen',
      message: 'Deze inlogpoging is verlopen. Vernieuw de pagina.',
    });
    return;
  }
  if (result.state === 'gebruikt') {
    const identity = result.identity;
    ctx.renewSession({ login: { kind: 'uzi', identity } });
    audit(ctx.app.db, ctx.app.now(), identity.ura, identity.uziNumber, 'ingelogd met UZI-pas (Desktop App)');
    sendJson(ctx.res, 200, { status: 'ingelogd', redirect: '/portal' }, ctx.sessionHeaders());
    return;
  }
  sendJson(ctx.res, 200, { status: 'open' });
}
