// The verifier's OCSP check against the sandbox's real OCSP responder (sandbox/pki/ocsp.ts, served
// through createRevocationService over HTTP), with real signatures: written as the attacks that used to
// pass (issue 16: a responder that cannot be reached or believed counted as "not revoked").
import 'reflect-metadata';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerOcsp,
  createRevocationService,
  loadOrCreatePki,
  type OcspResponderKey,
  type SandboxPki,
} from '../../../sandbox/pki/index.js';
import { buildCrl } from '../../../sandbox/pki/pki.js';
import { createCrl } from '../../../sandbox/pki/crl.js';
import { importPrivateKey, subtleCrypto } from '../../../sandbox/pki/crypto.js';
import {
  MemoryChallengeStore,
  authSignedData,
  createVerifier,
  type RevocationOptions,
} from '../../../verifier/index.js';
import type { AuthToken } from '../../../shared/protocol/token.js';
import { AUTH_TOKEN_ALGORITHM, AUTH_TOKEN_FORMAT } from '../../../shared/protocol/token.js';

const ORIGIN = 'http://127.0.0.1:4410';
const PKI_TIMEOUT_MS = 180_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const EKU_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

let work: string;
let pki: SandboxPki;
let server: Server;
let base: string;
let replayed: Uint8Array | null = null;
const hits: Record<string, number> = {};
let delegated: OcspResponderKey;
let delegatedWithoutEku: OcspResponderKey;
let rogue: OcspResponderKey;

async function body(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** A responder certificate signed by the sandbox Zorgverlener CA (with or without id-kp-OCSPSigning). */
async function responderKey(withEku: boolean, selfSigned = false): Promise<OcspResponderKey> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ca = pki.cas.zorgverlener;
  const caCert = new x509.X509Certificate(new Uint8Array(ca.certificateDer));
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const cryptoPublic = await subtleCrypto.subtle.importKey(
    'spki',
    spki,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    true,
    ['verify'],
  );
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject: 'CN=SANDBOX OCSP responder, O=Sandbox, C=NL',
      issuer: selfSigned ? 'CN=SANDBOX OCSP responder, O=Sandbox, C=NL' : caCert.subject,
      notBefore: new Date(Date.now() - DAY_MS),
      notAfter: new Date(Date.now() + 30 * DAY_MS),
      publicKey: cryptoPublic,
      signingKey: await importPrivateKey(selfSigned ? privateKeyPem : ca.privateKeyPem),
      signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      extensions: withEku ? [new x509.ExtendedKeyUsageExtension([EKU_OCSP_SIGNING])] : [],
    },
    subtleCrypto,
  );
  return { certificateDer: new Uint8Array(cert.rawData), privateKeyPem };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zorgid-ocsp-attacks-'));
  pki = await loadOrCreatePki(join(work, 'pki'));
  const service = createRevocationService(pki);
  delegated = await responderKey(true);
  delegatedWithoutEku = await responderKey(false);
  rogue = await responderKey(true, true);
  server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '/';
      hits[path] = (hits[path] ?? 0) + 1;
      if (path === '/slow') return; // never answers: the verifier's timeout must end it
      const request = await body(req);
      const reply = (der: Uint8Array) =>
        res.writeHead(200, { 'Content-Type': 'application/ocsp-response' }).end(Buffer.from(der));
      if (path === '/ocsp' || path === '/counted') return reply(service.ocsp(request));
      if (path === '/delegated') return reply(answerOcsp(pki, request, new Date(), delegated));
      if (path === '/delegated-no-eku')
        return reply(answerOcsp(pki, request, new Date(), delegatedWithoutEku));
      if (path === '/rogue') return reply(answerOcsp(pki, request, new Date(), rogue));
      if (path === '/garbage') return reply(new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x00]));
      if (path === '/replay') {
        // An attacker on the path answers every request with a genuine response recorded earlier.
        replayed ??= service.ocsp(request);
        return reply(replayed);
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, PKI_TIMEOUT_MS);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(work, { recursive: true, force: true });
});

function verifier(revocation: RevocationOptions, now?: () => Date) {
  return createVerifier({
    trustedCaPems: [pki.chainPem()],
    expectedOrigin: ORIGIN,
    challengeStore: new MemoryChallengeStore(),
    revocation,
    allowTestCertificates: true,
    ...(now ? { now } : {}),
  });
}

function token(profile: 'zorgverlener' | 'ingetrokken', challenge: string): AuthToken {
  const auth = pki.card(profile).authentication;
  const signature = sign('sha256', authSignedData(ORIGIN, challenge), createPrivateKey(auth.privateKeyPem));
  return {
    format: AUTH_TOKEN_FORMAT,
    algorithm: AUTH_TOKEN_ALGORITHM,
    certificate: auth.certificateDer.toString('base64'),
    signature: signature.toString('base64'),
    origin: ORIGIN,
    challenge,
  };
}

async function login(
  v: ReturnType<typeof verifier>,
  profile: 'zorgverlener' | 'ingetrokken' = 'zorgverlener',
) {
  const challenge = await v.issueChallenge();
  const result = await v.verifyAuthToken(token(profile, challenge), challenge);
  return result.ok ? 'ACCEPTED' : result.code;
}

