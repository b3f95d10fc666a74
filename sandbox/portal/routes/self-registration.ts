import { createHash, randomBytes } from 'node:crypto';
import { CARD_TYPE_NAMES, ZORG_ID_CARD_TYPES } from '../../../shared/uzi/types.js';
import type { Ctx } from '../context.js';
import { csrfField, field, html, notice, type Raw } from '../html.js';
import { redirect, sendJson } from '../http.js';
import { createEnrolment, getOrganisation, getUser, type UserRow } from '../identity-store.js';
import { audit } from '../mail.js';
import { isValidDate } from './application.js';
import { page, qrDetails, takeSessionChallenge, username } from './portal.js';

// EU-005: a care worker registers themself with a Z or N card, confirms by signing, then personalises the app.

const TITLE = 'Registreren met UZI-pas';

function render(ctx: Ctx, extra: { error?: string } = {}, status = 200): void {
  const state = ctx.session.data.selfRegistration;
  let body: Raw;
  if (!state) {
    body = html`<p>
        Registreer uzelf voor ZORG-ID Mobiel met uw UZI-pas (zorgverlenerpas of medewerkerpas op naam).
        Installeer eerst de ZORG-ID app en kies een pincode.
      </p>
      <button type="button" data-action="uzi-register">Registreren met UZI-pas</button>
      <p id="uzi-status" role="status" aria-live="polite"></p>`;
  } else if (state.enrolmentCode) {
    body = html`<p>
        Uw registratie is bevestigd. Scan deze QR-code met de ZORG-ID app om de app te personaliseren.
      </p>
      <img src="${state.enrolmentQr ?? ''}" alt="QR-code voor de ZORG-ID app" width="246" height="246" />
      ${qrDetails(state.enrolmentContent ?? '')}
      <p role="status" data-poll-url="/api/enrolment/status?code=${state.enrolmentCode}">Wacht op de app…</p>
      <form method="post" action="/uzi-portaal">
        ${csrfField(ctx.session.csrf)} <button type="submit" name="actie" value="sluiten">Sluiten</button>
      </form>`;
  } else if (state.statement) {
    body = html`<p>
        ${state.existingUserId ? 'Er bestaat al een ZORG-ID identiteit voor u. Deze neemt uw UZI-nummer en rolcode over.' : 'Er wordt een nieuwe ZORG-ID identiteit voor u gemaakt.'}
      </p>
      <p>Bevestig met uw UZI-pas (u voert uw pincode opnieuw in):</p>
      <blockquote data-statement>${state.statement}</blockquote>
      <button type="button" data-action="uzi-sign" data-hash="${state.statementHashB64 ?? ''}">
        Bevestigen met UZI-pas
      </button>
      <p id="uzi-status" role="status" aria-live="polite"></p>`;
  } else {
    body = html`<dl>
        <dt>Naam</dt>
        <dd>${state.identity.givenName ?? ''} ${state.identity.surname ?? ''}</dd>
        <dt>Organisatienaam</dt>
        <dd>${state.organisationName}</dd>
        <dt>URA-nummer</dt>
        <dd>${state.identity.ura}</dd>
      </dl>
      <form method="post" action="/uzi-portaal">
        ${csrfField(ctx.session.csrf)}<input type="hidden" name="actie" value="geboortedatum" />
        ${field({ name: 'geboortedatum', label: 'Geboortedatum', type: 'date', autocomplete: 'bday' })}
        <button type="submit">Volgende</button>
      </form>`;
  }
  page(
    ctx,
    TITLE,
    html`<h1>${TITLE}</h1>
      ${notice('fout', extra.error)}${body}`,
    status,
    true,
  );
}

export function getSelfRegistration(ctx: Ctx): void {
  render(ctx);
}

export async function postStart(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const body = (await ctx.json()) as { token?: unknown };
  const result = await ctx.app.verifier.verifyAuthToken(body.token, takeSessionChallenge(ctx));
  if (!result.ok) return sendJson(ctx.res, 401, { ok: false, code: result.code, message: result.message });
  const identity = result.identity;
  if (!ZORG_ID_CARD_TYPES.includes(identity.cardType)) {
    return sendJson(ctx.res, 403, {
      ok: false,
      code: 'CARD_TYPE_NOT_ALLOWED',
      message: `Met een ${CARD_TYPE_NAMES[identity.cardType].nl} kunt u zich niet registreren. Gebruik een zorgverlenerpas (Z) of medewerkerpas op naam (N).`,
    });
  }
  const organisation = getOrganisation(ctx.app, identity.ura);
  if (!organisation?.registered_at) {
    return sendJson(ctx.res, 403, {
      ok: false,
      code: 'URA_UNKNOWN',
      message: `URA onbekend: uw organisatie (URA ${identity.ura}) is nog niet geregistreerd bij ZORG-ID. Vraag uw Portaal administrator.`,
    });
  }
  ctx.session.data.selfRegistration = { identity, organisationName: organisation.name };
  ctx.saveSession();
  sendJson(ctx.res, 200, { ok: true, redirect: '/uzi-portaal' });
}

