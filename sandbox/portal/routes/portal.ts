import { ZORG_ID_CARD_TYPES, CARD_TYPE_NAMES, type CardType } from '../../../shared/uzi/types.js';
import type { Ctx } from '../context.js';
import { csrfField, field, html, layout, notice, type Raw } from '../html.js';
import { HttpError, redirect, sendHtml, sendJson } from '../http.js';
import {
  activeUserByUzi,
  createEnrolment,
  createQrLogin,
  currentUser,
  getOrganisation,
  knownDateOfBirth,
  type UserRow,
} from '../identity-store.js';
import { audit } from '../mail.js';
import { CARD_READ_TEXT, checkCardRead } from '../card-certificate.js';
import { isValidDate } from './application.js';
import {
  desktopAppLink,
  desktopAppLogin,
  desktopAppPage,
  isDesktopAppVariant,
  takeDesktopAppResult,
} from './desktop-app.js';

export function page(
  ctx: Ctx,
  title: string,
  body: Raw,
  status = 200,
  scripts = false,
  pageApiSrc?: string,
): void {
  const user = currentUser(ctx);
  sendHtml(
    ctx.res,
    status,
    layout({
      title,
      environment: ctx.app.environment,
      csrf: ctx.session.csrf,
      user: user ? { name: user.name, role: user.role } : null,
      body,
      scripts,
      ...(pageApiSrc ? { pageApiSrc } : {}),
    }),
    ctx.sessionHeaders(),
  );
}

/** The Desktop App stand-in of the real-portal variant: it always gets the real page API, to use the card. */
export function getDesktopApp(ctx: Ctx): void {
  desktopAppPage(ctx, (title, body) =>
    page(ctx, title, body, 200, true, '/static/desktop-app/zorgid-page.js'),
  );
}

function requireLogin(ctx: Ctx): NonNullable<ReturnType<typeof currentUser>> | null {
  const user = currentUser(ctx);
  if (!user) redirect(ctx.res, '/portal/inloggen', ctx.sessionHeaders());
  return user;
}

export function getPortalHome(ctx: Ctx): void {
  const user = currentUser(ctx);
  const organisation = user ? getOrganisation(ctx.app, user.ura) : undefined;
  const body = !user
    ? html`<h1>ZORG-ID Portaal</h1>
        <p>Welkom bij het ZORG-ID Portaal (sandbox). Log in met uw UZI-pas of met ZORG-ID Mobiel.</p>
        <p><a class="button" href="/portal/inloggen">Inloggen</a></p>`
    : html`<h1>ZORG-ID Portaal</h1>
        <p>U bent ingelogd als ${user.name} (${user.role}).</p>
        <ul class="actions">
          ${
            !organisation?.registered_at
              ? html`<li>
                  <a class="button" href="/portal/organisatie">Organisatie registratie afronden</a>
                </li>`
              : ''
          }
          ${user.user ? html`<li><a href="/portal/mobile-app-id">Mobile App ID aanmaken</a></li>` : ''}
          ${user.user ? html`<li><a href="/portal/activeren">Identiteit activeren</a></li>` : ''}
          ${user.user ? html`<li><a href="/portal/beheer">Beheer</a></li>` : ''}
        </ul>`;
  page(ctx, 'ZORG-ID Portaal', body);
}

