// CRX3: the zip with a signed header (Chromium's crx3.proto). Signing is done by the maintained
// `crx3` packer; verification (the packager checks its own output, and the tests) reads the
// header with protobufjs and checks the RSA signature with node:crypto.
import { createHash, createPrivateKey, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

const CRX_MAGIC = 'Cr24';
const CRX_VERSION = 3;
const SIGNED_DATA_PREFIX = Buffer.from('CRX3 SignedData\x00', 'latin1');

// From Chromium's components/crx_file/crx3.proto (only the fields we read).
const CRX_PROTO = protobuf.Root.fromJSON({
  nested: {
    CrxFileHeader: {
      fields: {
        sha256_with_rsa: { rule: 'repeated', type: 'AsymmetricKeyProof', id: 2 },
        sha256_with_ecdsa: { rule: 'repeated', type: 'AsymmetricKeyProof', id: 3 },
        signed_header_data: { type: 'bytes', id: 10000 },
      },
    },
    AsymmetricKeyProof: {
      fields: { public_key: { type: 'bytes', id: 1 }, signature: { type: 'bytes', id: 2 } },
    },
    SignedData: { fields: { crx_id: { type: 'bytes', id: 1 } } },
  },
});

interface KeyProof {
  public_key: Uint8Array;
  signature: Uint8Array;
}

/** Chromium's id for a public key (SPKI DER): the first 16 bytes of its sha256, hex digits 0-f as a-p. */
export function extensionIdFromPublicKey(spkiDer: Uint8Array): string {
  const hex = createHash('sha256').update(spkiDer).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

/** The signing key, or a clear reason it cannot be used. */
export function loadSigningKey(file: string): { key: KeyObject; publicDer: Buffer; id: string } {
  if (!existsSync(file))
    throw new Error(
      `Sleutel ${file} bestaat niet / signing key not found: pass --key with the PEM private key of the extension (openssl genrsa -out key.pem 2048 for a test key)`,
    );
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file));
  } catch {
    throw new Error(`${file} is geen PEM-privésleutel / is not a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error(`${file}: RSA-sleutel verwacht / expected an RSA key (Chromium signs CRX3 with RSA)`);
  const publicDer = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return { key, publicDer, id: extensionIdFromPublicKey(publicDer) };
}

export async function signCrx(zipFile: string, keyFile: string, crxFile: string): Promise<string> {
  loadSigningKey(keyFile); // refuses a missing or wrong key before crx3 would make one up
  const { default: crx3 } = await import('crx3');
  const info = await crx3(createReadStream(zipFile), { keyPath: keyFile, crxPath: crxFile });
  return info.appId;
}

export interface CrxVerification {
  id: string;
  publicKey: Buffer;
  zip: Buffer;
}

/** Parses a CRX3 and checks its RSA signature; throws with the reason when it does not verify. */
export function verifyCrx(crx: Buffer): CrxVerification {
  if (crx.subarray(0, 4).toString('latin1') !== CRX_MAGIC || crx.readUInt32LE(4) !== CRX_VERSION)
    throw new Error('geen CRX3 / not a CRX3 file');
  const headerLength = crx.readUInt32LE(8);
  const header = crx.subarray(12, 12 + headerLength);
  const zip = crx.subarray(12 + headerLength);
  const decoded = CRX_PROTO.lookupType('CrxFileHeader').decode(header) as unknown as {
    sha256_with_rsa: KeyProof[];
    signed_header_data: Uint8Array;
  };
  const signedData = CRX_PROTO.lookupType('SignedData').decode(decoded.signed_header_data) as unknown as {
    crx_id: Uint8Array;
  };
  const crxId = Buffer.from(signedData.crx_id);
  const lengthLe = Buffer.alloc(4);
  lengthLe.writeUInt32LE(decoded.signed_header_data.length);
  const message = Buffer.concat([SIGNED_DATA_PREFIX, lengthLe, Buffer.from(decoded.signed_header_data), zip]);
  const proof = decoded.sha256_with_rsa.find((candidate) =>
    createHash('sha256').update(candidate.public_key).digest().subarray(0, 16).equals(crxId),
  );
  if (!proof)
    throw new Error('geen handtekening van de sleutel van dit id / no proof by the key of the crx id');
  const publicKey = createPublicKey({ key: Buffer.from(proof.public_key), format: 'der', type: 'spki' });
  if (!verify('sha256', message, publicKey, Buffer.from(proof.signature)))
    throw new Error('handtekening klopt niet / signature does not verify');
  return { id: extensionIdFromPublicKey(proof.public_key), publicKey: Buffer.from(proof.public_key), zip };
}
