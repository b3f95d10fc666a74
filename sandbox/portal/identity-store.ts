import { randomBytes } from 'node:crypto';
import type { App, Ctx } from './context.js';
import { qrContent, qrDataUrl } from './qr.js';
import { holderDisplayName } from '../../shared/uzi/holder-name.js';

export type UserRole = 'administrator' | 'beheerder' | 'zorgmedewerker';

export const ROLE_LABEL: Readonly<Record<UserRole, string>> = {
  administrator: 'Portaal administrator',
  beheerder: 'Portaal beheerder',
  zorgmedewerker: 'Zorgmedewerker',
};

export interface UserRow {
  id: number;
  ura: string;
  role: UserRole;
  status: 'actief' | 'verwijderd';
  given_name: string;
  surname: string;
  email: string | null;
  username: string | null;
  uzi_number: string | null;
  role_code: string | null;
  date_of_birth: string | null;
  wid_document_type: string | null;
  wid_document_last4: string | null;
  created_at: string;
}

export interface OrganisationRow {
  ura: string;
  name: string;
  approved_at: string;
  registered_at: string | null;
  administrator_user_id: number | null;
}

const CODE_BYTES = 24;
export const newCode = (): string => randomBytes(CODE_BYTES).toString('base64url');

export function getUser(app: App, id: number): UserRow | undefined {
  return app.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export function getOrganisation(app: App, ura: string): OrganisationRow | undefined {
  return app.db.prepare('SELECT * FROM organisations WHERE ura = ?').get(ura) as OrganisationRow | undefined;
}

export function activeUserByUzi(app: App, ura: string, uziNumber: string): UserRow | undefined {
  return app.db
    .prepare("SELECT * FROM users WHERE ura = ? AND uzi_number = ? AND status = 'actief' ORDER BY id LIMIT 1")
    .get(ura, uziNumber) as UserRow | undefined;
}

/** Who is logged in, as the header shows it. */
export function currentUser(
  ctx: Ctx,
): { name: string; role: string; user: UserRow | null; ura: string } | null {
  const login = ctx.session.data.login;
  if (!login) return null;
  if (login.kind === 'mobiel') {
    const user = getUser(ctx.app, login.userId);
    if (!user || user.status !== 'actief') return null;
    return { name: `${user.given_name} ${user.surname}`, role: ROLE_LABEL[user.role], user, ura: user.ura };
  }
  const id = login.identity;
  const user = activeUserByUzi(ctx.app, id.ura, id.uziNumber) ?? null;
  const name = holderDisplayName(id) || id.uziNumber;
  return { name, role: user ? ROLE_LABEL[user.role] : 'Ingelogd met UZI-pas', user, ura: id.ura };
}

/** 'aangewezen-administrator': an administrator appointed by another one, whose phone proves the date of birth. */
export type EnrolmentPurpose = UserRole | 'zelfregistratie' | 'aangewezen-administrator';

export interface Enrolment {
  code: string;
  content: string;
  dataUrl: string;
  expiresAt: string;
}

/** A single-use, time-limited QR code that links a phone to an identity. Older open codes for the user lapse. */
export async function createEnrolment(
  app: App,
  userId: number,
  purpose: EnrolmentPurpose,
): Promise<Enrolment> {
  const now = app.now();
  const code = newCode();
  const expiresAt = new Date(now.getTime() + app.enrolmentTtlMs).toISOString();
  app.db
    .prepare(
      "UPDATE enrolments SET status = 'geannuleerd' WHERE user_id = ? AND status IN ('open', 'gescand')",
    )
    .run(userId);
  app.db
    .prepare(
      "INSERT INTO enrolments (code, user_id, purpose, status, created_at, expires_at) VALUES (?, ?, ?, 'open', ?, ?)",
    )
    .run(code, userId, purpose, now.toISOString(), expiresAt);
  const content = qrContent(app.origin, 'enrolment', code);
  return { code, content, dataUrl: await qrDataUrl(content), expiresAt };
}

export interface QrLogin {
  code: string;
  content: string;
  dataUrl: string;
}

export async function createQrLogin(app: App, sessionId: string): Promise<QrLogin> {
  const now = app.now();
  const code = newCode();
  app.db
    .prepare(
      "INSERT INTO qr_logins (code, session_id, status, created_at, expires_at) VALUES (?, ?, 'open', ?, ?)",
    )
    .run(code, sessionId, now.toISOString(), new Date(now.getTime() + app.qrLoginTtlMs).toISOString());
  const content = qrContent(app.origin, 'login', code);
  return { code, content, dataUrl: await qrDataUrl(content) };
}

export function revokeMobileIds(app: App, userId: number): number {
  return app.db
    .prepare(
      "UPDATE mobile_ids SET status = 'ingetrokken', revoked_at = ? WHERE user_id = ? AND status IN ('actief', 'geblokkeerd')",
    )
    .run(app.now().toISOString(), userId).changes;
}

/**
 * Lost phone (vzvz.nl FAQ "Wat moet je doen als iemand zijn telefoon kwijt is"): block access, and
 * unblock it once the phone is found. A blocked Mobile App ID logs nobody in; revoking still works.
 */
export function setMobileIdBlocked(app: App, userId: number, blocked: boolean): number {
  const [from, to] = blocked ? ['actief', 'geblokkeerd'] : ['geblokkeerd', 'actief'];
  return app.db
    .prepare('UPDATE mobile_ids SET status = ? WHERE user_id = ? AND status = ?')
    .run(to, userId, from).changes;
}

/** Date of birth the sandbox knows for a UZI number: from the application, else from the PKI card profile. */
export function knownDateOfBirth(app: App, uziNumber: string): string | null {
  const fromApplication = app.db
    .prepare(
      'SELECT admin_date_of_birth FROM applications WHERE admin_uzi_number = ? ORDER BY id DESC LIMIT 1',
    )
    .get(uziNumber) as { admin_date_of_birth: string } | undefined;
  if (fromApplication) return fromApplication.admin_date_of_birth;
  const card = app.options.pki?.cards().find((c) => c.identity.uziNumber === uziNumber);
  return card?.dateOfBirth ?? null;
}