export async function getLogin(ctx: Ctx): Promise<void> {
  if (ctx.url.searchParams.get('methode') === 'mobiel') {
    const qr = await createQrLogin(ctx.app, ctx.session.id);
    page(
      ctx,
      'Inloggen',
      html`<h1>Inloggen</h1>
        <h2>Inloggen met ZORG-ID Mobiel</h2>
        <p>Open de ZORG-ID app, voer uw pincode in, kies Scan en dan Scan QR, en scan deze code.</p>
        <img src="${qr.dataUrl}" alt="QR-code om in te loggen met ZORG-ID Mobiel" width="246" height="246" />
        ${qrDetails(qr.content)}
        <p role="status" data-poll-url="/api/qr-login/status?code=${qr.code}" data-next="/portal/beheer">
          Wacht op de app…
        </p>
        <p><a href="/portal/inloggen">Terug</a></p>`,
      200,
      true,
    );
    return;
  }
  if (isDesktopAppVariant(ctx)) {
    page(
      ctx,
      'Inloggen',
      html`<h1>Inloggen</h1>
        <p>Steek uw UZI-pas in de kaartlezer en kies hoe u wilt inloggen.</p>
        <div class="login-options">
          ${await desktopAppLogin(ctx)}
          <form method="get" action="/portal/inloggen">
            <input type="hidden" name="methode" value="mobiel" />
            <button type="submit">Inloggen met ZORG-ID Mobiel</button>
          </form>
        </div>`,
      200,
      true,
    );
    return;
  }
  // The launch link the real portal shows without our extension: the challenge is single use like any other.
  const challenge = await ctx.app.verifier.issueChallenge();
  page(
    ctx,
    'Inloggen',
    html`<h1>Inloggen</h1>
      <p>Steek uw UZI-pas in de kaartlezer en kies hoe u wilt inloggen.</p>
      <div class="login-options">
        <button type="button" data-action="uzi-login">Inloggen met UZI-pas</button>
        <form method="get" action="/portal/inloggen">
          <input type="hidden" name="methode" value="mobiel" />
          <button type="submit">Inloggen met ZORG-ID Mobiel</button>
        </form>
      </div>
      <p id="uzi-status" role="status" aria-live="polite"></p>
      <section id="desktop-app" hidden>
        <h2>ZORG-ID Desktop App</h2>
        <p>
          De ZORG-ID Companion extensie is niet gevonden. Open de ZORG-ID Desktop App om met uw UZI-pas in te
          loggen, of installeer de extensie.
        </p>
        <p><a class="button" href="zorgid://login?challenge=${challenge}">Open ZORG-ID Desktop App</a></p>
      </section>
      <noscript><p>Inloggen met de UZI-pas werkt alleen met JavaScript aan.</p></noscript>`,
    200,
    true,
  );
}

export async function postChallenge(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const challenge = await issueSessionChallenge(ctx);
  sendJson(ctx.res, 200, { challenge });
}

/** Issues a challenge and keeps it in this browser's session: only this session can redeem it. */
export async function issueSessionChallenge(ctx: Ctx): Promise<string> {
  const challenge = await ctx.app.verifier.issueChallenge();
  ctx.session.data.challenge = challenge;
  ctx.saveSession();
  return challenge;
}

/** The session's challenge, taken out of the session: one attempt per challenge. */
export function takeSessionChallenge(ctx: Ctx): string | undefined {
  const challenge = ctx.session.data.challenge;
  delete ctx.session.data.challenge;
  ctx.saveSession();
  return challenge;
}

export async function postUziLogin(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const body = (await ctx.json()) as { token?: unknown };
  const result = await ctx.app.verifier.verifyAuthToken(body.token, takeSessionChallenge(ctx));
  if (!result.ok) {
    audit(ctx.app.db, ctx.app.now(), null, 'onbekend', 'inloggen met UZI-pas geweigerd', result.code);
    sendJson(ctx.res, 401, { ok: false, code: result.code, message: result.message });
    return;
  }
  const identity = result.identity;
  ctx.renewSession({ login: { kind: 'uzi', identity } });
  audit(ctx.app.db, ctx.app.now(), identity.ura, identity.uziNumber, 'ingelogd met UZI-pas');
  sendJson(
    ctx.res,
    200,
    { ok: true, redirect: '/portal', name: `${identity.givenName ?? ''} ${identity.surname ?? ''}`.trim() },
    ctx.sessionHeaders(),
  );
}

export async function postLogout(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  ctx.renewSession({});
  redirect(ctx.res, '/portal', ctx.sessionHeaders());
}

export function getQrLoginStatus(ctx: Ctx): void {
  const code = ctx.url.searchParams.get('code') ?? '';
  const row = ctx.app.db
    .prepare('SELECT * FROM qr_logins WHERE code = ? AND session_id = ?')
    .get(code, ctx.session.id) as { status: string; user_id: number | null; expires_at: string } | undefined;
  if (!row) {
    sendJson(ctx.res, 404, { status: 'onbekend', message: 'Deze QR-code is onbekend. Vernieuw de pagina.' });
    return;
  }
  if (row.status === 'gebruikt' && row.user_id !== null) {
    // One login per code: the browser's session is replaced, so the code cannot log in a second time.
    ctx.app.db.prepare("UPDATE qr_logins SET status = 'afgerond' WHERE code = ?").run(code);
    ctx.renewSession({ login: { kind: 'mobiel', userId: row.user_id } });
    sendJson(ctx.res, 200, { status: 'ingelogd', redirect: '/portal/beheer' }, ctx.sessionHeaders());
    return;
  }
  if (row.status === 'open' && ctx.app.now() > new Date(row.expires_at)) {
    sendJson(ctx.res, 200, {
      status: 'verlopen',
      message: 'De QR-code is verlopen. Vernieuw de pagina voor een nieuwe code.',
    });
    return;
  }
  sendJson(ctx.res, 200, { status: row.status });
}

