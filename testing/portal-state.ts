// Starting over with one organisation on a sandbox portal that is already running (under
// with-sandbox or `npm test` the portal keeps its SQLite files in `.sandbox/portal` between runs).
// The card's URA is fixed, and the portal refuses a second application for an organisation it
// knows: so a scenario that registers URA 90000001 again first removes what earlier runs left.
// Sandbox only: it writes into the portal's database file, beside the running portal (SQLite WAL).
import { openDatabase } from '../sandbox/portal/db.js';
import type { PortalEnvironment } from '../sandbox/portal/types.js';
import { DEFAULT_PORTAL_DATA_DIR } from './lib/sandbox-services.js';

export interface ResetOptions {
  /** Default: `ZORGID_PORTAL_DATA_DIR`, else `.sandbox/portal` (what with-sandbox and `npm start` use). */
  dataDir?: string;
  environment?: PortalEnvironment;
}

export interface ResetOutcome {
  applications: number;
  organisations: number;
  users: number;
  mails: number;
}

/** Removes the organisation with this URA, its applications and their mails, users, Mobile App IDs and QR codes. */
export function resetOrganisation(ura: string, options: ResetOptions = {}): ResetOutcome {
  const db = openDatabase(
    options.dataDir ?? process.env.ZORGID_PORTAL_DATA_DIR ?? DEFAULT_PORTAL_DATA_DIR,
    options.environment ?? 'acceptatie',
  );
  try {
    db.pragma('busy_timeout = 5000');
    return db.transaction(() => {
      const users = 'SELECT id FROM users WHERE ura = ?';
      db.prepare(`DELETE FROM mobile_ids WHERE user_id IN (${users})`).run(ura);
      db.prepare(`DELETE FROM enrolments WHERE user_id IN (${users})`).run(ura);
      return {
        users: db.prepare('DELETE FROM users WHERE ura = ?').run(ura).changes,
        organisations: db.prepare('DELETE FROM organisations WHERE ura = ?').run(ura).changes,
        applications: db.prepare('DELETE FROM applications WHERE ura = ?').run(ura).changes,
        // The sandbox mailbox is shared: an earlier run's confirmation would tell the guide step 2 is done.
        mails: db
          .prepare(
            "DELETE FROM mails WHERE body LIKE '%URA ' || ? || '%' OR body LIKE '%URA-nummer: ' || ? || '%'",
          )
          .run(ura, ura).changes,
      };
    })();
  } finally {
    db.close();
  }
}
