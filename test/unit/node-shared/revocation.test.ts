// The revocation protocol rules shared by verifier and host (node-shared/revocation.ts), judged on real
// DER from the sandbox PKI: its OCSP responder (answerOcsp) and its CA keys. Each rule the host's old
// copy lacked is written as the attack it let through (marked "host used to accept").
import 'reflect-metadata';
import { X509Certificate, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { BasicOCSPResponse, OCSPRequest, OCSPResponse, ResponseBytes } from '@peculiar/asn1-ocsp';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REVOCATION_MAX_BYTES,
  askOcsp,
  buildOcspRequest,
  httpFetcher,
  judgeCrl,
  judgeOcspResponse,
  newOcspNonce,
  parseCrl,
  revocationIssuer,
  revocationUrls,
  type Fetcher,
  type RevocationIssuer,
} from '../../../node-shared/revocation.js';
import {
  answerOcsp,
  loadOrCreatePki,
  type OcspResponderKey,
  type SandboxPki,
} from '../../../sandbox/pki/index.js';
import { importPrivateKey, subtleCrypto } from '../../../sandbox/pki/crypto.js';
import { SANDBOX_ORIGINS } from '../../../shared/origins.js';

const PKI_TIMEOUT_MS = 180_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const EKU_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const OID = { sha1WithRsa: '1.2.840.113549.1.1.5', sha256WithRsa: '1.2.840.113549.1.1.11' } as const;

let work: string;
let pki: SandboxPki;
let issuer: RevocationIssuer;
let otherIssuer: RevocationIssuer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zorgid-node-shared-revocation-'));
  pki = await loadOrCreatePki(join(work, 'pki'));
  issuer = revocationIssuer(new X509Certificate(pki.cas.zorgverlener.certificateDer));
  otherIssuer = revocationIssuer(new X509Certificate(pki.cas['medewerker-op-naam'].certificateDer));
}, PKI_TIMEOUT_MS);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const leaf = (profile: Parameters<SandboxPki['card']>[0]) =>
  new Uint8Array(pki.card(profile).authentication.certificateDer);

/** The sandbox responder's answer to our own request for `der` (with our nonce), as of `at`. */
function answered(der: Uint8Array, at = new Date(), responder?: OcspResponderKey) {
  const nonce = newOcspNonce();
  const response = answerOcsp(pki, buildOcspRequest(der, issuer, nonce), at, responder);
  return { response, nonce };
}

/** A responder certificate: signed by the Zorgverlener CA (or itself), with or without id-kp-OCSPSigning. */
async function responderKey(
  o: { eku: boolean; selfSigned?: boolean; validTo?: Date } = { eku: true },
): Promise<OcspResponderKey> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ca = pki.cas.zorgverlener;
  const subject = 'CN=SANDBOX OCSP responder, O=Sandbox, C=NL';
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject,
      issuer: o.selfSigned ? subject : new x509.X509Certificate(new Uint8Array(ca.certificateDer)).subject,
      notBefore: new Date(Date.now() - 10 * DAY_MS),
      notAfter: o.validTo ?? new Date(Date.now() + 30 * DAY_MS),
      publicKey: await subtleCrypto.subtle.importKey(
        'spki',
        publicKey.export({ type: 'spki', format: 'der' }),
        RSA_SHA256,
        true,
        ['verify'],
      ),
      signingKey: await importPrivateKey(o.selfSigned ? privateKeyPem : ca.privateKeyPem),
      signingAlgorithm: RSA_SHA256,
      extensions: o.eku ? [new x509.ExtendedKeyUsageExtension([EKU_OCSP_SIGNING])] : [],
    },
    subtleCrypto,
  );
  return { certificateDer: new Uint8Array(cert.rawData), privateKeyPem };
}

