// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration cannot be imported; tests compile this file without sandbox/ in their include
/// <reference path="./better-sqlite3.d.ts" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BetterSqlite3 } from 'better-sqlite3';
import type { ChallengeOutcome, ChallengeStore } from '../../verifier/index.js';
import type { PortalEnvironment } from './types.js';

export type Db = BetterSqlite3.Database;

/** Bump when the schema changes; the sandbox then starts a fresh database file. */
const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS applications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL,               -- ingediend | goedgekeurd
  approved_at TEXT,
  organisation_name TEXT NOT NULL, ura TEXT NOT NULL, kvk TEXT NOT NULL,
  admin_given_name TEXT NOT NULL, admin_surname TEXT NOT NULL, admin_email TEXT NOT NULL,
  admin_phone TEXT NOT NULL, admin_uzi_number TEXT NOT NULL, admin_date_of_birth TEXT NOT NULL,
  representative_name TEXT NOT NULL, representative_email TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS organisations (
  ura TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  approved_at TEXT NOT NULL,
  registered_at TEXT,
  administrator_user_id INTEGER
);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ura TEXT NOT NULL,
  role TEXT NOT NULL,                 -- administrator | beheerder | zorgmedewerker
  status TEXT NOT NULL,               -- actief | verwijderd
  given_name TEXT NOT NULL, surname TEXT NOT NULL,
  email TEXT, username TEXT,
  uzi_number TEXT, role_code TEXT, date_of_birth TEXT,
  wid_document_type TEXT, wid_document_last4 TEXT, wid_checked_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
  id TEXT PRIMARY KEY,
  pin_salt TEXT NOT NULL, pin_hash TEXT NOT NULL,
  unlocked_until TEXT,
  pending_enrolment TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mobile_ids (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL,
  device_id TEXT NOT NULL,
  status TEXT NOT NULL,               -- actief | geblokkeerd | ingetrokken
  created_at TEXT NOT NULL, revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS enrolments (
  code TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  purpose TEXT NOT NULL,              -- administrator | beheerder | zorgmedewerker | zelfregistratie
  status TEXT NOT NULL,               -- open | gescand | bevestigd | geannuleerd
  device_id TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS wid_checks (
  code TEXT PRIMARY KEY,
  ura TEXT NOT NULL,
  requested_by INTEGER NOT NULL,
  given_name TEXT NOT NULL, surname TEXT NOT NULL, email TEXT NOT NULL, date_of_birth TEXT NOT NULL,
  status TEXT NOT NULL,               -- open | geslaagd | afgewezen | afgerond | geannuleerd
  failure TEXT, failure_detail TEXT,  -- the last failed read: verlopen | onleesbaar | andere-gegevens; or gestopt
  device_id TEXT,
  document_type TEXT, document_last4 TEXT,
  user_id INTEGER,
  created_at TEXT NOT NULL, expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS qr_logins (
  code TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  status TEXT NOT NULL,               -- open | gebruikt
  user_id INTEGER,
  created_at TEXT NOT NULL, expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS challenges (
  challenge TEXT PRIMARY KEY,
  issued_at TEXT NOT NULL, expires_at TEXT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  csrf TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mails (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  recipient TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL, ura TEXT, actor TEXT, action TEXT NOT NULL, detail TEXT
);
`;

export function openDatabase(dataDir: string, environment: PortalEnvironment): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, `portal-${environment}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true });
  if (version !== SCHEMA_VERSION) {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
  return db;
}

/** The portal's challenge store: one UPDATE decides, so two requests with one challenge cannot both pass. */
export class SqliteChallengeStore implements ChallengeStore {
  constructor(private readonly db: Db) {}

  save(challenge: string, issuedAt: Date, expiresAt: Date): void {
    this.db
      .prepare('INSERT INTO challenges (challenge, issued_at, expires_at) VALUES (?, ?, ?)')
      .run(challenge, issuedAt.toISOString(), expiresAt.toISOString());
  }

  consume(challenge: string, now: Date): ChallengeOutcome {
    const claimed = this.db
      .prepare('UPDATE challenges SET used = 1 WHERE challenge = ? AND used = 0')
      .run(challenge);
    const row = this.db.prepare('SELECT expires_at FROM challenges WHERE challenge = ?').get(challenge) as
      { expires_at: string } | undefined;
    if (!row) return 'unknown';
    if (claimed.changes === 0) return 'reused';
    return now > new Date(row.expires_at) ? 'expired' : 'ok';
  }
}