export function getEnrolmentStatus(ctx: Ctx): void {
  const code = ctx.url.searchParams.get('code') ?? '';
  const row = ctx.app.db.prepare('SELECT status, expires_at FROM enrolments WHERE code = ?').get(code) as
    { status: string; expires_at: string } | undefined;
  if (!row) {
    sendJson(ctx.res, 404, { status: 'onbekend' });
    return;
  }
  const expired = row.status === 'open' && ctx.app.now() > new Date(row.expires_at);
  sendJson(ctx.res, 200, { status: expired ? 'verlopen' : row.status });
}

export function qrDetails(content: string): Raw {
  return html`<details class="sandbox-only">
    <summary>QR-inhoud (sandbox: plak dit in de telefoon)</summary>
    <code data-qr-content>${content}</code>
  </details>`;
}

// --- Step 6: Organisatie valideren ---------------------------------------------------------------

const ORGANISATION_REFUSAL = {
  cardType: (type: string) =>
    `Met deze UZI-pas (${type}) kunt u de organisatie niet registreren. Gebruik een zorgverlenerpas (Z) of een ` +
    'medewerkerpas op naam (N).',
  unknownUra: (ura: string) =>
    `URA onbekend: de organisatie met URA-nummer ${ura} is (nog) niet bij ZORG-ID aangemeld of de aanvraag is nog ` +
    'niet goedgekeurd. Vul eerst het aanvraagformulier in en wacht op de bevestiging per e-mail.',
  taken:
    'Deze organisatie is al geregistreerd door een andere administrator. Vraag die om u als beheerder toe te voegen.',
  notUzi: 'Log eerst in met uw UZI-pas om de organisatie te registreren.',
  desktopAppOnly:
    'Dit portaal rondt de registratie af met de ZORG-ID Desktop App. Klik op afronden en sta toe dat de browser de Desktop App opent.',
} as const;

async function organisationPage(ctx: Ctx, error?: string, status = 200): Promise<void> {
  const login = ctx.session.data.login;
  const step = ctx.session.data.organisationStep;
  const card = ctx.session.data.organisationCard;
  let body: Raw;
  if (step === 'controle' && login?.kind === 'uzi' && card) {
    body = html`<h1>Organisatie registratie</h1>
      <p>Controleer de gegevens van uw organisatie zoals ze op uw UZI-pas staan.</p>
      <dl class="check">
        <dt>Organisatienaam</dt>
        <dd>${card.organisationName}</dd>
        <dt>URA-nummer</dt>
        <dd>${card.ura}</dd>
      </dl>
      <form method="post" action="/portal/organisatie">
        ${csrfField(ctx.session.csrf)}<input type="hidden" name="stap" value="volgende" />
        <button type="submit">volgende</button>
      </form>`;
  } else if (step === 'kaart' && isDesktopAppVariant(ctx)) {
    // The real portal has no page API: "afronden" asks the browser to open the ZORG-ID Desktop App,
    // which uses the card (PIN, signature) and reports back; the page polls, as at the login.
    body = html`<h1>Organisatie registratie</h1>
      ${notice('fout', error)}
      <p>Houd uw UZI-pas in de paslezer. U gaat uw organisatie hiermee valideren.</p>
      ${await desktopAppLink(ctx, 'afronden', {
        label: 'afronden',
        pollPath: '/api/organisatie/desktop-app',
        next: '/portal/organisatie',
      })}`;
  } else if (step === 'kaart') {
    body = html`<h1>Organisatie registratie</h1>
      ${notice('fout', error)}
      <p>Houd uw UZI-pas in de paslezer. U gaat uw organisatie hiermee valideren.</p>
      <form method="post" action="/portal/organisatie" data-action="read-card">
        ${csrfField(ctx.session.csrf)}<input type="hidden" name="stap" value="afronden" />
        <input type="hidden" name="certificaat" value="" />
        <button type="submit">afronden</button>
      </form>
      <p id="uzi-status" role="status" aria-live="polite"></p>`;
  } else {
    body = html`<h1>Organisatie registratie</h1>
      ${notice('fout', error)}
      <p>Rond de registratie van uw organisatie af met uw UZI-pas.</p>
      <form method="post" action="/portal/organisatie">
        ${csrfField(ctx.session.csrf)}<input type="hidden" name="stap" value="start" />
        <button type="submit">Organisatie registratie afronden</button>
      </form>`;
  }
  page(ctx, 'Organisatie registratie', body, status, true);
}