/** The same response re-signed by the issuer under another signature algorithm. */
function resigned(der: Uint8Array, algorithm: string, hash: string): Uint8Array {
  const outer = AsnConvert.parse(der, OCSPResponse);
  const basic = AsnConvert.parse(outer.responseBytes!.response.buffer, BasicOCSPResponse);
  basic.signatureAlgorithm = new AlgorithmIdentifier({ algorithm, parameters: null });
  const tbs = Buffer.from(AsnConvert.serialize(basic.tbsResponseData));
  basic.signature = new Uint8Array(sign(hash, tbs, pki.cas.zorgverlener.privateKeyPem)).buffer;
  outer.responseBytes = new ResponseBytes({
    responseType: outer.responseBytes!.responseType,
    response: new OctetString(AsnConvert.serialize(basic)),
  });
  return new Uint8Array(AsnConvert.serialize(outer));
}

describe('OCSP', () => {
  it('reads good and revoked (with the time) from the sandbox responder, through an injected fetcher', async () => {
    const posted: string[] = [];
    const fetch: Fetcher = (url, init) => {
      posted.push(`${init?.method} ${init?.contentType}`);
      return Promise.resolve(answerOcsp(pki, init!.body!));
    };
    const now = () => new Date();
    const good = await askOcsp('http://responder.test/ocsp', leaf('zorgverlener'), issuer, { fetch, now });
    expect(good).toMatchObject({ kind: 'good' });
    expect(good.kind === 'good' && good.until).toBeGreaterThan(Date.now());
    const revoked = await askOcsp('http://responder.test/ocsp', leaf('ingetrokken'), issuer, { fetch, now });
    expect(revoked.kind).toBe('revoked');
    expect(revoked.kind === 'revoked' && Date.parse(revoked.revokedAt)).toBeLessThan(Date.now());
    expect(posted).toEqual(['POST application/ocsp-request', 'POST application/ocsp-request']);
  });

  it('unreachable with the reason when the fetcher fails', async () => {
    const fetch: Fetcher = () => Promise.reject(new Error('refused'));
    const verdict = await askOcsp('http://responder.test/ocsp', leaf('zorgverlener'), issuer, {
      fetch,
      now: () => new Date(),
    });
    expect(verdict).toEqual({ kind: 'unreachable', detail: 'refused' });
  });

  it('believes a delegated responder with id-kp-OCSPSigning, signed by the issuer', async () => {
    const { response, nonce } = answered(leaf('zorgverlener'), new Date(), await responderKey({ eku: true }));
    const verdict = judgeOcspResponse(response, {
      leafDer: leaf('zorgverlener'),
      issuer,
      nonce,
      now: new Date(),
    });
    expect(verdict.kind).toBe('good');
  });

  it('untrusted: a certificate the issuer signed without id-kp-OCSPSigning, a self-signed one, another CA', async () => {
    const der = leaf('ingetrokken');
    for (const responder of [
      await responderKey({ eku: false }),
      await responderKey({ eku: true, selfSigned: true }),
    ]) {
      const { response, nonce } = answered(der, new Date(), responder);
      expect(judgeOcspResponse(response, { leafDer: der, issuer, nonce, now: new Date() })).toMatchObject({
        kind: 'untrusted',
      });
    }
    const { response, nonce } = answered(der);
    expect(
      judgeOcspResponse(response, { leafDer: der, issuer: otherIssuer, nonce, now: new Date() }).kind,
    ).toBe('untrusted');
  });

  it('untrusted: a delegated responder past its validity (host used to accept)', async () => {
    const responder = await responderKey({ eku: true, validTo: new Date(Date.now() - DAY_MS) });
    const { response, nonce } = answered(leaf('ingetrokken'), new Date(), responder);
    const verdict = judgeOcspResponse(response, {
      leafDer: leaf('ingetrokken'),
      issuer,
      nonce,
      now: new Date(),
    });
    expect(verdict.kind).toBe('untrusted');
  });

  it('stale: past nextUpdate, or thisUpdate in the future beyond the skew', () => {
    const der = leaf('zorgverlener');
    const old = answered(der, new Date(Date.now() - 3 * DAY_MS));
    expect(
      judgeOcspResponse(old.response, { leafDer: der, issuer, nonce: old.nonce, now: new Date() }),
    ).toEqual({
      kind: 'stale',
      detail: 'past nextUpdate',
    });
    const future = answered(der, new Date(Date.now() + 60 * 60 * 1000));
    expect(
      judgeOcspResponse(future.response, { leafDer: der, issuer, nonce: future.nonce, now: new Date() }).kind,
    ).toBe('stale');
    // Within the skew (1 minute ahead) is still believed.
    const slightly = answered(der, new Date(Date.now() + 60 * 1000));
    expect(
      judgeOcspResponse(slightly.response, { leafDer: der, issuer, nonce: slightly.nonce, now: new Date() })
        .kind,
    ).toBe('good');
  });

  it('nonce: a replayed answer (another nonce) is refused (host used to accept); none echoed only when required', () => {
    const der = leaf('zorgverlener');
    const { response } = answered(der);
    const verdict = judgeOcspResponse(response, {
      leafDer: der,
      issuer,
      nonce: newOcspNonce(),
      now: new Date(),
    });
    expect(verdict).toEqual({ kind: 'nonce-mismatch', detail: 'another nonce' });

    // A responder that echoes no nonce: believed unless the caller requires one.
    const request = AsnConvert.parse(buildOcspRequest(der, issuer, newOcspNonce()), OCSPRequest);
    delete request.tbsRequest.requestExtensions;
    const unechoed = answerOcsp(pki, new Uint8Array(AsnConvert.serialize(request)));
    const j = { leafDer: der, issuer, nonce: newOcspNonce(), now: new Date() };
    expect(judgeOcspResponse(unechoed, j).kind).toBe('good');
    expect(judgeOcspResponse(unechoed, { ...j, requireNonce: true })).toEqual({
      kind: 'nonce-mismatch',
      detail: 'no nonce',
    });
  });

  it('invalid: an answer about another certificate (host matched serials only; now the CertID too)', () => {
    const { response, nonce } = answered(leaf('ingetrokken'));
    const verdict = judgeOcspResponse(response, {
      leafDer: leaf('zorgverlener'),
      issuer,
      nonce,
      now: new Date(),
    });
    expect(verdict).toEqual({ kind: 'invalid', detail: 'no answer for this certificate' });
  });

  it('invalid: an answer signed with SHA-1 by the issuer itself (host used to accept); SHA-256 re-signed passes', () => {
    const der = leaf('ingetrokken');
    const { response, nonce } = answered(der);
    const control = resigned(response, OID.sha256WithRsa, 'sha256');
    expect(judgeOcspResponse(control, { leafDer: der, issuer, nonce, now: new Date() }).kind).toBe('revoked');
    const sha1 = resigned(response, OID.sha1WithRsa, 'sha1');
    expect(judgeOcspResponse(sha1, { leafDer: der, issuer, nonce, now: new Date() })).toEqual({
      kind: 'invalid',
      detail: 'unsupported signature algorithm',
    });
  });

  it('invalid: garbage and a responder error status', () => {
    const j = { leafDer: leaf('zorgverlener'), issuer, nonce: newOcspNonce(), now: new Date() };
    expect(judgeOcspResponse(new Uint8Array([0x30, 0x03, 1, 2, 3]), j)).toEqual({
      kind: 'invalid',
      detail: 'unparsable',
    });
    const malformed = answerOcsp(pki, new Uint8Array([0x30, 0x00]));
    expect(judgeOcspResponse(malformed, j)).toEqual({
      kind: 'invalid',
      detail: 'responder status malformedRequest',
    });
  });
});

