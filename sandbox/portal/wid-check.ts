import { createHash } from 'node:crypto';
import type { App } from './context.js';
import { newCode } from './identity-store.js';
import { qrContent, qrDataUrl } from './qr.js';

// The WID check of step 9 (identity check under the Wet op de identificatieplicht) as ZORG-ID describes
// it: the care worker's ZORG-ID app reads the identity document's NFC chip, and the portal takes the
// result from there. Sources: vzvznl/ZORG-ID `informatiesystemen-architectuur.md` ("data manager …
// fetches WID data after a WID scan was done with the ZID Mobile App"); its use case list names
// "ZID-UC-EU-002 Scan WID" among the end user's (the page itself is empty); the step plan's role 3
// (zorgmedewerker) needs "a personal smartphone with NFC". Guesses, all of them: that the beheerder's
// portal starts the check with a QR code the care worker's app scans, the portal's and app's screens
// and texts, the 15 minutes, and how names are compared. The sandbox's "chip" is a choice of sandbox
// documents on the phone stand-in; what is compared and refused is real code.

export const WID_DOCUMENTS = ['paspoort', 'identiteitskaart', 'rijbewijs'] as const;
export type WidDocument = (typeof WID_DOCUMENTS)[number];
export const WID_DOCUMENT_LABEL: Readonly<Record<WidDocument, string>> = {
  paspoort: 'paspoort',
  identiteitskaart: 'identiteitskaart',
  rijbewijs: 'rijbewijs',
};

/** What the phone stand-in can "hold against the phone": the sandbox's documents and failures. */
export const CHIP_VARIANTS = [
  'geldig',
  'verlopen',
  'ander-persoon',
  'andere-geboortedatum',
  'onleesbaar',
] as const;
export type ChipVariant = (typeof CHIP_VARIANTS)[number];
export const CHIP_VARIANT_LABEL: Readonly<Record<ChipVariant, string>> = {
  geldig: 'Eigen document, geldig',
  verlopen: 'Eigen document, verlopen',
  'ander-persoon': 'Document van een ander persoon',
  'andere-geboortedatum': 'Eigen naam, andere geboortedatum',
  onleesbaar: 'Chip onleesbaar (de telefoon krijgt geen antwoord)',
};

const WID_CHECK_TTL_MS = 15 * 60 * 1000;
const EXPIRED_DAYS = 30;
const VALID_YEARS = 5;

export type WidStatus = 'open' | 'geslaagd' | 'afgewezen' | 'afgerond' | 'geannuleerd';
/** The last failed read, or 'gestopt' when the care worker stopped the check on the phone. */
export type WidFailure = 'verlopen' | 'onleesbaar' | 'andere-gegevens' | 'gestopt';

export interface WidCheckRow {
  code: string;
  ura: string;
  requested_by: number;
  given_name: string;
  surname: string;
  email: string;
  date_of_birth: string;
  status: WidStatus;
  failure: WidFailure | null;
  failure_detail: string | null;
  device_id: string | null;
  document_type: WidDocument | null;
  document_last4: string | null;
  user_id: number | null;
  created_at: string;
  expires_at: string;
}

/** What the chip gives the app (the part the portal needs; the real chip holds more). */
export interface ChipData {
  documentType: WidDocument;
  documentNumber: string;
  givenNames: string;
  surname: string;
  dateOfBirth: string;
  expiresOn: string;
}

