// Revocation lists: one per issuing CA, listing every certificate of every revoked profile.

import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { importPrivateKey, SIGNING_ALGORITHM, subtleCrypto } from './crypto.js';
import type { IssuingCaName } from './profiles.js';
import { ISSUING_CAS } from './profiles.js';

const HOUR_MS = 60 * 60 * 1000;
/** CRLs are rebuilt on every load; a week is plenty for a test run and keeps openssl from calling them stale. */
export const CRL_LIFETIME_MS = 7 * 24 * HOUR_MS;
/** thisUpdate a little in the past so a verifier with a slow clock still accepts the CRL. */
const CRL_BACKDATE_MS = HOUR_MS;

export interface RevokedCertificate {
  issuingCa: IssuingCaName;
  serialNumberHex: string;
  revokedAt: Date;
}

export interface CrlSigner {
  certificate: x509.X509Certificate;
  privateKeyPem: string;
}

export async function createCrl(
  signer: CrlSigner,
  revoked: readonly RevokedCertificate[],
  now: Date,
): Promise<Uint8Array> {
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: signer.certificate.subjectName,
      thisUpdate: new Date(now.getTime() - CRL_BACKDATE_MS),
      nextUpdate: new Date(now.getTime() + CRL_LIFETIME_MS),
      signingAlgorithm: SIGNING_ALGORITHM,
      signingKey: await importPrivateKey(signer.privateKeyPem),
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(signer.certificate.publicKey, false, subtleCrypto),
      ],
      entries: revoked.map((r) => ({
        serialNumber: r.serialNumberHex,
        revocationDate: r.revokedAt,
        reason: x509.X509CrlReason.keyCompromise,
      })),
    },
    subtleCrypto,
  );
  return new Uint8Array(crl.rawData);
}

/** One DER CRL per issuing CA. */
export async function createCrls(
  signers: Readonly<Record<IssuingCaName, CrlSigner>>,
  revoked: readonly RevokedCertificate[],
  now: Date,
): Promise<Record<IssuingCaName, Uint8Array>> {
  const entries = await Promise.all(
    ISSUING_CAS.map(
      async (ca) =>
        [
          ca,
          await createCrl(
            signers[ca],
            revoked.filter((r) => r.issuingCa === ca),
            now,
          ),
        ] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<IssuingCaName, Uint8Array>;
}
