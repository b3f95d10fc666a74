import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Extension, type Name } from '@peculiar/asn1-x509';

// Plain ASN.1 parsing (no @peculiar/x509): keeps the verifier free of its dependency-injection runtime.

export function parseCertificateAsn(der: Uint8Array): Certificate {
  return AsnConvert.parse(der, Certificate);
}

export function findExtension(cert: Certificate, oid: string): Extension | undefined {
  return cert.tbsCertificate.extensions?.find((ext) => ext.extnID === oid);
}

export function nameField(name: Name, oid: string): string | null {
  for (const rdn of name) {
    for (const attribute of rdn) {
      if (attribute.type === oid) return attribute.value.toString();
    }
  }
  return null;
}

export function derOf(value: unknown): Buffer {
  return Buffer.from(AsnConvert.serialize(value));
}

/** Serial numbers compared as unsigned hex without leading zeros (DER adds one for a high bit). */
export function normaliseSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+/, '') || '0';
}

function tlvHeader(der: Uint8Array, offset: number): { headerLength: number; length: number } {
  const first = der[offset + 1] ?? 0;
  if (!(first & 0x80)) return { headerLength: 2, length: first };
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (der[offset + 2 + i] ?? 0);
  return { headerLength: 2 + count, length };
}

/** The exact bytes of the signed part (first element of the outer SEQUENCE): re-encoding could differ. */
export function signedPartOf(der: Uint8Array): Buffer {
  const outer = tlvHeader(der, 0);
  const start = outer.headerLength;
  const inner = tlvHeader(der, start);
  return Buffer.from(der.subarray(start, start + inner.headerLength + inner.length));
}
