// The built host against the real stack: pcscd, the virtual UZI-pas (PIV on vpcd, sandbox PKI
// profiles) and OpenSC's PKCS#11 module. Status, reading, authenticating, signing, events.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, id_ce_keyUsage, KeyUsage, KeyUsageFlags } from '@peculiar/asn1-x509';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardTrace, insertCard, removeCard } from '../../../sandbox/card/client.js';
import { sandboxPki } from '../../../sandbox/card/pki-profiles.js';
import { CARD_PROFILES } from '../../../sandbox/pki/profiles.js';
import { UZI_DEFAULT_ATR_HEX } from '../../../shared/atr.js';
import { CARD_LOG } from '../../../native-host/src/card/card-session.js';
import type { HostStatus, ReadCardResult } from '../../../shared/protocol/host.js';
import type { AuthToken } from '../../../shared/protocol/token.js';
import { cardSocket } from '../../helpers/card-control.js';
import type { HostProcess } from '../../helpers/host-process.js';
import {
  dropEvents,
  errorOf,
  newChallenge,
  nextEvent,
  READER_NAMES,
  restoreSandboxCards,
  resultOf,
  startHost,
  swapCard,
} from '../../helpers/host-session.js';

const PIN = '123456';
const ORIGIN_A = 'http://127.0.0.1:4410';
const ORIGIN_B = 'https://productie.zorg-id.nl';
/** GET DATA tags of the three certificate objects (PIV 9A, 9C, 9D): `5C 03 5F C1 05|0A|0B`. */
const CERTIFICATE_OBJECT_READS = /^00CB3FFF055C035FC1(05|0A|0B)/i;

interface SignResult {
  signature: string;
  certificate: string;
  hashAlgorithm: string;
}

const sha256 = (text: string | Buffer): Buffer => createHash('sha256').update(text).digest();

function verifiesAuthToken(token: AuthToken, expectedOrigin: string): boolean {
  const signed = Buffer.concat([sha256(expectedOrigin), sha256(token.challenge)]);
  const certificate = new X509Certificate(Buffer.from(token.certificate, 'base64'));
  return verify('sha256', signed, certificate.publicKey, Buffer.from(token.signature, 'base64'));
}

function keyUsage(derBase64: string): number {
  const certificate = AsnConvert.parse(Buffer.from(derBase64, 'base64'), Certificate);
  const extension = certificate.tbsCertificate.extensions?.find((ext) => ext.extnID === id_ce_keyUsage);
  return extension ? AsnConvert.parse(extension.extnValue, KeyUsage).toNumber() : 0;
}

/** How often the host logged a line (debug level): the card session logs where certificates came from. */
function logCount(message: string): number {
  return host.stderr.split('\n').filter((line) => line.includes(`"message":"${message}"`)).length;
}

async function certificateReads(): Promise<number> {
  const trace = await cardTrace(cardSocket(), 0);
  return trace.filter((record) => CERTIFICATE_OBJECT_READS.test(record.command)).length;
}

let host: HostProcess;

beforeAll(async () => {
  await restoreSandboxCards();
  host = await startHost({ subscribe: true, env: { ZORGID_LOG_LEVEL: 'debug' } });
});

afterAll(async () => {
  await host?.close();
  await restoreSandboxCards();
});

describe('host status over the real pcscd', () => {
  it('lists both virtual readers, the UZI-pas ATR and kind, and OpenSC from the environment', async () => {
    const status = resultOf<HostStatus>(await host.request('status'));
    expect(status.pcsc.available).toBe(true);
    expect(status.readers.map((reader) => reader.name)).toEqual([READER_NAMES[0], READER_NAMES[1]]);
    expect(status.readers[0]).toMatchObject({
      cardPresent: true,
      atr: UZI_DEFAULT_ATR_HEX,
      cardKind: 'uzi-pas',
      cardLabel: 'UZI-pas',
    });
    expect(status.readers[1]).toEqual({ name: READER_NAMES[1], cardPresent: false });
    expect(status.pkcs11).toEqual({ module: process.env.ZORGID_PKCS11_MODULE, source: 'env' });
  });
});

