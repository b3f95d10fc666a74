// `revocation`: is the card's authentication certificate revoked? Reads the card (readCard: from the
// CardSession's cache while no card left) and asks the CA's OCSP responder, then its CRL. The answer is kept per certificate for a
// few minutes, so the toolbar badge's runs do not hit the CA on every reader event.
import type { ReadCardResult, RevocationResult } from '../../../shared/protocol/host.js';
import { checkRevocation } from '../card/revocation.js';
import type { HostRuntime } from '../runtime.js';
import { readCard } from './read-card.js';

/** How long an answer is reused; 'unknown' is asked again sooner (the network may be back). */
export const REVOCATION_CACHE_MS = Object.freeze({ known: 5 * 60 * 1000, unknown: 30 * 1000 });

// Not in the CardSession's card cache, on purpose: this answer is about a certificate, not about a
// card in a reader. It must outlive a removal (the toolbar badge asks again on every reader event,
// and re-inserting the same card must not hit the CA again) and it ends by time, not by PC/SC.
const cache = new Map<string, { at: number; result: RevocationResult }>();

export async function revocation(
  runtime: HostRuntime,
  args: { reader?: string },
  read: (runtime: HostRuntime, args: { reader?: string }) => Promise<ReadCardResult> = readCard,
): Promise<RevocationResult> {
  const card = await read(runtime, args);
  const der = card.certificates.find((certificate) => certificate.role === 'authentication')?.der;
  if (!der) return { status: 'unknown', reason: 'no authentication certificate on the card', tried: [] };
  const cached = cache.get(der);
  const now = Date.now();
  if (
    cached &&
    now - cached.at < REVOCATION_CACHE_MS[cached.result.status === 'unknown' ? 'unknown' : 'known']
  ) {
    return cached.result;
  }
  const result = await checkRevocation(new Uint8Array(Buffer.from(der, 'base64')));
  cache.set(der, { at: now, result });
  return result;
}
