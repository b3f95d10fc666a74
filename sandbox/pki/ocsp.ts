// A minimal OCSP responder (RFC 6960) for the sandbox PKI: answers good / revoked / unknown for
// certificates of the issuing CAs, signed by the issuing CA itself, and echoes the request nonce.

import { createHash, sign } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import {
  bitString,
  children,
  contextTag,
  decodeOid,
  enumerated,
  explicit,
  generalizedTime,
  implicitConstructed,
  implicitPrimitive,
  nullValue,
  octetString,
  oid,
  readTlv,
  sequence,
  TAG,
  type Tlv,
} from './der.js';
import type { SandboxPki } from './pki.js';
import { ISSUING_CAS, type IssuingCaName } from './profiles.js';
import { CARD_CERTIFICATE_ROLES } from './certificates.js';

const OID = {
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

/** CertID hash algorithms we can match: openssl asks SHA-1 by default. */
const CERT_ID_HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
};

const RESPONSE_STATUS = { successful: 0, malformedRequest: 1, internalError: 2, unauthorized: 6 } as const;
const CERT_STATUS_TAG = { good: 0, revoked: 1, unknown: 2 } as const;
const CRL_REASON_KEY_COMPROMISE = 1;
const OCSP_RESPONSE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type OcspCertStatus = 'good' | 'revoked' | 'unknown';

export interface OcspAnswer {
  status: OcspCertStatus;
  revokedAt?: Date;
}

interface IssuerInfo {
  ca: IssuingCaName;
  nameDer: Uint8Array;
  publicKeyBits: Uint8Array;
  privateKeyPem: string;
  certificateDer: Uint8Array;
}

function issuerInfo(pki: SandboxPki, ca: IssuingCaName): IssuerInfo {
  const cert = AsnConvert.parse(pki.cas[ca].certificateDer, Certificate);
  return {
    ca,
    nameDer: new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subject)),
    publicKeyBits: new Uint8Array(cert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
    privateKeyPem: pki.cas[ca].privateKeyPem,
    certificateDer: new Uint8Array(pki.cas[ca].certificateDer),
  };
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const normaliseSerial = (serial: string): string => serial.toLowerCase().replace(/^(00)+(?=.)/, '');

/** Status of one certificate, by issuing CA and serial number. */
export function ocspStatus(pki: SandboxPki, ca: IssuingCaName, serialNumberHex: string): OcspAnswer {
  const serial = normaliseSerial(serialNumberHex);
  const revoked = pki
    .revoked()
    .find((r) => r.issuingCa === ca && normaliseSerial(r.serialNumberHex) === serial);
  if (revoked) return { status: 'revoked', revokedAt: revoked.revokedAt };
  const issued = pki
    .cards()
    .filter((card) => card.issuingCa === ca)
    .some((card) =>
      CARD_CERTIFICATE_ROLES.some((role) => normaliseSerial(card[role].serialNumberHex) === serial),
    );
  return { status: issued ? 'good' : 'unknown' };
}

function failure(status: number): Uint8Array {
  return sequence(enumerated(status));
}

interface ParsedRequest {
  certIds: Tlv[];
  nonceExtension: Uint8Array | undefined;
}

function parseRequest(der: Uint8Array): ParsedRequest {
  const request = readTlv(der);
  const [tbsRequest] = children(request);
  if (request.tag !== TAG.sequence || tbsRequest?.tag !== TAG.sequence) throw new Error('not an OCSPRequest');
  const parts = children(tbsRequest);
  const requestList = parts.find((p) => p.tag === TAG.sequence);
  if (!requestList) throw new Error('OCSPRequest without requestList');
  const certIds = children(requestList).map((req) => {
    const [certId] = children(req);
    if (certId?.tag !== TAG.sequence) throw new Error('Request without CertID');
    return certId;
  });
  const extensionsWrapper = parts.find((p) => p.tag === contextTag(2, true));
  const [extensions] = extensionsWrapper ? children(extensionsWrapper) : [];
  const nonceExtension = extensions
    ? children(extensions).find((ext) => {
        const [id] = children(ext);
        return id?.tag === TAG.oid && decodeOid(id.content) === OID.ocspNonce;
      })?.raw
    : undefined;
  return { certIds, nonceExtension };
}

interface CertIdParts {
  hashName: string | undefined;
  nameHash: string;
  keyHash: string;
  serialHex: string;
}