describe('CRL', () => {
  const now = () => new Date();

  async function crl(
    o: {
      thisUpdate?: Date;
      nextUpdate?: Date | null;
      extensions?: x509.Extension[];
      signerPem?: string;
    } = {},
  ): Promise<Uint8Array> {
    const ca = new x509.X509Certificate(new Uint8Array(pki.cas.zorgverlener.certificateDer));
    const generated = await x509.X509CrlGenerator.create(
      {
        issuer: ca.subjectName,
        thisUpdate: o.thisUpdate ?? new Date(Date.now() - 60 * 60 * 1000),
        ...(o.nextUpdate === null ? {} : { nextUpdate: o.nextUpdate ?? new Date(Date.now() + DAY_MS) }),
        signingAlgorithm: RSA_SHA256,
        signingKey: await importPrivateKey(o.signerPem ?? pki.cas.zorgverlener.privateKeyPem),
        extensions: o.extensions ?? [],
        entries: [
          {
            serialNumber: pki.card('ingetrokken').authentication.serialNumberHex,
            revocationDate: new Date(),
          },
        ],
      },
      subtleCrypto,
    );
    return new Uint8Array(generated.rawData);
  }

  const judge = (der: Uint8Array, profile: Parameters<SandboxPki['card']>[0] = 'zorgverlener') =>
    judgeCrl(parseCrl(der)!, leaf(profile), issuer, now());

  it("the sandbox's own CRL: revoked (with the date) and good", () => {
    const der = new Uint8Array(pki.crlDer('zorgverlener'));
    const revoked = judge(der, 'ingetrokken');
    expect(revoked.kind).toBe('revoked');
    expect(revoked.kind === 'revoked' && Date.parse(revoked.revokedAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect(judge(der).kind).toBe('good');
  });

  it('invalid: an unknown critical extension (host used to accept); the same one non-critical passes', async () => {
    const odd = (critical: boolean) =>
      new x509.Extension('1.3.6.1.4.1.99999.1', critical, new Uint8Array([5, 0]));
    expect(judge(await crl({ extensions: [odd(false)] })).kind).toBe('good');
    expect(judge(await crl({ extensions: [odd(true)] }))).toEqual({
      kind: 'invalid',
      detail: 'unsupported critical extension 1.3.6.1.4.1.99999.1',
    });
  });

  it('stale: no nextUpdate (host used to accept), or past it; invalid: thisUpdate in the future', async () => {
    expect(judge(await crl({ nextUpdate: null }))).toEqual({ kind: 'stale', detail: 'no nextUpdate' });
    expect(
      judge(
        await crl({
          thisUpdate: new Date(Date.now() - 9 * DAY_MS),
          nextUpdate: new Date(Date.now() - DAY_MS),
        }),
      ).kind,
    ).toBe('stale');
    expect(judge(await crl({ thisUpdate: new Date(Date.now() + DAY_MS) }))).toEqual({
      kind: 'invalid',
      detail: 'thisUpdate in the future',
    });
  });

  it("invalid: another CA's CRL (refused by name before any signature check) and one signed by another key", async () => {
    const foreign = new Uint8Array(pki.crlDer('medewerker-op-naam'));
    expect(judge(foreign)).toEqual({ kind: 'invalid', detail: 'another issuer' });
    const forged = await crl({ signerPem: pki.cas['medewerker-op-naam'].privateKeyPem });
    expect(judge(forged, 'ingetrokken')).toEqual({ kind: 'invalid', detail: 'not signed by the issuer' });
  });
});

describe('URLs and fetching', () => {
  it('reads OCSP, caIssuers and CRL URLs from a sandbox card certificate', () => {
    const urls = revocationUrls(leaf('zorgverlener'));
    expect(urls.ocsp).toEqual([`${SANDBOX_ORIGINS.acceptatie}/pki/ocsp`]);
    expect(urls.caIssuers).toEqual([`${SANDBOX_ORIGINS.acceptatie}/pki/ca/zorgverlener.crt`]);
    expect(urls.crl).toEqual([`${SANDBOX_ORIGINS.acceptatie}/pki/crl/zorgverlener.crl`]);
  });

  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/redirect') return res.writeHead(302, { Location: '/ok' }).end();
      if (req.url === '/big') return res.writeHead(200, { 'Content-Length': REVOCATION_MAX_BYTES + 1 }).end();
      if (req.url === '/down') return res.writeHead(503).end();
      res.writeHead(200).end(Buffer.from([1, 2, 3]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches bytes; refuses a redirect (host used to follow), a non-http URL, an HTTP error and an oversize body', async () => {
    const fetch = httpFetcher(5_000);
    expect([...(await fetch(`${base}/ok`))]).toEqual([1, 2, 3]);
    await expect(fetch(`${base}/redirect`)).rejects.toThrow();
    await expect(fetch('file:///etc/passwd')).rejects.toThrow('not an http(s) URL');
    await expect(fetch(`${base}/down`)).rejects.toThrow('HTTP 503');
    await expect(fetch(`${base}/big`)).rejects.toThrow('response too large');
  });
});
