// What the sandbox's HTTP revocation endpoints answer: CRLs, OCSP and CA certificates of the
// sandbox PKI. Transport-free, so the portal (or any server) mounts it on its own routes.

import { answerOcsp } from './ocsp.js';
import { buildCrl, type SandboxPki } from './pki.js';
import { CA_ORDER, ISSUING_CAS, type CaName, type IssuingCaName } from './profiles.js';

/** CRLs are valid a week; re-signing daily keeps a long-running sandbox from serving a stale one. */
const CRL_REFRESH_MS = 24 * 60 * 60 * 1000;

export interface RevocationService {
  /** DER CRL of an issuing CA by name; undefined for any other name. */
  crl(ca: string): Promise<Uint8Array | undefined>;
  /** DER OCSPResponse for a DER OCSPRequest (malformedRequest for garbage). */
  ocsp(requestDer: Uint8Array): Uint8Array;
  /** DER certificate of a sandbox CA by name; undefined for any other name. */
  caCertificate(name: string): Uint8Array | undefined;
}

const isIssuingCa = (name: string): name is IssuingCaName =>
  (ISSUING_CAS as readonly string[]).includes(name);
const isCa = (name: string): name is CaName => (CA_ORDER as readonly string[]).includes(name);

export function createRevocationService(
  pki: SandboxPki,
  now: () => Date = () => new Date(),
): RevocationService {
  let crls: { signedAt: number; ders: Promise<Record<IssuingCaName, Uint8Array>> } = {
    signedAt: now().getTime(),
    ders: Promise.resolve(
      Object.fromEntries(ISSUING_CAS.map((ca) => [ca, new Uint8Array(pki.crlDer(ca))])) as Record<
        IssuingCaName,
        Uint8Array
      >,
    ),
  };
  return {
    async crl(ca) {
      if (!isIssuingCa(ca)) return undefined;
      const at = now();
      if (at.getTime() - crls.signedAt > CRL_REFRESH_MS)
        crls = { signedAt: at.getTime(), ders: buildCrl(pki, at) };
      return (await crls.ders)[ca];
    },
    ocsp: (requestDer) => answerOcsp(pki, requestDer, now()),
    caCertificate: (name) => (isCa(name) ? new Uint8Array(pki.cas[name].certificateDer) : undefined),
  };
}
