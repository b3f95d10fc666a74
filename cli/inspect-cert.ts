// zorgid-companion inspect-cert <file> [--json]: shows the UZI identity in a certificate file.

import { readFile } from 'node:fs/promises';
import {
  CARD_TYPE_NAMES,
  isUziParseError,
  parseUziCertificate,
  pemToDerAll,
  type UziIdentity,
  type UziParseReason,
} from '../shared/uzi/index.js';

export interface CliOutput {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Exit codes, one per way it can fail, so scripts can tell them apart. */
export const INSPECT_CERT_EXIT = {
  ok: 0,
  usage: 64,
  fileUnreadable: 66,
  NOT_A_CERTIFICATE: 2,
  NOT_A_UZI_CERTIFICATE: 3,
  MALFORMED_UZI_SAN: 4,
} as const satisfies Record<string, number> & Record<UziParseReason, number>;

const USAGE =
  'Gebruik / Usage: zorgid-companion inspect-cert <bestand.pem|bestand.der|bestand.cer> [--json]\n';

const REASON_MESSAGE: Readonly<Record<UziParseReason, string>> = {
  NOT_A_CERTIFICATE:
    'Dit bestand is geen certificaat (PEM of DER). Kies een certificaatbestand. / ' +
    'This file is not a certificate (PEM or DER). Choose a certificate file.',
  NOT_A_UZI_CERTIFICATE:
    'Dit is een certificaat, maar geen UZI-certificaat. Kies een certificaat van een UZI-pas. / ' +
    'This is a certificate, but not a UZI certificate. Choose a certificate from a UZI-pas.',
  MALFORMED_UZI_SAN:
    'Dit lijkt een UZI-certificaat, maar de UZI-gegevens zijn ongeldig. / ' +
    'This looks like a UZI certificate, but its UZI data is malformed.',
};

const PEM_MARKER = '-----BEGIN ';

function certificatesIn(bytes: Uint8Array): Uint8Array[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // A file without a PEM header is taken as DER; the parser says whether it really is a certificate.
  return text.includes(PEM_MARKER) ? pemToDerAll(text) : [bytes];
}

function validityLine(identity: UziIdentity): string {
  const { expired, notYetValid, daysLeft } = identity.validity;
  if (expired) return `VERLOPEN / EXPIRED (${-daysLeft} dagen geleden / days ago)`;
  if (notYetValid) return 'NOG NIET GELDIG / NOT YET VALID';
  return `geldig / valid (nog ${daysLeft} dagen / ${daysLeft} days left)`;
}

function humanSummary(identity: UziIdentity): string {
  const cardTypeName = CARD_TYPE_NAMES[identity.cardType];
  const rows: [string, string][] = [
    ['UZI-nummer / UZI number', identity.uziNumber],
    ['Pastype / Card type', `${identity.cardType} (${cardTypeName.nl} / ${cardTypeName.en})`],
    ['Naam / Name', identity.commonName ?? '-'],
    ['Voornaam / Given name', identity.givenName ?? '-'],
    ['Achternaam / Surname', identity.surname ?? '-'],
    ['Organisatie / Organisation', identity.organisationName ?? '-'],
    ['URA', identity.ura],
    ['Rol / Role', `${identity.roleCode} ${identity.roleName}`],
    ['AGB', identity.agb],
    ['Certificaat / Certificate', identity.certificateRole],
    ['Sleutelgebruik / Key usage', identity.keyUsage.join(', ') || '-'],
    ['Uitgever / Issuer', identity.issuer],
    ['OID CA', `${identity.oidCa} (${identity.oidCaEnvironment})`],
    ['Geldig van / Valid from', identity.notBefore],
    ['Geldig tot / Valid until', identity.notAfter],
    ['Status', validityLine(identity)],
    [
      'ZORG-ID registratie / registration',
      identity.canRegisterZorgId ? 'ja / yes' : 'nee / no (alleen Z of N / only Z or N)',
    ],
    ['Serienummer / Serial', identity.serialNumberHex],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  const warnings = identity.warnings.map((w) => `  ! ${w.code}: ${w.message}`);
  return ['UZI-certificaat / UZI certificate', ...lines, ...warnings].join('\n') + '\n';
}

export async function inspectCert(args: string[], out: CliOutput): Promise<number> {
  const json = args.includes('--json');
  const positional = args.filter((a) => !a.startsWith('--'));
  const unknownFlags = args.filter((a) => a.startsWith('--') && a !== '--json');
  const [file] = positional;
  if (file === undefined || positional.length > 1 || unknownFlags.length > 0) {
    out.stderr(USAGE);
    return INSPECT_CERT_EXIT.usage;
  }

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `Bestand niet gevonden: ${file}. Controleer het pad. / File not found: ${file}. Check the path.`
        : `Kan ${file} niet lezen (${code ?? String(error)}). / Cannot read ${file} (${code ?? String(error)}).`;
    out.stderr(why + '\n');
    return INSPECT_CERT_EXIT.fileUnreadable;
  }

  try {
    const certificates = certificatesIn(bytes);
    if (certificates.length === 0) {
      out.stderr(REASON_MESSAGE.NOT_A_CERTIFICATE + '\n');
      return INSPECT_CERT_EXIT.NOT_A_CERTIFICATE;
    }
    // A chain file may hold the card certificate anywhere (CA first or last): show the one that is UZI.
    let firstError: unknown;
    let identity: UziIdentity | undefined;
    for (const der of certificates) {
      try {
        identity = parseUziCertificate(der);
        break;
      } catch (error) {
        firstError ??= error;
      }
    }
    if (identity === undefined) throw firstError;
    if (certificates.length > 1) {
      out.stderr(
        `Het bestand bevat ${certificates.length} certificaten; het UZI-certificaat is getoond. / ` +
          `The file holds ${certificates.length} certificates; the UZI certificate is shown.\n`,
      );
    }
    out.stdout(json ? JSON.stringify(identity, null, 2) + '\n' : humanSummary(identity));
    return INSPECT_CERT_EXIT.ok;
  } catch (error) {
    if (isUziParseError(error)) {
      out.stderr(`${REASON_MESSAGE[error.reason]}\n  (${error.message})\n`);
      return INSPECT_CERT_EXIT[error.reason];
    }
    // Never a stack trace for a user: say what failed and what to do.
    out.stderr(
      `${REASON_MESSAGE.NOT_A_CERTIFICATE}\n  (${error instanceof Error ? error.message : String(error)})\n`,
    );
    return INSPECT_CERT_EXIT.NOT_A_CERTIFICATE;
  }
}