function certIdParts(certId: Tlv): CertIdParts | undefined {
  const [algorithm, nameHash, keyHash, serial] = children(certId);
  const [algorithmOid] = algorithm ? children(algorithm) : [];
  if (!algorithmOid || !nameHash || !keyHash || !serial) return undefined;
  return {
    hashName: CERT_ID_HASHES[decodeOid(algorithmOid.content)],
    nameHash: hex(nameHash.content),
    keyHash: hex(keyHash.content),
    serialHex: hex(serial.content),
  };
}

/** The issuing CA a CertID names: issuer name hash and issuer key hash must both match. */
function issuerOf(issuers: readonly IssuerInfo[], certId: Tlv): IssuerInfo | undefined {
  const parts = certIdParts(certId);
  const hashName = parts?.hashName;
  if (!parts || !hashName) return undefined;
  return issuers.find(
    (i) =>
      createHash(hashName).update(i.nameDer).digest('hex') === parts.nameHash &&
      createHash(hashName).update(i.publicKeyBits).digest('hex') === parts.keyHash,
  );
}

function singleResponse(pki: SandboxPki, issuer: IssuerInfo, certId: Tlv, now: Date): Uint8Array {
  const parts = certIdParts(certId);
  const answer: OcspAnswer = parts ? ocspStatus(pki, issuer.ca, parts.serialHex) : { status: 'unknown' };
  const certStatus =
    answer.status === 'good'
      ? implicitPrimitive(CERT_STATUS_TAG.good, new Uint8Array(0))
      : answer.status === 'revoked'
        ? implicitConstructed(
            CERT_STATUS_TAG.revoked,
            generalizedTime(answer.revokedAt ?? now),
            explicit(0, enumerated(CRL_REASON_KEY_COMPROMISE)),
          )
        : implicitPrimitive(CERT_STATUS_TAG.unknown, new Uint8Array(0));
  return sequence(
    certId.raw,
    certStatus,
    generalizedTime(now),
    explicit(0, generalizedTime(new Date(now.getTime() + OCSP_RESPONSE_LIFETIME_MS))),
  );
}

/**
 * Answers a DER OCSPRequest with a DER OCSPResponse. All certificates in one request must come
 * from the same sandbox issuing CA (as openssl and browsers send them); that CA signs the response.
 * Garbage gets malformedRequest, a CertID naming no sandbox issuing CA gets unauthorized.
 */
/** A delegated responder (or, for attack tests, any key): signs instead of the issuing CA. */
export interface OcspResponderKey {
  certificateDer: Uint8Array;
  privateKeyPem: string;
}

export function answerOcsp(
  pki: SandboxPki,
  requestDer: Uint8Array,
  now: Date = new Date(),
  responder?: OcspResponderKey,
): Uint8Array {
  let request: ParsedRequest;
  try {
    request = parseRequest(requestDer);
  } catch {
    return failure(RESPONSE_STATUS.malformedRequest);
  }
  const issuers = ISSUING_CAS.map((ca) => issuerInfo(pki, ca));
  if (request.certIds.length === 0) return failure(RESPONSE_STATUS.malformedRequest);
  const requestIssuers = request.certIds.map((id) => issuerOf(issuers, id));
  const [signer] = requestIssuers;
  // A CA signs only for its own certificates; anything else is not ours to answer (RFC 6960 unauthorized).
  if (!signer || requestIssuers.some((i) => i !== signer)) return failure(RESPONSE_STATUS.unauthorized);

  const responderName = responder
    ? new Uint8Array(
        AsnConvert.serialize(AsnConvert.parse(responder.certificateDer, Certificate).tbsCertificate.subject),
      )
    : signer.nameDer;
  const responseData = sequence(
    explicit(1, responderName),
    generalizedTime(now),
    sequence(...request.certIds.map((id) => singleResponse(pki, signer, id, now))),
    ...(request.nonceExtension ? [explicit(1, sequence(request.nonceExtension))] : []),
  );
  const signature = sign('sha256', responseData, responder?.privateKeyPem ?? signer.privateKeyPem);
  // The signer's certificate and its intermediate ride along so a verifier needs only the root.
  const basic = sequence(
    responseData,
    sequence(oid(OID.sha256WithRsa), nullValue()),
    bitString(signature),
    explicit(
      0,
      sequence(
        ...(responder ? [responder.certificateDer] : []),
        signer.certificateDer,
        new Uint8Array(pki.cas.persoon.certificateDer),
      ),
    ),
  );
  return sequence(
    enumerated(RESPONSE_STATUS.successful),
    explicit(0, sequence(oid(OID.ocspBasic), octetString(basic))),
  );
}
