import type { Db } from './db.js';

export function sendMail(db: Db, now: Date, recipient: string, subject: string, body: string): void {
  db.prepare('INSERT INTO mails (created_at, recipient, subject, body) VALUES (?, ?, ?, ?)').run(
    now.toISOString(),
    recipient,
    subject,
    body,
  );
}

export function audit(
  db: Db,
  now: Date,
  ura: string | null,
  actor: string,
  action: string,
  detail = '',
): void {
  db.prepare('INSERT INTO audit_log (at, ura, actor, action, detail) VALUES (?, ?, ?, ?, ?)').run(
    now.toISOString(),
    ura,
    actor,
    action,
    detail,
  );
}
