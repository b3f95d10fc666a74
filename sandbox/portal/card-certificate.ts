import { X509Certificate } from 'node:crypto';
import { checkChain, checkValidity, createTrustPool } from '../../verifier/certificate-checks.js';
import type { VerifiedIdentity } from '../../verifier/index.js';
import { readUziIdentity } from '../../verifier/uzi-identity.js';
import type { App } from './context.js';

// "afronden" in step 6: the administrator holds the UZI-pas in the reader and the portal reads the
// organisation from it (readCard, no PIN). Nothing is signed, so the certificate proves only what
// the card says; it counts because the logged-in session already proved who holds the card, and
// the certificate must name that same person.

export const CARD_READ_TEXT = {
  noCard: 'Geen UZI-pas gevonden. Steek uw pas in de lezer en klik opnieuw op afronden.',
  notUzi:
    'De pas in de lezer is geen geldige UZI-pas. Steek uw UZI-pas in de lezer en klik opnieuw op afronden.',
  otherPerson:
    'De UZI-pas in de lezer is niet van u: het UZI-nummer is anders dan bij het inloggen. Steek uw eigen pas in ' +
    'de lezer en klik opnieuw op afronden.',
  otherOrganisation: (ura: string) =>
    `De UZI-pas in de lezer hoort bij een andere organisatie (URA-nummer ${ura}) dan de pas waarmee u bent ` +
    'ingelogd. Log uit en log in met de pas van de organisatie die u registreert.',
} as const;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const pools = new WeakMap<App, ReturnType<typeof createTrustPool>>();

export type CardRead = { ok: true; identity: VerifiedIdentity } | { ok: false; message: string };

/** The card's authentication certificate (DER, base64) from readCard, checked against the logged-in identity. */
export function checkCardRead(
  app: App,
  certificateB64: string | undefined,
  login: VerifiedIdentity,
): CardRead {
  const text = (certificateB64 ?? '').trim();
  if (!text) return { ok: false, message: CARD_READ_TEXT.noCard };
  if (!BASE64.test(text)) return { ok: false, message: CARD_READ_TEXT.notUzi };
  const der = Buffer.from(text, 'base64');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    return { ok: false, message: CARD_READ_TEXT.notUzi };
  }
  let pool = pools.get(app);
  if (pool === undefined) pools.set(app, (pool = createTrustPool(app.options.trustedCaPems)));
  const now = app.now();
  const trusted = checkChain(pool, certificate, now);
  if (!trusted.ok) return { ok: false, message: CARD_READ_TEXT.notUzi };
  const valid = checkValidity(certificate, now);
  if (!valid.ok) return { ok: false, message: valid.message };
  const identity = readUziIdentity(der, now);
  if (!identity) return { ok: false, message: CARD_READ_TEXT.notUzi };
  if (identity.uziNumber !== login.uziNumber) return { ok: false, message: CARD_READ_TEXT.otherPerson };
  if (identity.ura !== login.ura)
    return { ok: false, message: CARD_READ_TEXT.otherOrganisation(identity.ura) };
  return { ok: true, identity };
}
