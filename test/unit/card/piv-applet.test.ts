import { constants, createHash, verify, X509Certificate } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import type { CardSet } from '../../../sandbox/card/card-set.js';
import { INS, SW, encodeCommandApdu, statusWordOf } from '../../../sandbox/card/iso7816.js';
import { PivApplet, pinBlock } from '../../../sandbox/card/piv-applet.js';
import { KEY_REF, OBJECT, PIV_AID, TAG } from '../../../sandbox/card/piv.js';
import { throwawayCardSet } from '../../../sandbox/card/throwaway-card-set.js';
import { bytesFromHex, concatBytes, findTlv, parseTlvs, tlv } from '../../../sandbox/card/tlv.js';

const RSA_2048 = 0x07;
const SHA256_DIGEST_INFO_PREFIX = bytesFromHex('3031300d060960864801650304020105000420');

let set: CardSet;
beforeAll(() => {
  set = throwawayCardSet({ pin: '123456', puk: '87654321' });
});

function send(applet: PivApplet, apdu: Uint8Array): { sw: number; data: Uint8Array } {
  const response = applet.process(apdu);
  return { sw: statusWordOf(response), data: response.subarray(0, -2) };
}

/** Like a host: follows 61xx with GET RESPONSE and glues the pieces. */
function transmit(applet: PivApplet, apdu: Uint8Array): { sw: number; data: Uint8Array; apdus: number } {
  let { sw, data } = send(applet, apdu);
  let apdus = 1;
  while (sw >> 8 === SW.MORE_DATA >> 8) {
    const next = send(applet, Uint8Array.of(0x00, INS.GET_RESPONSE, 0, 0, sw & 0xff));
    apdus += 1;
    data = concatBytes(data, next.data);
    sw = next.sw;
  }
  return { sw, data, apdus };
}

function getData(applet: PivApplet, objectId: number): { sw: number; data: Uint8Array; apdus: number } {
  const id = objectId === OBJECT.DISCOVERY ? Uint8Array.of(objectId) : bytesFromHex(objectId.toString(16));
  return transmit(
    applet,
    encodeCommandApdu({
      cla: 0,
      ins: INS.GET_DATA,
      p1: 0x3f,
      p2: 0xff,
      data: tlv(TAG.OBJECT_ID_LIST, id),
      le: 256,
    }),
  );
}

function verifyPin(applet: PivApplet, pin?: string): number {
  const data = pin === undefined ? new Uint8Array(0) : pinBlock(pin);
  return send(applet, encodeCommandApdu({ cla: 0, ins: INS.VERIFY, p1: 0, p2: 0x80, data })).sw;
}

/** GENERAL AUTHENTICATE the way OpenSC sends it: chained in ≤ 255-byte pieces. */
function generalAuthenticate(applet: PivApplet, keyRef: number, block: Uint8Array) {
  const body = tlv(TAG.DYNAMIC_AUTH, tlv(TAG.RESPONSE), tlv(TAG.CHALLENGE, block));
  const first = body.subarray(0, 255);
  const rest = body.subarray(255);
  const part = send(
    applet,
    encodeCommandApdu({ cla: 0x10, ins: INS.GENERAL_AUTHENTICATE, p1: RSA_2048, p2: keyRef, data: first }),
  );
  expect(part.sw).toBe(SW.OK);
  return transmit(
    applet,
    encodeCommandApdu({
      cla: 0,
      ins: INS.GENERAL_AUTHENTICATE,
      p1: RSA_2048,
      p2: keyRef,
      data: rest,
      le: 256,
    }),
  );
}

function pkcs1Block(message: string): Uint8Array {
  const digestInfo = concatBytes(SHA256_DIGEST_INFO_PREFIX, createHash('sha256').update(message).digest());
  const padding = new Uint8Array(256 - 3 - digestInfo.length).fill(0xff);
  return concatBytes(Uint8Array.of(0x00, 0x01), padding, Uint8Array.of(0x00), digestInfo);
}

function signatureOf(response: Uint8Array): Buffer {
  const [template] = parseTlvs(response);
  const result = findTlv(parseTlvs(template!.value), TAG.RESPONSE);
  return Buffer.from(result!.value);
}

describe('TLV', () => {
  it('round-trips multi-byte tags and long lengths', () => {
    const value = new Uint8Array(300).fill(7);
    const encoded = tlv(0x5fc105, tlv(0x70, value), tlv(0x71, Uint8Array.of(0)));
    const [outer] = parseTlvs(encoded);
    expect(outer?.tag).toBe(0x5fc105);
    const inner = parseTlvs(outer!.value);
    expect(inner.map((entry) => entry.tag)).toEqual([0x70, 0x71]);
    expect(inner[0]?.value).toEqual(value);
  });

  it('refuses truncated input', () => {
    expect(() => parseTlvs(Uint8Array.of(0x53, 0x05, 0x01))).toThrow();
  });
});

