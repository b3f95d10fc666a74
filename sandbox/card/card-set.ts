// What goes on one virtual UZI-pas: ATR, PIN/PUK, CHUID GUID and the three key pairs.

import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

export interface CardKey {
  certificateDer: Buffer;
  privateKeyPem: string;
}

export interface CardSet {
  atr?: Uint8Array;
  pin: string;
  puk: string;
  /** 32 hex digits; becomes the CHUID GUID and OpenSC's token serial. */
  chuidGuid: string;
  authentication: CardKey;
  signature: CardKey;
  encryption: CardKey;
}

/** The same, with bytes as base64 so it can travel over the control socket. */
export interface CardSetJson {
  atr?: string;
  pin: string;
  puk: string;
  chuidGuid: string;
  authentication: CardKeyJson;
  signature: CardKeyJson;
  encryption: CardKeyJson;
}

export interface CardKeyJson {
  certificateDer: string;
  privateKeyPem: string;
}

export const CARD_KEY_ROLES = ['authentication', 'signature', 'encryption'] as const;
export type CardKeyRole = (typeof CARD_KEY_ROLES)[number];

const PIN_PATTERN = /^.{6,8}$/;
const GUID_PATTERN = /^[0-9a-fA-F]{32}$/;

export function cardSetToJson(set: CardSet): CardSetJson {
  const key = (k: CardKey): CardKeyJson => ({
    certificateDer: k.certificateDer.toString('base64'),
    privateKeyPem: k.privateKeyPem,
  });
  return {
    ...(set.atr ? { atr: Buffer.from(set.atr).toString('base64') } : {}),
    pin: set.pin,
    puk: set.puk,
    chuidGuid: set.chuidGuid,
    authentication: key(set.authentication),
    signature: key(set.signature),
    encryption: key(set.encryption),
  };
}

export function cardSetFromJson(json: CardSetJson): CardSet {
  const key = (k: CardKeyJson): CardKey => ({
    certificateDer: Buffer.from(k.certificateDer, 'base64'),
    privateKeyPem: k.privateKeyPem,
  });
  return {
    ...(json.atr ? { atr: new Uint8Array(Buffer.from(json.atr, 'base64')) } : {}),
    pin: json.pin,
    puk: json.puk,
    chuidGuid: json.chuidGuid,
    authentication: key(json.authentication),
    signature: key(json.signature),
    encryption: key(json.encryption),
  };
}

export interface LoadedKey {
  certificateDer: Uint8Array;
  certificate: X509Certificate;
  privateKey: KeyObject;
  modulusBits: number;
}

/** Parses and checks a card set once, so a bad set fails at insert and not at the first APDU. */
export function loadCardKeys(set: CardSet): Record<CardKeyRole, LoadedKey> {
  if (!PIN_PATTERN.test(set.pin)) throw new Error('PIN must be 6–8 characters');
  if (!PIN_PATTERN.test(set.puk)) throw new Error('PUK must be 6–8 characters');
  if (!GUID_PATTERN.test(set.chuidGuid)) throw new Error('chuidGuid must be 32 hex digits');
  const load = (role: CardKeyRole): LoadedKey => {
    const { certificateDer, privateKeyPem } = set[role];
    const certificate = new X509Certificate(certificateDer);
    const privateKey = createPrivateKey(privateKeyPem);
    if (privateKey.asymmetricKeyType !== 'rsa') throw new Error(`${role}: only RSA keys are supported`);
    if (!certificate.checkPrivateKey(privateKey))
      throw new Error(`${role}: private key does not match certificate`);
    const modulusBits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
    return { certificateDer: new Uint8Array(certificateDer), certificate, privateKey, modulusBits };
  };
  return {
    authentication: load('authentication'),
    signature: load('signature'),
    encryption: load('encryption'),
  };
}