describe('readCard', () => {
  it('reads the three certificates and the identity of the zorgverlener profile', async () => {
    const card = resultOf<ReadCardResult>(await host.request('readCard'));
    const profile = CARD_PROFILES.zorgverlener;
    const issued = (await sandboxPki()).card('zorgverlener');

    expect(card.reader?.startsWith(READER_NAMES[0])).toBe(true);
    expect(card.tokenSerial).not.toBe('');
    expect(card.certificates.map((certificate) => certificate.role)).toEqual([
      'authentication',
      'signature',
      'encryption',
    ]);
    const der = Object.fromEntries(card.certificates.map((c) => [c.role, c.der]));
    expect(der.authentication).toBe(issued.authentication.certificateDer.toString('base64'));
    expect(der.signature).toBe(issued.signature.certificateDer.toString('base64'));
    expect(der.encryption).toBe(issued.encryption.certificateDer.toString('base64'));
    expect(card.identity).toMatchObject({
      uziNumber: profile.uziNumber,
      ura: '90000001',
      cardType: 'Z',
      roleCode: '01.015',
      givenName: profile.givenName,
      surname: profile.surname,
      organisationName: profile.organisation.name,
    });
    expect(card.validity).toMatchObject({ expired: false, notYetValid: false });
    expect(card.validity.daysLeft).toBeGreaterThan(0);
    expect(card.canRegisterZorgId).toBe(true);
  });

  it('serves a second read of the unchanged card from its cache, and reads again after a re-insert', async () => {
    resultOf(await host.request('readCard'));
    const readsBefore = logCount(CARD_LOG.fromToken);
    const hitsBefore = logCount(CARD_LOG.fromPcscState);
    const second = resultOf<ReadCardResult>(await host.request('readCard'));
    expect(second.certificates).toHaveLength(3);
    // No token call at all: no card left since the last read, so the last answer stands.
    expect(logCount(CARD_LOG.fromToken)).toBe(readsBefore);
    expect(logCount(CARD_LOG.fromPcscState)).toBe(hitsBefore + 1);

    await swapCard(host, 0, 'zorgverlener');
    const afterReinsert = resultOf<ReadCardResult>(await host.request('readCard'));
    expect(afterReinsert.tokenSerial).toBe(second.tokenSerial);
    expect(logCount(CARD_LOG.fromToken)).toBe(readsBefore + 1);
    // OpenSC itself read the new card's three certificate objects again.
    expect(await certificateReads()).toBeGreaterThanOrEqual(3);
  });

  it('says a niet-op-naam card cannot register, and an expired card is expired', async () => {
    await swapCard(host, 0, 'niet-op-naam');
    const nietOpNaam = resultOf<ReadCardResult>(await host.request('readCard'));
    expect(nietOpNaam.identity).toMatchObject({
      cardType: 'M',
      uziNumber: CARD_PROFILES['niet-op-naam'].uziNumber,
    });
    expect(nietOpNaam.canRegisterZorgId).toBe(false);

    await swapCard(host, 0, 'verlopen');
    const verlopen = resultOf<ReadCardResult>(await host.request('readCard'));
    expect(verlopen.identity.uziNumber).toBe(CARD_PROFILES.verlopen.uziNumber);
    expect(verlopen.validity.expired).toBe(true);
    expect(verlopen.validity.daysLeft).toBeLessThanOrEqual(0);
    // An expired authentication certificate is refused before the PIN is spent.
    const refused = await host.request('authenticate', {
      origin: ORIGIN_A,
      challenge: newChallenge(),
      pin: PIN,
    });
    expect(errorOf(refused).code).toBe('CERTIFICATE_EXPIRED');

    await swapCard(host, 0, 'zorgverlener');
    const back = resultOf<ReadCardResult>(await host.request('readCard'));
    expect(back.identity.uziNumber).toBe(CARD_PROFILES.zorgverlener.uziNumber);
  });
});