export async function postSelfRegistration(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const state = ctx.session.data.selfRegistration;
  const f = (await ctx.form()).fields;
  if (f.actie === 'sluiten' || !state) {
    delete ctx.session.data.selfRegistration;
    ctx.saveSession();
    return redirect(ctx.res, '/uzi-portaal');
  }
  if (f.actie !== 'geboortedatum') return redirect(ctx.res, '/uzi-portaal');
  const dateOfBirth = (f.geboortedatum ?? '').trim();
  if (!isValidDate(dateOfBirth))
    return render(ctx, { error: 'Vul een geldige geboortedatum in (JJJJ-MM-DD).' }, 400);
  const id = state.identity;
  // Match on URA + name + date of birth: a beheerder may have registered this person already.
  const existing = ctx.app.db
    .prepare(
      `SELECT * FROM users WHERE ura = ? AND status = 'actief' AND lower(given_name) = lower(?) AND lower(surname) = lower(?)
       AND date_of_birth = ? ORDER BY id LIMIT 1`,
    )
    .get(id.ura, id.givenName ?? '', id.surname ?? '', dateOfBirth) as UserRow | undefined;
  const statement =
    `Ik, ${id.givenName ?? ''} ${id.surname ?? ''} (UZI-nummer ${id.uziNumber}), registreer mij voor ZORG-ID Mobiel ` +
    `bij ${state.organisationName} (URA ${id.ura}). Kenmerk ${randomBytes(8).toString('hex')}.`;
  Object.assign(state, {
    dateOfBirth,
    existingUserId: existing?.id ?? null,
    statement,
    statementHashB64: createHash('sha256').update(statement, 'utf8').digest('base64'),
  });
  ctx.saveSession();
  render(ctx);
}

export async function postSign(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const state = ctx.session.data.selfRegistration;
  if (!state?.statementHashB64 || state.enrolmentCode) {
    return sendJson(ctx.res, 409, {
      ok: false,
      code: 'NO_STATEMENT',
      message: 'Begin de registratie opnieuw.',
    });
  }
  const body = (await ctx.json()) as { signature?: unknown; certificate?: unknown };
  if (typeof body.signature !== 'string' || typeof body.certificate !== 'string') {
    return sendJson(ctx.res, 400, {
      ok: false,
      code: 'TOKEN_MALFORMED',
      message: 'Handtekening of certificaat ontbreekt.',
    });
  }
  const result = await ctx.app.verifier.verifySignature({
    certificate: body.certificate,
    hash: state.statementHashB64,
    hashAlgorithm: 'SHA-256',
    signature: body.signature,
  });
  if (!result.ok) return sendJson(ctx.res, 401, { ok: false, code: result.code, message: result.message });
  const id = state.identity;
  if (result.identity.uziNumber !== id.uziNumber) {
    return sendJson(ctx.res, 403, {
      ok: false,
      code: 'IDENTITY_MISMATCH',
      message: 'De handtekening is gezet met een andere UZI-pas. Gebruik dezelfde pas als bij het inloggen.',
    });
  }
  const app = ctx.app;
  const now = app.now().toISOString();
  let userId = state.existingUserId ?? null;
  if (userId !== null) {
    app.db
      .prepare('UPDATE users SET uzi_number = ?, role_code = ? WHERE id = ?')
      .run(id.uziNumber, id.roleCode, userId);
  } else {
    userId = Number(
      app.db
        .prepare(
          `INSERT INTO users (ura, role, status, given_name, surname, username, uzi_number, role_code, date_of_birth, created_at)
           VALUES (?, 'zorgmedewerker', 'actief', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id.ura,
          id.givenName ?? '',
          id.surname ?? '',
          username(id.givenName, id.surname, id.uziNumber),
          id.uziNumber,
          id.roleCode,
          state.dateOfBirth,
          now,
        ).lastInsertRowid,
    );
  }
  const user = getUser(app, userId)!;
  audit(app.db, app.now(), id.ura, id.uziNumber, 'zelfregistratie met UZI-pas', user.username ?? '');
  const enrolment = await createEnrolment(app, userId, 'zelfregistratie');
  Object.assign(state, {
    enrolmentCode: enrolment.code,
    enrolmentQr: enrolment.dataUrl,
    enrolmentContent: enrolment.content,
  });
  ctx.saveSession();
  sendJson(ctx.res, 200, { ok: true, redirect: '/uzi-portaal' });
}