describe('OCSP, fail closed, against the sandbox responder', () => {
  it('good card in, revoked card out (issuer-signed response with our nonce)', async () => {
    const v = verifier({ ocsp: { responderUrl: `${base}/ocsp`, requireNonce: true } });
    expect(await login(v, 'zorgverlener')).toBe('ACCEPTED');
    expect(await login(v, 'ingetrokken')).toBe('CERT_REVOKED');
  });

  it('OCSP_UNREACHABLE when the responder is down or does not answer in time', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await login(verifier({ ocsp: { responderUrl: `http://127.0.0.1:${deadPort}/ocsp` } }))).toBe(
      'OCSP_UNREACHABLE',
    );
    expect(await login(verifier({ ocsp: { responderUrl: `${base}/slow`, timeoutMs: 500 } }))).toBe(
      'OCSP_UNREACHABLE',
    );
  });

  it('OCSP_RESPONDER_UNTRUSTED for a response signed by an untrusted key or a responder without OCSPSigning', async () => {
    expect(await login(verifier({ ocsp: { responderUrl: `${base}/rogue` } }))).toBe(
      'OCSP_RESPONDER_UNTRUSTED',
    );
    expect(await login(verifier({ ocsp: { responderUrl: `${base}/delegated-no-eku` } }))).toBe(
      'OCSP_RESPONDER_UNTRUSTED',
    );
    // The legitimate delegation (issued by the card's CA, id-kp-OCSPSigning) is believed.
    expect(await login(verifier({ ocsp: { responderUrl: `${base}/delegated` } }))).toBe('ACCEPTED');
  });

  it('OCSP_NONCE_MISMATCH for a genuine response replayed for a later request', async () => {
    const v = verifier({ ocsp: { responderUrl: `${base}/replay` } });
    expect(await login(v)).toBe('ACCEPTED'); // the recording itself
    const fresh = verifier({ ocsp: { responderUrl: `${base}/replay` } });
    expect(await login(fresh)).toBe('OCSP_NONCE_MISMATCH');
  });

  it('OCSP_RESPONSE_STALE when the verifier clock is past nextUpdate; OCSP_RESPONSE_INVALID for garbage', async () => {
    // The responder answers with nextUpdate = now + 24 h; a verifier two days on must not believe it.
    const later = () => new Date(Date.now() + 2 * DAY_MS);
    expect(await login(verifier({ ocsp: { responderUrl: `${base}/ocsp` } }, later))).toBe(
      'OCSP_RESPONSE_STALE',
    );
    // thisUpdate an hour ahead of the verifier's clock: beyond the 5-minute skew.
    const inPast = () => new Date(Date.now() - 60 * 60 * 1000);
    expect(await login(verifier({ ocsp: { responderUrl: `${base}/ocsp` } }, inPast))).toBe(
      'OCSP_RESPONSE_STALE',
    );
    expect(await login(verifier({ ocsp: { responderUrl: `${base}/garbage` } }))).toBe(
      'OCSP_RESPONSE_INVALID',
    );
  });

  it('a good answer is cached for its validity: one request for several logins', async () => {
    const v = verifier({ ocsp: { responderUrl: `${base}/counted` } });
    const before = hits['/counted'] ?? 0;
    for (let i = 0; i < 3; i++) expect(await login(v)).toBe('ACCEPTED');
    expect((hits['/counted'] ?? 0) - before).toBe(1);
  });
});

describe('CRLs of the sandbox PKI', () => {
  it('CRL_STALE for last week’s CRL, CERT_REVOKED with the current one', async () => {
    const stale = await buildCrl(pki, new Date(Date.now() - 8 * DAY_MS));
    expect(await login(verifier({ ocsp: false, crl: { ders: [stale.zorgverlener] } }))).toBe('CRL_STALE');
    const current = await buildCrl(pki);
    expect(await login(verifier({ ocsp: false, crl: { ders: [current.zorgverlener] } }), 'ingetrokken')).toBe(
      'CERT_REVOKED',
    );
    expect(await login(verifier({ ocsp: false, crl: { ders: [current.zorgverlener] } }))).toBe('ACCEPTED');
  });

  it('CRL_MISSING with only another issuer’s CRL; CRL_INVALID for the issuer’s name signed with another key', async () => {
    const current = await buildCrl(pki);
    expect(
      await login(verifier({ ocsp: false, crl: { ders: [current['medewerker-op-naam']] } }), 'ingetrokken'),
    ).toBe('CRL_MISSING');
    const forged = await createCrl(
      {
        certificate: new x509.X509Certificate(new Uint8Array(pki.cas.zorgverlener.certificateDer)),
        privateKeyPem: pki.cas['medewerker-op-naam'].privateKeyPem,
      },
      [],
      new Date(),
    );
    expect(await login(verifier({ ocsp: false, crl: { ders: [forged] } }), 'ingetrokken')).toBe(
      'CRL_INVALID',
    );
  });
});
