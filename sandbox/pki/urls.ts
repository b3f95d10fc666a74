// Where the sandbox publishes its revocation information. The card certificates name these URLs
// (CRL distribution point, AIA OCSP and CA issuers) and the sandbox portal serves them, so the URLs
// are fixed at the acceptatie instance; the productie instance serves the same paths too.

import { SANDBOX_ORIGINS } from '../../shared/origins.js';

export const PKI_PATH_PREFIX = '/pki/';
export const OCSP_PATH = '/pki/ocsp';
const CRL_DIR = '/pki/crl/';
const CA_DIR = '/pki/ca/';
const CRL_SUFFIX = '.crl';
const CA_SUFFIX = '.crt';

export const PKI_CONTENT_TYPES = {
  crl: 'application/pkix-crl',
  certificate: 'application/pkix-cert',
  ocspRequest: 'application/ocsp-request',
  ocspResponse: 'application/ocsp-response',
} as const;

export const crlPath = (ca: string): string => `${CRL_DIR}${ca}${CRL_SUFFIX}`;
export const caCertificatePath = (ca: string): string => `${CA_DIR}${ca}${CA_SUFFIX}`;

/** The name in `/pki/crl/<name>.crl` or `/pki/ca/<name>.crt`; undefined for any other path. */
export function pkiPathName(path: string, kind: 'crl' | 'ca'): string | undefined {
  const [dir, suffix] = kind === 'crl' ? [CRL_DIR, CRL_SUFFIX] : [CA_DIR, CA_SUFFIX];
  if (!path.startsWith(dir) || !path.endsWith(suffix)) return undefined;
  const name = path.slice(dir.length, -suffix.length);
  return /^[a-z][a-z-]*$/.test(name) ? name : undefined;
}

/** What a card certificate of issuing CA `ca` points at. */
export function revocationUrls(ca: string, origin: string = SANDBOX_ORIGINS.acceptatie) {
  return {
    crl: origin + crlPath(ca),
    ocsp: origin + OCSP_PATH,
    caIssuers: origin + caCertificatePath(ca),
  };
}

export type RevocationUrls = ReturnType<typeof revocationUrls>;