describe('authenticate and sign', () => {
  beforeEach(async () => {
    await restoreSandboxCards();
  });

  it('makes an origin-bound token that verifies for its origin only', async () => {
    const challenge = newChallenge();
    const token = resultOf<AuthToken>(
      await host.request('authenticate', { origin: ORIGIN_A, challenge, pin: PIN }),
    );
    expect(token).toMatchObject({ origin: ORIGIN_A, challenge, algorithm: 'RS256' });
    const card = resultOf<ReadCardResult>(await host.request('readCard'));
    expect(token.certificate).toBe(card.certificates.find((c) => c.role === 'authentication')?.der);
    expect(verifiesAuthToken(token, ORIGIN_A)).toBe(true);
    expect(verifiesAuthToken(token, ORIGIN_B)).toBe(false);
    expect(verifiesAuthToken({ ...token, challenge: newChallenge() }, ORIGIN_A)).toBe(false);
  });

  it('signs a SHA-256 hash with the non-repudiation key, twice in a row', async () => {
    for (const document of ['eerste document', 'tweede document']) {
      const hash = sha256(document);
      const signed = resultOf<SignResult>(
        await host.request('sign', {
          origin: ORIGIN_A,
          hash: hash.toString('base64'),
          hashAlgorithm: 'SHA-256',
          pin: PIN,
        }),
      );
      expect(signed.hashAlgorithm).toBe('SHA-256');
      expect(keyUsage(signed.certificate) & KeyUsageFlags.nonRepudiation).not.toBe(0);
      const certificate = new X509Certificate(Buffer.from(signed.certificate, 'base64'));
      expect(
        verify(
          'sha256',
          Buffer.from(document),
          certificate.publicKey,
          Buffer.from(signed.signature, 'base64'),
        ),
      ).toBe(true);
    }
  });

  it('answers two requests sent back to back, each with its own correct result', async () => {
    const challenges = [newChallenge(), newChallenge()];
    host.send({
      id: 'both-1',
      command: 'authenticate',
      arguments: { origin: ORIGIN_A, challenge: challenges[0], pin: PIN },
    });
    host.send({
      id: 'both-2',
      command: 'authenticate',
      arguments: { origin: ORIGIN_B, challenge: challenges[1], pin: PIN },
    });
    host.send({ id: 'both-3', command: 'readCard' });
    const [first, second, read] = await Promise.all([
      host.next((frame) => frame.id === 'both-1', 60_000),
      host.next((frame) => frame.id === 'both-2', 60_000),
      host.next((frame) => frame.id === 'both-3', 60_000),
    ]);
    const tokenA = resultOf<AuthToken>(first);
    const tokenB = resultOf<AuthToken>(second);
    expect(tokenA).toMatchObject({ origin: ORIGIN_A, challenge: challenges[0] });
    expect(tokenB).toMatchObject({ origin: ORIGIN_B, challenge: challenges[1] });
    expect(verifiesAuthToken(tokenA, ORIGIN_A)).toBe(true);
    expect(verifiesAuthToken(tokenB, ORIGIN_B)).toBe(true);
    expect(resultOf<ReadCardResult>(read).certificates).toHaveLength(3);
  });
});

describe('the host log', () => {
  it('holds no PIN after the authentications and signatures above', () => {
    expect(host.stderr).toContain(CARD_LOG.fromCache);
    expect(host.stderr).not.toContain(PIN);
  });
});

describe('cards coming and going', () => {
  afterAll(async () => {
    await restoreSandboxCards();
  });

  it('pushes card-removed and card-inserted events after subscribe', async () => {
    dropEvents(host);
    await removeCard(cardSocket(), 0);
    expect(await nextEvent(host, 'card-removed', READER_NAMES[0])).toMatchObject({ type: 'event' });
    await insertCard(cardSocket(), { reader: 0, profile: 'zorgverlener' });
    expect(await nextEvent(host, 'card-inserted', READER_NAMES[0])).toMatchObject({
      atr: UZI_DEFAULT_ATR_HEX,
      cardKind: 'uzi-pas',
    });
  });

  it('answers NO_CARD without a card, and shows an unknown card as unknown', async () => {
    await swapCard(host, 0, null);
    expect(errorOf(await host.request('readCard')).code).toBe('NO_CARD');
    expect(errorOf(await host.request('readCard', { reader: READER_NAMES[0] })).code).toBe('NO_CARD');

    await swapCard(host, 1, 'medewerker', { atr: 'UNKNOWN_CARD' });
    const status = resultOf<HostStatus>(await host.request('status'));
    const reader1 = status.readers.find((reader) => reader.name === READER_NAMES[1]);
    expect(reader1).toMatchObject({ cardPresent: true, cardKind: 'unknown' });
    expect(reader1?.atr).toBe('3B8880015A4F524754455354' + '1F');
    expect(status.readers.find((reader) => reader.name === READER_NAMES[0])?.cardPresent).toBe(false);

    await swapCard(host, 1, null);
    await swapCard(host, 0, 'zorgverlener');
    expect(resultOf<ReadCardResult>(await host.request('readCard')).identity.uziNumber).toBe(
      CARD_PROFILES.zorgverlener.uziNumber,
    );
  });
});
