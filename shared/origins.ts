// Which web origins may use the card. Defaults: the real ZORG-ID portal origins. The sandbox
// origins only in development/test builds or when browser policy allows them.

export const PORTAL_ORIGINS = Object.freeze({
  productie: 'https://productie.zorg-id.nl',
  acceptatie: 'https://acceptatie.zorg-id.nl',
});

export const SANDBOX_ORIGINS = Object.freeze({
  acceptatie: 'http://127.0.0.1:4410',
  productie: 'http://127.0.0.1:4411',
});

/**
 * The sandbox as a match pattern where the browser's patterns carry no port: Firefox (bugs 1362809
 * and 1468162; MDN, "Match patterns") accepts `http://127.0.0.1:4410/*` and never matches it. Such a
 * package asks for all of 127.0.0.1; the content script does nothing there before the worker's origin
 * check, which allows exactly SANDBOX_ORIGINS.
 */
export const PORTLESS_SANDBOX_MATCH = 'http://127.0.0.1/*';

export interface OriginPolicy {
  /** Extra origins an organisation allows (policy); exact origins, no wildcards. */
  allowedOrigins: readonly string[];
  sandboxAllowed: boolean;
}

export type OriginEnvironment = 'productie' | 'acceptatie' | 'sandbox' | 'other';

export function originEnvironment(origin: string): OriginEnvironment {
  if (origin === PORTAL_ORIGINS.productie) return 'productie';
  if (origin === PORTAL_ORIGINS.acceptatie) return 'acceptatie';
  if ((Object.values(SANDBOX_ORIGINS) as string[]).includes(origin)) return 'sandbox';
  return 'other';
}

/** A secure context as browsers define it: https, or http on loopback. */
export function isSecureOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  if (url.protocol === 'https:') return true;
  return (
    url.protocol === 'http:' &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]')
  );
}

export function isOriginAllowed(origin: string, policy: OriginPolicy): boolean {
  if (!isSecureOrigin(origin)) return false;
  if ((Object.values(PORTAL_ORIGINS) as string[]).includes(origin)) return true;
  if (policy.sandboxAllowed && (Object.values(SANDBOX_ORIGINS) as string[]).includes(origin)) return true;
  return policy.allowedOrigins.includes(origin);
}

/** The application form is filled in on a formdesk site (exact URL unknown: policy can add origins). */
const APPLICATION_FORM_HOST = /(^|\.)formdesk\.com$/;

/** Pages where the guide runs without card access: the application form. */
export function isGuideOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'https:' && APPLICATION_FORM_HOST.test(url.hostname);
  } catch {
    return false;
  }
}