export const WID_TEXT = {
  unreadable:
    'De chip van het identiteitsbewijs kon niet gelezen worden. Houd het document stil en plat tegen de ' +
    'achterkant van de telefoon en probeer het opnieuw. Lukt het niet, gebruik dan een ander identiteitsbewijs.',
  expired: (until: string) =>
    `Dit identiteitsbewijs is verlopen (geldig tot ${until}). Scan een geldig paspoort, identiteitskaart of rijbewijs.`,
  mismatch: (what: string) =>
    `${what} op het identiteitsbewijs komt niet overeen met de registratie. De WID-controle is afgewezen: ` +
    'de beheerder controleert de gegevens met de medewerker en start de WID-controle opnieuw. Is het een ' +
    'ander persoon, registreer deze dan niet.',
  passed: (label: string) =>
    `Uw ${label} is gecontroleerd. Uw beheerder rondt de registratie af in het portaal.`,
  waiting:
    'Wacht op de scan: de medewerker scant de QR-code met de ZORG-ID app en houdt het identiteitsbewijs tegen de telefoon.',
  scanned: 'De QR-code is gescand. De medewerker houdt nu het identiteitsbewijs tegen de telefoon…',
  passedPortal: 'Identiteitsbewijs gecontroleerd. Klik op Registratie afronden.',
  expiredCheck: 'Deze WID-controle is verlopen. Start de registratie van de zorgmedewerker opnieuw.',
  unknown: 'Deze WID-controle is onbekend. Start de registratie van de zorgmedewerker opnieuw.',
  used: 'Deze WID-controle wordt al op een andere telefoon gedaan. Vraag de beheerder om een nieuwe QR-code.',
  stoppedPhone:
    'De WID-controle is gestopt. Wilt u opnieuw beginnen, vraag de beheerder dan om een nieuwe QR-code.',
  stoppedPortal:
    'De medewerker heeft de WID-controle op de telefoon gestopt. Start de registratie van de zorgmedewerker opnieuw.',
} as const;

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export async function createWidCheck(
  app: App,
  requester: { id: number; ura: string },
  person: { givenName: string; surname: string; email: string; dateOfBirth: string },
): Promise<{ check: WidCheckRow; content: string; dataUrl: string }> {
  const now = app.now();
  const code = newCode();
  // A new check for the same person replaces the manager's earlier one (a phone that took it on is freed).
  app.db
    .prepare(
      "UPDATE wid_checks SET status = 'geannuleerd' WHERE requested_by = ? AND email = ? AND status IN ('open', 'geslaagd')",
    )
    .run(requester.id, person.email);
  app.db
    .prepare(
      `INSERT INTO wid_checks (code, ura, requested_by, given_name, surname, email, date_of_birth, status,
        created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
    )
    .run(
      code,
      requester.ura,
      requester.id,
      person.givenName,
      person.surname,
      person.email,
      person.dateOfBirth,
      now.toISOString(),
      new Date(now.getTime() + WID_CHECK_TTL_MS).toISOString(),
    );
  return { check: getWidCheck(app, code)!, ...(await widQr(app, code)) };
}

export async function widQr(app: App, code: string): Promise<{ content: string; dataUrl: string }> {
  const content = qrContent(app.origin, 'wid', code);
  return { content, dataUrl: await qrDataUrl(content) };
}

export function getWidCheck(app: App, code: string): WidCheckRow | undefined {
  return app.db.prepare('SELECT * FROM wid_checks WHERE code = ?').get(code) as WidCheckRow | undefined;
}

export function isExpired(app: App, check: WidCheckRow): boolean {
  return app.now() > new Date(check.expires_at);
}

/** The open check this phone is doing, if any. */
export function pendingWidCheck(app: App, deviceId: string): WidCheckRow | undefined {
  const row = app.db
    .prepare(
      "SELECT * FROM wid_checks WHERE device_id = ? AND status = 'open' ORDER BY created_at DESC LIMIT 1",
    )
    .get(deviceId) as WidCheckRow | undefined;
  return row && !isExpired(app, row) ? row : undefined;
}

/** The phone takes the check on: one phone per check (a second phone finds it taken). */
export function claimWidCheck(app: App, code: string, deviceId: string): boolean {
  return (
    app.db
      .prepare(
        "UPDATE wid_checks SET device_id = ? WHERE code = ? AND status = 'open' AND (device_id IS NULL OR device_id = ?)",
      )
      .run(deviceId, code, deviceId).changes === 1
  );
}

const digest = (text: string) => createHash('sha256').update(text).digest();
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** A stable, made-up document number in the Dutch shape: 9 characters for a passport or ID card, 10 digits for a driving licence. */
function documentNumber(code: string, type: WidDocument): string {
  const bytes = digest(`${code}:${type}`);
  if (type === 'rijbewijs') return Array.from(bytes.subarray(0, 10), (b) => String(b % 10)).join('');
  const alphabet = LETTERS + '0123456789';
  const letters = Array.from(bytes.subarray(0, 2), (b) => LETTERS[b % LETTERS.length]).join('');
  const middle = Array.from(bytes.subarray(2, 8), (b) => alphabet[b % alphabet.length]).join('');
  return `${letters}${middle}${(bytes[8] ?? 0) % 10}`;
}

function shiftYears(isoDate: string, years: number): string {
  const [y = '2000', rest = '01-01'] = [isoDate.slice(0, 4), isoDate.slice(5)];
  return `${String(Number(y) + years).padStart(4, '0')}-${rest === '02-29' ? '02-28' : rest}`;
}

/** The sandbox document behind one choice on the phone; null for a chip that does not answer. */
export function sandboxChip(
  app: App,
  check: WidCheckRow,
  type: WidDocument,
  variant: ChipVariant,
): ChipData | null {
  if (variant === 'onleesbaar') return null;
  const now = app.now();
  const valid = new Date(now);
  valid.setUTCFullYear(valid.getUTCFullYear() + VALID_YEARS);
  const own = {
    documentType: type,
    documentNumber: documentNumber(check.code, type),
    givenNames: check.given_name,
    surname: check.surname,
    dateOfBirth: check.date_of_birth,
    expiresOn: day(valid),
  };
  switch (variant) {
    case 'geldig':
      return own;
    case 'verlopen':
      return { ...own, expiresOn: day(new Date(now.getTime() - EXPIRED_DAYS * 24 * 60 * 60 * 1000)) };
    case 'ander-persoon':
      return {
        ...own,
        documentNumber: documentNumber(`${check.code}:ander`, type),
        givenNames: 'Sanne Maria',
        surname: check.surname === 'Sandbox-Anders' ? 'Sandbox-Derde' : 'Sandbox-Anders',
        dateOfBirth: shiftYears(check.date_of_birth, -7),
      };
    case 'andere-geboortedatum':
      return { ...own, dateOfBirth: shiftYears(check.date_of_birth, 1) };
  }
}

/** Names compare without case, accents or extra spaces; the first given name alone is enough. */
const normalise = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

function nameMatches(check: WidCheckRow, chip: ChipData): boolean {
  if (normalise(chip.surname) !== normalise(check.surname)) return false;
  const entered = normalise(check.given_name);
  const onChip = normalise(chip.givenNames);
  return entered === onChip || entered === onChip.split(' ')[0];
}

export type ScanOutcome =
  { ok: true; chip: ChipData } | { ok: false; failure: WidFailure; message: string; final: boolean };

/** Judges what the chip gave: readable, not expired, the same person as the beheerder entered. */
export function judgeScan(app: App, check: WidCheckRow, chip: ChipData | null): ScanOutcome {
  if (!chip) return { ok: false, failure: 'onleesbaar', message: WID_TEXT.unreadable, final: false };
  if (chip.expiresOn < day(app.now()))
    return { ok: false, failure: 'verlopen', message: WID_TEXT.expired(chip.expiresOn), final: false };
  const nameOk = nameMatches(check, chip);
  const dateOk = chip.dateOfBirth === check.date_of_birth;
  if (!nameOk || !dateOk) {
    const what =
      !nameOk && !dateOk ? 'De naam en de geboortedatum' : !nameOk ? 'De naam' : 'De geboortedatum';
    return { ok: false, failure: 'andere-gegevens', message: WID_TEXT.mismatch(what), final: true };
  }
  return { ok: true, chip };
}

/** Stores the outcome: a pass keeps the document type and the number's last 4 characters, never the whole number. */
export function recordScan(app: App, check: WidCheckRow, outcome: ScanOutcome): void {
  if (outcome.ok) {
    app.db
      .prepare(
        `UPDATE wid_checks SET status = 'geslaagd', failure = NULL, failure_detail = NULL, document_type = ?,
          document_last4 = ? WHERE code = ? AND status = 'open'`,
      )
      .run(outcome.chip.documentType, outcome.chip.documentNumber.slice(-4), check.code);
    return;
  }
  app.db
    .prepare(
      'UPDATE wid_checks SET status = ?, failure = ?, failure_detail = ? WHERE code = ? AND status = ?',
    )
    .run(outcome.final ? 'afgewezen' : 'open', outcome.failure, outcome.message, check.code, 'open');
}

/** The care worker stops the check on the phone: the phone is free again, the portal hears it stopped. */
export function stopWidCheck(app: App, check: WidCheckRow, deviceId: string): void {
  app.db
    .prepare(
      "UPDATE wid_checks SET status = 'geannuleerd', failure = 'gestopt' WHERE code = ? AND device_id = ? AND status = 'open'",
    )
    .run(check.code, deviceId);
}

/** What the beheerder's page shows about a check while it waits, and whether it is over. */
export function widPortalStatus(
  app: App,
  check: WidCheckRow,
): { status: 'open' | 'gescand' | 'geslaagd' | 'afgewezen' | 'verlopen' | 'afgerond'; message: string } {
  if (check.status === 'afgerond') return { status: 'afgerond', message: 'De registratie is afgerond.' };
  if (check.status === 'geslaagd') return { status: 'geslaagd', message: WID_TEXT.passedPortal };
  if (check.status === 'afgewezen')
    return { status: 'afgewezen', message: check.failure_detail ?? WID_TEXT.mismatch('De naam') };
  if (check.status === 'geannuleerd' && check.failure === 'gestopt')
    return { status: 'verlopen', message: WID_TEXT.stoppedPortal };
  if (check.status !== 'open' || isExpired(app, check))
    return { status: 'verlopen', message: WID_TEXT.expiredCheck };
  if (check.failure_detail) return { status: 'gescand', message: check.failure_detail };
  return check.device_id
    ? { status: 'gescand', message: WID_TEXT.scanned }
    : { status: 'open', message: WID_TEXT.waiting };
}