export async function getOrganisationPage(ctx: Ctx): Promise<void> {
  if (!requireLogin(ctx)) return;
  const error = ctx.session.data.organisationError;
  if (error !== undefined) {
    delete ctx.session.data.organisationError;
    ctx.saveSession();
  }
  await organisationPage(ctx, error, error === undefined ? 200 : 403);
}

/**
 * GET /api/organisatie/desktop-app?code=…: the variant's "afronden" page polls until the Desktop App used
 * the card. The card it used must be the logged-in person's and pass the same checks as the page API's
 * read; then the page shows organisation name and URA from it. A refusal is shown on the page's next load.
 */
export function getOrganisationDesktopAppStatus(ctx: Ctx): void {
  const result = takeDesktopAppResult(ctx, ctx.url.searchParams.get('code') ?? '', 'afronden');
  if (result.state === 'verlopen') {
    sendJson(ctx.res, 404, { status: 'verlopen', message: result.message });
    return;
  }
  if (result.state === 'open') {
    sendJson(ctx.res, 200, { status: 'open' });
    return;
  }
  const login = ctx.session.data.login;
  const card = result.identity;
  const refusal =
    login?.kind !== 'uzi'
      ? ORGANISATION_REFUSAL.notUzi
      : card.uziNumber !== login.identity.uziNumber
        ? CARD_READ_TEXT.otherPerson
        : card.ura !== login.identity.ura
          ? CARD_READ_TEXT.otherOrganisation(card.ura)
          : organisationRefusal(ctx, card);
  if (refusal) {
    audit(ctx.app.db, ctx.app.now(), card.ura, card.uziNumber, 'organisatie registratie geweigerd', refusal);
    ctx.session.data.organisationStep = 'kaart';
    delete ctx.session.data.organisationCard;
    ctx.session.data.organisationError = refusal;
  } else {
    ctx.session.data.organisationStep = 'controle';
    ctx.session.data.organisationCard = { organisationName: card.organisationName ?? '', ura: card.ura };
  }
  ctx.saveSession();
  sendJson(ctx.res, 200, { status: 'bevestigd' });
}

export async function postOrganisation(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  if (!requireLogin(ctx)) return;
  const login = ctx.session.data.login;
  if (login?.kind !== 'uzi') {
    await organisationPage(ctx, ORGANISATION_REFUSAL.notUzi, 403);
    return;
  }
  const identity = login.identity;
  const fields = (await ctx.form()).fields;
  const stap = fields.stap;
  if (stap === 'start') {
    ctx.session.data.organisationStep = 'kaart';
    ctx.saveSession();
    await organisationPage(ctx);
    return;
  }
  // "afronden" reads the organisation from the card in the reader; "volgende" registers what was read.
  let card = identity;
  if (stap === 'afronden' && isDesktopAppVariant(ctx)) {
    // As on the real portal: no page API, so no card read posted by the page; the Desktop App does it.
    await organisationPage(ctx, ORGANISATION_REFUSAL.desktopAppOnly, 400);
    return;
  }
  if (stap === 'afronden') {
    const read = checkCardRead(ctx.app, fields.certificaat, identity);
    if (!read.ok) {
      ctx.session.data.organisationStep = 'kaart';
      delete ctx.session.data.organisationCard;
      ctx.saveSession();
      await organisationPage(ctx, read.message, 400);
      return;
    }
    card = read.identity;
  }
  const refusal = organisationRefusal(ctx, card);
  if (refusal) {
    ctx.session.data.organisationStep = 'kaart';
    ctx.saveSession();
    audit(
      ctx.app.db,
      ctx.app.now(),
      identity.ura,
      identity.uziNumber,
      'organisatie registratie geweigerd',
      refusal,
    );
    await organisationPage(ctx, refusal, 403);
    return;
  }
  if (stap === 'afronden') {
    ctx.session.data.organisationStep = 'controle';
    ctx.session.data.organisationCard = { organisationName: card.organisationName ?? '', ura: card.ura };
    ctx.saveSession();
    await organisationPage(ctx);
    return;
  }
  if (stap === 'volgende' && ctx.session.data.organisationStep === 'controle') {
    registerAdministrator(ctx);
    delete ctx.session.data.organisationStep;
    delete ctx.session.data.organisationCard;
    ctx.saveSession();
    redirect(ctx.res, '/portal/mobile-app-id');
    return;
  }
  throw new HttpError(400, 'Onbekende stap. Begin opnieuw bij Organisatie registratie afronden.');
}

