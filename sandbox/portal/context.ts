import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Verifier } from '../../verifier/index.js';
import type { Db } from './db.js';
import {
  HttpError,
  cookie,
  parseCookies,
  parseMultipart,
  parseUrlEncoded,
  readBody,
  type FormFields,
  type UploadedFile,
} from './http.js';
import type { PortalEnvironment, PortalOptions } from './types.js';
import type { VerifiedIdentity } from '../../verifier/index.js';

export const SESSION_COOKIE = 'zorgid_sessie';
const SESSION_ID_BYTES = 32;

/** Everything a logged-in browser carries between requests. */
export interface SessionData {
  /** The challenge last issued to this browser: the verifier compares the token's with it (session binding). */
  challenge?: string;
  /** 'uzi': logged in with the UZI-pas; 'mobiel': logged in with ZORG-ID Mobiel (QR). */
  login?: { kind: 'uzi'; identity: VerifiedIdentity } | { kind: 'mobiel'; userId: number };
  organisationStep?: 'kaart' | 'controle';
  /** What "afronden" read from the UZI-pas in the reader (step 6): shown for checking, then registered. */
  organisationCard?: { organisationName: string; ura: string };
  /** Why the Desktop App's "afronden" was refused (real-portal variant): shown once on the next page. */
  organisationError?: string;
  selfRegistration?: SelfRegistrationState;
  /** Step 7: wrong dates of birth entered in this session (the portal stops asking after three). */
  mobileIdBirthDateFailures?: number;
}

export interface SelfRegistrationState {
  identity: VerifiedIdentity;
  organisationName: string;
  dateOfBirth?: string;
  existingUserId?: number | null;
  statement?: string;
  statementHashB64?: string;
  enrolmentCode?: string;
  enrolmentQr?: string;
  enrolmentContent?: string;
}

export interface Session {
  id: string;
  csrf: string;
  data: SessionData;
  isNew: boolean;
}

export interface App {
  db: Db;
  verifier: Verifier;
  environment: PortalEnvironment;
  origin: string;
  options: PortalOptions;
  now: () => Date;
  enrolmentTtlMs: number;
  qrLoginTtlMs: number;
  timers: Set<NodeJS.Timeout>;
}

export class Ctx {
  #session: Session | null = null;
  #form: { fields: FormFields; files: Record<string, UploadedFile> } | null = null;
  readonly url: URL;

  constructor(
    readonly app: App,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
  ) {
    this.url = new URL(req.url ?? '/', app.origin);
  }

  get session(): Session {
    if (this.#session) return this.#session;
    const id = parseCookies(this.req)[SESSION_COOKIE];
    const row = id
      ? (this.app.db.prepare('SELECT id, csrf, data FROM sessions WHERE id = ?').get(id) as
          { id: string; csrf: string; data: string } | undefined)
      : undefined;
    if (row) {
      this.#session = { id: row.id, csrf: row.csrf, data: JSON.parse(row.data) as SessionData, isNew: false };
    } else {
      const session = {
        id: randomBytes(SESSION_ID_BYTES).toString('base64url'),
        csrf: randomBytes(SESSION_ID_BYTES).toString('base64url'),
        data: {},
        isNew: true,
      };
      this.app.db
        .prepare('INSERT INTO sessions (id, csrf, data, created_at) VALUES (?, ?, ?, ?)')
        .run(session.id, session.csrf, '{}', this.app.now().toISOString());
      this.#session = session;
    }
    return this.#session;
  }

  saveSession(): void {
    const s = this.session;
    this.app.db.prepare('UPDATE sessions SET data = ? WHERE id = ?').run(JSON.stringify(s.data), s.id);
  }

  /** A new session id after login, so a session fixed before login is worth nothing afterwards. */
  renewSession(data: SessionData): void {
    const old = this.session;
    this.app.db.prepare('DELETE FROM sessions WHERE id = ?').run(old.id);
    this.#session = null;
    this.#session = {
      id: randomBytes(SESSION_ID_BYTES).toString('base64url'),
      csrf: randomBytes(SESSION_ID_BYTES).toString('base64url'),
      data,
      isNew: true,
    };
    this.app.db
      .prepare('INSERT INTO sessions (id, csrf, data, created_at) VALUES (?, ?, ?, ?)')
      .run(this.#session.id, this.#session.csrf, JSON.stringify(data), this.app.now().toISOString());
  }

  /** Set-Cookie for a session created in this request. */
  sessionHeaders(): Record<string, string> {
    return this.#session?.isNew ? { 'Set-Cookie': cookie(SESSION_COOKIE, this.#session.id) } : {};
  }

  async form(): Promise<{ fields: FormFields; files: Record<string, UploadedFile> }> {
    if (this.#form) return this.#form;
    const body = await readBody(this.req);
    const type = this.req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) this.#form = parseMultipart(body, type);
    else if (type.startsWith('application/json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'Ongeldige JSON.');
      }
      this.#form = { fields: { __json: JSON.stringify(parsed) }, files: {} };
    } else this.#form = { fields: parseUrlEncoded(body), files: {} };
    return this.#form;
  }

  async json(): Promise<unknown> {
    const { fields } = await this.form();
    return fields.__json === undefined ? {} : (JSON.parse(fields.__json) as unknown);
  }

  /** Forms send _csrf; scripts send the X-CSRF-Token header. */
  async checkCsrf(): Promise<void> {
    const header = this.req.headers['x-csrf-token'];
    const sent = typeof header === 'string' ? header : (await this.form()).fields._csrf;
    const expected = this.session.csrf;
    if (
      this.session.isNew ||
      !sent ||
      sent.length !== expected.length ||
      !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
    ) {
      throw new HttpError(403, 'De sessie is verlopen of het formulier is ongeldig. Laad de pagina opnieuw.');
    }
  }
}
