// A fake diagnostics environment: host results as the real host returns them, built around the public
// TEST UZI-pas certificates, and whole workstations (browser or terminal) that pass every check, for a
// test to break in the one way it is about. Pure data: diagnose() and the report run for real on it.
import type { DiagnosticsInput } from '../../shared/diagnostics/types.js';
import type { WireError } from '../../shared/errors.js';
import { errorMessage, type ErrorCode } from '../../shared/errors.js';
import type { HostStatus, PinStatusResult, ReadCardResult } from '../../shared/protocol/host.js';
import { derToBase64, parseUziCertificate, pemToDer } from '../../shared/uzi/index.js';
import { readFixture } from '../unit/uzi/fixtures.js';

const CERTS = {
  authentication: 'card-zorgverlener-jan/authenticatie.pem',
  signature: 'card-zorgverlener-jan/handtekening.pem',
  encryption: 'card-zorgverlener-jan/vertrouwelijkheid.pem',
} as const;

export const READER = 'Virtual PCD 00 00';
export const UZI_NUMBER = '900016528';
export const GIVEN_NAME = 'Jan';
export const SURNAME = 'test-90014548';
export const FULL_NAME = 'Jan test-90014548';

const authDer = pemToDer(readFixture(CERTS.authentication));
export const CARD_NOT_AFTER = new Date(parseUziCertificate(authDer).notAfter);
const DAY_MS = 24 * 60 * 60 * 1000;
/** A moment a year before the fixture card expires: everything valid. */
export const WELL_BEFORE_EXPIRY = new Date(CARD_NOT_AFTER.getTime() - 365 * DAY_MS);
export const daysBeforeExpiry = (days: number) => new Date(CARD_NOT_AFTER.getTime() - days * DAY_MS);

export function status(overrides: Partial<HostStatus> = {}): HostStatus {
  return {
    version: '0.1.0',
    protocol: 1,
    pcsc: { available: true },
    readers: [{ name: READER, cardPresent: true, atr: '3BFF', cardKind: 'uzi-pas' }],
    pkcs11: { module: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', source: 'env' },
    ...overrides,
  };
}

export function readCard(cardType: ReadCardResult['identity']['cardType'] = 'Z'): ReadCardResult {
  return {
    reader: READER,
    tokenSerial: 'T1',
    certificates: (Object.keys(CERTS) as (keyof typeof CERTS)[]).map((role) => ({
      role,
      der: derToBase64(pemToDer(readFixture(CERTS[role]))),
    })),
    identity: {
      uziNumber: UZI_NUMBER,
      cardType,
      ura: '90000382',
      roleCode: '01.015',
      roleName: 'Huisarts',
      organisationName: 'Tést Zorginstelling 03',
      givenName: GIVEN_NAME,
      surname: SURNAME,
      commonName: FULL_NAME,
      notBefore: '2017-07-12T11:39:08.000Z',
      notAfter: CARD_NOT_AFTER.toISOString(),
    },
    validity: { expired: false, notYetValid: false, daysLeft: 365 },
    canRegisterZorgId: cardType === 'Z' || cardType === 'N',
  };
}

export function pinOk(overrides: Partial<PinStatusResult> = {}): PinStatusResult {
  return { triesLeft: 3, blocked: false, finalTry: false, pinpad: false, ...overrides };
}

export function wire(code: ErrorCode, details?: Record<string, unknown>): WireError {
  return { code, message: errorMessage(code, 'en'), ...(details ? { details } : {}) };
}

export const HOST_HELLO = { version: '0.1.0', protocol: 1 } as const;
export const REVOCATION_GOOD = { status: 'good', method: 'ocsp', tried: [] } as const;

/**
 * A workstation where everything is fine, seen from the extension (`browser`) or from `doctor`
 * (`terminal`); `overrides` replace whole fields (pass `undefined` to leave one out).
 */
export function workstation(
  context: DiagnosticsInput['context'],
  overrides: Partial<DiagnosticsInput> = {},
): DiagnosticsInput {
  const common = {
    now: WELL_BEFORE_EXPIRY,
    host: { hello: HOST_HELLO, status: status() },
    card: { result: readCard() },
    pin: { result: pinOk() },
  };
  const base: DiagnosticsInput =
    context === 'browser'
      ? {
          context,
          ...common,
          browser: { product: 'Chromium', version: '131.0', minimumMajor: 116 },
          extension: { version: '0.1.0', enforced: [], problems: [] },
          revocation: REVOCATION_GOOD,
          origin: { origin: 'https://productie.zorg-id.nl', allowed: true },
          guide: { environment: 'productie', current: 'install-app', done: 3, total: 9 },
          events: [],
        }
      : { context, ...common, hostInstallation: [] };
  const input = { ...base, ...overrides };
  for (const key of Object.keys(overrides) as (keyof DiagnosticsInput)[]) {
    if (overrides[key] === undefined) delete input[key];
  }
  return input;
}