function organisationRefusal(
  ctx: Ctx,
  identity: { cardType: CardType; ura: string; uziNumber: string },
): string | null {
  if (!ZORG_ID_CARD_TYPES.includes(identity.cardType)) {
    return ORGANISATION_REFUSAL.cardType(CARD_TYPE_NAMES[identity.cardType].nl);
  }
  const organisation = getOrganisation(ctx.app, identity.ura);
  if (!organisation) return ORGANISATION_REFUSAL.unknownUra(identity.ura);
  if (organisation.administrator_user_id !== null) {
    const admin = activeUserByUzi(ctx.app, identity.ura, identity.uziNumber);
    if (admin?.id !== organisation.administrator_user_id) return ORGANISATION_REFUSAL.taken;
  }
  return null;
}

/** Whoever completes step 6 first becomes the organisation's administrator. */
function registerAdministrator(ctx: Ctx): UserRow {
  const login = ctx.session.data.login;
  if (login?.kind !== 'uzi') throw new HttpError(403, ORGANISATION_REFUSAL.notUzi);
  const id = login.identity;
  const app = ctx.app;
  const now = app.now().toISOString();
  const existing = activeUserByUzi(app, id.ura, id.uziNumber);
  if (existing) return existing;
  const application = app.db
    .prepare(
      'SELECT admin_email FROM applications WHERE ura = ? AND admin_uzi_number = ? ORDER BY id DESC LIMIT 1',
    )
    .get(id.ura, id.uziNumber) as { admin_email: string } | undefined;
  const result = app.db
    .prepare(
      `INSERT INTO users (ura, role, status, given_name, surname, email, username, uzi_number, role_code, date_of_birth, created_at)
       VALUES (?, 'administrator', 'actief', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id.ura,
      id.givenName ?? '',
      id.surname ?? id.commonName ?? '',
      application?.admin_email ?? null,
      username(id.givenName, id.surname, id.uziNumber),
      id.uziNumber,
      id.roleCode,
      knownDateOfBirth(app, id.uziNumber),
      now,
    );
  const userId = Number(result.lastInsertRowid);
  app.db
    .prepare('UPDATE organisations SET registered_at = ?, administrator_user_id = ? WHERE ura = ?')
    .run(now, userId, id.ura);
  audit(app.db, app.now(), id.ura, id.uziNumber, 'organisatie geregistreerd', `administrator ${userId}`);
  return activeUserByUzi(app, id.ura, id.uziNumber)!;
}

export function username(givenName: string | null, surname: string | null, uziNumber: string): string {
  return `${givenName ?? ''}${surname ?? ''}${uziNumber}`.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// --- Step 7 and 8: Mobile App ID and activation ---------------------------------------------------

// The step plan (seed, step 7, portal column) and EU-005 step 6: the portal shows the first and last name,
// asks the date of birth and, once confirmed, shows the QR code the app scans; scanning activates the identity.

const MOBILE_ID_TITLE = 'Mobile App ID aanmaken';
const MAX_BIRTH_DATE_FAILURES = 3;

export const MOBILE_ID_TEXT = {
  noIdentity: 'U heeft nog geen ZORG-ID identiteit. Rond eerst de organisatie registratie af.',
  invalidDate: 'Vul een geldige geboortedatum in (JJJJ-MM-DD).',
  wrongDate: 'De geboortedatum klopt niet met uw aanvraag. Controleer de datum en probeer het opnieuw.',
  tooMany:
    'De geboortedatum klopte drie keer niet. Log opnieuw in met uw UZI-pas, of neem contact op met de helpdesk van VZVZ.',
  unknownDate:
    'Uw geboortedatum is niet bekend bij ZORG-ID. Neem contact op met de helpdesk van VZVZ om dit te laten aanvullen.',
} as const;

function mobileIdForm(ctx: Ctx, user: UserRow, error?: string, status = 200): void {
  page(
    ctx,
    MOBILE_ID_TITLE,
    html`<h1>${MOBILE_ID_TITLE}</h1>
      <p>Uw voor- en achternaam worden getoond. Vul uw geboortedatum in en klik op Bevestigen.</p>
      <dl class="check">
        <dt>Voornaam</dt>
        <dd>${user.given_name}</dd>
        <dt>Achternaam</dt>
        <dd>${user.surname}</dd>
      </dl>
      ${notice('fout', error)}
      <form method="post" action="/portal/mobile-app-id">
        ${csrfField(ctx.session.csrf)}
        ${field({ name: 'geboortedatum', label: 'Geboortedatum', type: 'date', autocomplete: 'bday' })}
        <button type="submit">Bevestigen</button>
      </form>`,
    status,
  );
}

function mobileIdUser(ctx: Ctx): UserRow | null {
  const user = requireLogin(ctx);
  if (!user) return null;
  if (!user.user) {
    page(
      ctx,
      MOBILE_ID_TITLE,
      html`<h1>${MOBILE_ID_TITLE}</h1>
        ${notice('fout', MOBILE_ID_TEXT.noIdentity)}
        <p><a href="/portal/organisatie">Organisatie registratie afronden</a></p>`,
      403,
    );
    return null;
  }
  return user.user;
}

export function getMobileAppId(ctx: Ctx): void {
  const user = mobileIdUser(ctx);
  if (!user) return;
  mobileIdForm(ctx, user);
}

export async function postMobileAppId(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const user = mobileIdUser(ctx);
  if (!user) return;
  const failures = ctx.session.data.mobileIdBirthDateFailures ?? 0;
  if (failures >= MAX_BIRTH_DATE_FAILURES) return mobileIdForm(ctx, user, MOBILE_ID_TEXT.tooMany, 403);
  const entered = ((await ctx.form()).fields.geboortedatum ?? '').trim();
  if (!isValidDate(entered)) return mobileIdForm(ctx, user, MOBILE_ID_TEXT.invalidDate, 400);
  if (!user.date_of_birth) return mobileIdForm(ctx, user, MOBILE_ID_TEXT.unknownDate, 409);
  if (entered !== user.date_of_birth) {
    ctx.session.data.mobileIdBirthDateFailures = failures + 1;
    ctx.saveSession();
    audit(ctx.app.db, ctx.app.now(), user.ura, `${user.given_name} ${user.surname}`, 'geboortedatum onjuist');
    const last = failures + 1 >= MAX_BIRTH_DATE_FAILURES;
    return mobileIdForm(
      ctx,
      user,
      last ? MOBILE_ID_TEXT.tooMany : MOBILE_ID_TEXT.wrongDate,
      last ? 403 : 400,
    );
  }
  delete ctx.session.data.mobileIdBirthDateFailures;
  ctx.saveSession();
  const enrolment = await createEnrolment(ctx.app, user.id, 'administrator');
  page(
    ctx,
    MOBILE_ID_TITLE,
    html`<h1>${MOBILE_ID_TITLE}</h1>
      <p>Uw geboortedatum is bevestigd. Scan deze QR-code met de ZORG-ID app:</p>
      <ol>
        <li>Open de ZORG-ID app op uw smartphone en voer de pincode van de app in.</li>
        <li>Klik op Scan en daarna op Scan QR, en scan deze QR-code.</li>
        <li>Daarmee activeert u uw ZORG-ID Mobiel identiteit.</li>
      </ol>
      <img src="${enrolment.dataUrl}" alt="QR-code voor de ZORG-ID app" width="246" height="246" />
      <p>Deze QR-code is eenmalig en 5 minuten geldig.</p>
      ${qrDetails(enrolment.content)}
      <p
        role="status"
        data-poll-url="/api/enrolment/status?code=${enrolment.code}"
        data-next="/portal/activeren"
      >
        Wacht op de app…
      </p>
      <p><a href="/portal/activeren">Verder naar Identiteit activeren</a></p>`,
    200,
    true,
  );
}

export async function getActivate(ctx: Ctx): Promise<void> {
  if (!requireLogin(ctx)) return;
  const qr = await createQrLogin(ctx.app, ctx.session.id);
  page(
    ctx,
    'Identiteit activeren',
    html`<h1>Identiteit activeren</h1>
      <p>
        Log in met de ZORG-ID app: kies Scan en daarna Scan QR, en scan deze code. Daarna bent u aangemeld als
        Portaal administrator.
      </p>
      <img src="${qr.dataUrl}" alt="QR-code om in te loggen met ZORG-ID Mobiel" width="246" height="246" />
      ${qrDetails(qr.content)}
      <p role="status" data-poll-url="/api/qr-login/status?code=${qr.code}" data-next="/portal/beheer">
        Wacht op de app…
      </p>`,
    200,
    true,
  );
}
