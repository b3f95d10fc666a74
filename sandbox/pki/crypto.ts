// Key handling: node:crypto makes RSA keys (fast, native); @peculiar/x509 signs through WebCrypto.

import { generateKeyPair, webcrypto } from 'node:crypto';
import { promisify } from 'node:util';
import { splitPem } from '../../shared/uzi/index.js';

export const RSA_MODULUS_BITS = 2048;
export const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const PKCS8_LABEL = 'PRIVATE KEY';
const SPKI_LABEL = 'PUBLIC KEY';

const generateKeyPairAsync = promisify(generateKeyPair);

/** The WebCrypto instance @peculiar/x509 signs with. */
export const subtleCrypto = webcrypto as unknown as Crypto;

export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

export async function generateRsaKeyPair(): Promise<KeyPairPem> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: RSA_MODULUS_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

function pemBlock(pem: string, label: string): ArrayBuffer {
  const block = splitPem(pem).find((b) => b.label === label);
  if (!block) throw new Error(`no ${label} block in PEM`);
  return block.der.slice().buffer;
}

export async function importPrivateKey(privateKeyPem: string): Promise<CryptoKey> {
  return subtleCrypto.subtle.importKey(
    'pkcs8',
    pemBlock(privateKeyPem, PKCS8_LABEL),
    SIGNING_ALGORITHM,
    true,
    ['sign'],
  );
}

export async function importPublicKey(publicKeyPem: string): Promise<CryptoKey> {
  return subtleCrypto.subtle.importKey('spki', pemBlock(publicKeyPem, SPKI_LABEL), SIGNING_ALGORITHM, true, [
    'verify',
  ]);
}