describe('PIV applet', () => {
  it('answers SELECT with the application property template', () => {
    const applet = new PivApplet(set);
    const { sw, data } = transmit(
      applet,
      encodeCommandApdu({ cla: 0, ins: INS.SELECT, p1: 4, p2: 0, data: PIV_AID, le: 256 }),
    );
    expect(sw).toBe(SW.OK);
    const [apt] = parseTlvs(data);
    expect(apt?.tag).toBe(TAG.APT);
    expect(findTlv(parseTlvs(apt!.value), TAG.AID)?.value).toEqual(PIV_AID.subarray(5));
    const other = send(
      applet,
      encodeCommandApdu({ cla: 0, ins: INS.SELECT, p1: 4, p2: 0, data: bytesFromHex('A000000063') }),
    );
    expect(other.sw).toBe(SW.FILE_NOT_FOUND);
  });

  it('serves Discovery, CHUID with the GUID, and 6A82 for absent objects', () => {
    const applet = new PivApplet(set);
    const discovery = getData(applet, OBJECT.DISCOVERY);
    expect(discovery.sw).toBe(SW.OK);
    expect(parseTlvs(discovery.data)[0]?.tag).toBe(TAG.DISCOVERY);
    const chuid = getData(applet, OBJECT.CHUID);
    const guid = findTlv(parseTlvs(parseTlvs(chuid.data)[0]!.value), TAG.GUID);
    expect(Buffer.from(guid!.value).toString('hex')).toBe(set.chuidGuid);
    expect(getData(applet, OBJECT.CERT_CARD_AUTHENTICATION).sw).toBe(SW.FILE_NOT_FOUND);
  });

  it('returns a >256-byte certificate object in 61xx pieces that glue back to the certificate', () => {
    const applet = new PivApplet(set);
    const { sw, data, apdus } = getData(applet, OBJECT.CERT_SIGNATURE);
    expect(sw).toBe(SW.OK);
    expect(apdus).toBeGreaterThan(1);
    const [object] = parseTlvs(data);
    const certificate = findTlv(parseTlvs(object!.value), TAG.CERTIFICATE)!.value;
    expect(Buffer.from(certificate).equals(set.signature.certificateDer)).toBe(true);
  });

  it('hides Printed Information until VERIFY', () => {
    const applet = new PivApplet(set);
    expect(getData(applet, OBJECT.PRINTED_INFORMATION).sw).toBe(SW.SECURITY_NOT_SATISFIED);
    expect(verifyPin(applet, '123456')).toBe(SW.OK);
    expect(getData(applet, OBJECT.PRINTED_INFORMATION).sw).toBe(SW.OK);
  });

  it('counts wrong PINs down to blocked, and the PUK unblocks', () => {
    const applet = new PivApplet(set);
    expect(verifyPin(applet)).toBe(0x63c3);
    expect(verifyPin(applet, '000000')).toBe(0x63c2);
    expect(verifyPin(applet, '000000')).toBe(0x63c1);
    expect(verifyPin(applet, '000000')).toBe(0x63c0);
    expect(verifyPin(applet, '123456')).toBe(SW.AUTH_METHOD_BLOCKED);
    expect(verifyPin(applet)).toBe(SW.AUTH_METHOD_BLOCKED);
    expect(applet.status.pinTriesLeft).toBe(0);

    const reset = (puk: string, pin: string): number =>
      send(
        applet,
        encodeCommandApdu({
          cla: 0,
          ins: INS.RESET_RETRY_COUNTER,
          p1: 0,
          p2: 0x80,
          data: concatBytes(pinBlock(puk), pinBlock(pin)),
        }),
      ).sw;
    expect(reset('11111111', '654321')).toBe(0x63c2);
    expect(reset('87654321', '654321')).toBe(SW.OK);
    expect(applet.status).toMatchObject({ pinTriesLeft: 3, pukTriesLeft: 3, pinVerified: false });
    expect(verifyPin(applet, '123456')).toBe(0x63c2);
    expect(verifyPin(applet, '654321')).toBe(SW.OK);
    expect(verifyPin(applet)).toBe(SW.OK);
  });

  it('blocks the PUK after three wrong tries', () => {
    const applet = new PivApplet(set);
    applet.setTries({ pin: 0 });
    const reset = (): number =>
      send(
        applet,
        encodeCommandApdu({
          cla: 0,
          ins: INS.RESET_RETRY_COUNTER,
          p1: 0,
          p2: 0x80,
          data: concatBytes(pinBlock('99999999'), pinBlock('654321')),
        }),
      ).sw;
    expect([reset(), reset(), reset(), reset()]).toEqual([0x63c2, 0x63c1, 0x63c0, SW.AUTH_METHOD_BLOCKED]);
  });

  it('changes the PIN with CHANGE REFERENCE DATA', () => {
    const applet = new PivApplet(set);
    const change = (oldPin: string, newPin: string): number =>
      send(
        applet,
        encodeCommandApdu({
          cla: 0,
          ins: INS.CHANGE_REFERENCE_DATA,
          p1: 0,
          p2: 0x80,
          data: concatBytes(pinBlock(oldPin), pinBlock(newPin)),
        }),
      ).sw;
    expect(change('000000', '222222')).toBe(0x63c2);
    expect(change('123456', '222222')).toBe(SW.OK);
    expect(verifyPin(applet, '222222')).toBe(SW.OK);
  });

  it('signs a chained GENERAL AUTHENTICATE with 9A after VERIFY; the signature verifies', () => {
    const applet = new PivApplet(set);
    const block = pkcs1Block('hallo');
    expect(generalAuthenticate(applet, KEY_REF.AUTHENTICATION, block).sw).toBe(SW.SECURITY_NOT_SATISFIED);
    expect(verifyPin(applet, '123456')).toBe(SW.OK);
    const { sw, data } = generalAuthenticate(applet, KEY_REF.AUTHENTICATION, block);
    expect(sw).toBe(SW.OK);
    const publicKey = new X509Certificate(set.authentication.certificateDer).publicKey;
    expect(verify('sha256', Buffer.from('hallo'), publicKey, signatureOf(data))).toBe(true);
    // 9A stays usable for the rest of the session
    expect(generalAuthenticate(applet, KEY_REF.AUTHENTICATION, block).sw).toBe(SW.OK);
  });

  it('allows one 9C signature per VERIFY', () => {
    const applet = new PivApplet(set);
    const block = pkcs1Block('akkoord');
    expect(verifyPin(applet, '123456')).toBe(SW.OK);
    const first = generalAuthenticate(applet, KEY_REF.SIGNATURE, block);
    expect(first.sw).toBe(SW.OK);
    const publicKey = new X509Certificate(set.signature.certificateDer).publicKey;
    expect(
      verify(
        'sha256',
        Buffer.from('akkoord'),
        { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
        signatureOf(first.data),
      ),
    ).toBe(true);
    expect(generalAuthenticate(applet, KEY_REF.SIGNATURE, block).sw).toBe(SW.SECURITY_NOT_SATISFIED);
    expect(verifyPin(applet, '123456')).toBe(SW.OK);
    expect(generalAuthenticate(applet, KEY_REF.SIGNATURE, block).sw).toBe(SW.OK);
  });

  it('forgets the PIN on a session reset (power off / reset) but keeps the counters', () => {
    const applet = new PivApplet(set);
    expect(verifyPin(applet, '000000')).toBe(0x63c2);
    expect(verifyPin(applet, '123456')).toBe(SW.OK);
    applet.resetSession();
    expect(verifyPin(applet)).toBe(0x63c3);
    expect(verifyPin(applet, '000000')).toBe(0x63c2);
    applet.resetSession();
    expect(applet.status.pinTriesLeft).toBe(2);
  });

  it('drops a pending 61xx answer when another command comes, and rejects bad CLA and unknown INS', () => {
    const applet = new PivApplet(set);
    const first = send(
      applet,
      encodeCommandApdu({
        cla: 0,
        ins: INS.GET_DATA,
        p1: 0x3f,
        p2: 0xff,
        data: tlv(TAG.OBJECT_ID_LIST, bytesFromHex('5FC105')),
        le: 256,
      }),
    );
    expect(first.sw >> 8).toBe(0x61);
    expect(applet.midExchange).toBe(true);
    expect(getData(applet, OBJECT.DISCOVERY).sw).toBe(SW.OK);
    expect(send(applet, Uint8Array.of(0, INS.GET_RESPONSE, 0, 0, 0)).sw).toBe(SW.CONDITIONS_NOT_SATISFIED);
    expect(send(applet, Uint8Array.of(0x80, INS.GET_DATA, 0x3f, 0xff, 0)).sw).toBe(SW.CLA_NOT_SUPPORTED);
    expect(send(applet, Uint8Array.of(0, 0xca, 0xdf, 0x30, 5)).sw).toBe(SW.INS_NOT_SUPPORTED);
  });
});
