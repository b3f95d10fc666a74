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

/** Serial numbers compared as unsigned hex without leading zeros (DER adds one for a high bit). */
export function normaliseSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+/, '') || '0';
}
