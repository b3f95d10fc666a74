// The otherName value inside the SAN's [0] EXPLICIT wrapper is itself a full TLV (IA5String for
// 2.5.5.5, UTF8String for the UPN). Decoding it through a schema strips the tag and length, which
// some parsers forget (leaving "\x16=" in front of the UZI string).

import { AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';

export class OtherNameString {
  ia5String?: string;
  utf8String?: string;
  printableString?: string;

  constructor(params: Partial<OtherNameString> = {}) {
    Object.assign(this, params);
  }

  toString(): string | undefined {
    return this.ia5String ?? this.utf8String ?? this.printableString;
  }
}

// Applied by hand: the project compiles without legacy decorator support.
AsnProp({ type: AsnPropTypes.IA5String })(OtherNameString.prototype, 'ia5String');
AsnProp({ type: AsnPropTypes.Utf8String })(OtherNameString.prototype, 'utf8String');
AsnProp({ type: AsnPropTypes.PrintableString })(OtherNameString.prototype, 'printableString');
AsnType({ type: AsnTypeTypes.Choice })(OtherNameString);

/** Decodes a string TLV; undefined when it is not one of the string types above. */
export function decodeOtherNameString(tlv: ArrayBuffer): string | undefined {
  try {
    return AsnConvert.parse(tlv, OtherNameString).toString();
  } catch {
    return undefined;
  }
}

export function encodeIa5String(value: string): ArrayBuffer {
  return AsnConvert.serialize(new OtherNameString({ ia5String: value }));
}

export function encodeUtf8String(value: string): ArrayBuffer {
  return AsnConvert.serialize(new OtherNameString({ utf8String: value }));
}
