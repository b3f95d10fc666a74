// One pure function per check: host results and CompanionError codes in, a check out. The same
// functions serve the extension (browser side) and `zorgid-companion doctor` (terminal side).
import { ERRORS, type ErrorCode, type WireError } from '../errors.js';
import { HOST_PROTOCOL_VERSION, type HostStatus, type ReaderInfo } from '../protocol/host.js';
import type { PinStatusResult, ReadCardResult } from '../protocol/host.js';
import { maskKeepLast } from '../redact.js';
import { DEFAULT_STEP_MAP } from '../steps/step-map.js';
import { base64ToDer, parseUziCertificate } from '../uzi/index.js';
import { CARD_TYPE_NAMES, ZORG_ID_CARD_TYPES } from '../uzi/types.js';
import { holderDisplayName } from '../uzi/holder-name.js';
import { CHECK_TITLES, FIXES, errorText, localText } from './texts.js';
import type {
  BrowserInfo,
  CheckId,
  CheckStatus,
  DiagnosticCheck,
  EventInfo,
  ExtensionInfo,
  GuideInfo,
  HostInstallationInfo,
  HostProbe,
  LocalText,
  OriginInfo,
  Outcome,
  RevocationInfo,
} from './types.js';

/** A certificate that ends within this many days is a warning: a new card takes weeks. */
export const CERTIFICATE_WARN_DAYS = 30;
/** How many of the last events the events check shows. */
export const EVENTS_SHOWN = 10;
/** Errors older than this do not make the events check a warning. */
export const RECENT_ERROR_WINDOW_MS = 15 * 60 * 1000;

const SKIPPED_BECAUSE: Readonly<Record<string, LocalText>> = {
  host: {
    nl: 'Niet gecontroleerd: de kaarthulp antwoordt niet.',
    en: 'Not checked: the card helper does not answer.',
  },
  pcsc: {
    nl: 'Niet gecontroleerd: de smartcardservice draait niet.',
    en: 'Not checked: the smart card service is not running.',
  },
  readers: { nl: 'Niet gecontroleerd: geen kaartlezer.', en: 'Not checked: no card reader.' },
  card: { nl: 'Niet gecontroleerd: geen leesbare UZI-pas.', en: 'Not checked: no readable UZI-pas.' },
  browser: {
    nl: 'Niet gecontroleerd vanuit de terminal.',
    en: 'Not checked from the terminal.',
  },
};

function check(
  id: CheckId,
  status: CheckStatus,
  detail: LocalText,
  extra: { fix?: LocalText; data?: Record<string, unknown>; code?: ErrorCode } = {},
): DiagnosticCheck {
  return { id, title: CHECK_TITLES[id], status, detail, ...extra };
}

const skip = (id: CheckId, reason: keyof typeof SKIPPED_BECAUSE) =>
  check(id, 'skip', SKIPPED_BECAUSE[reason] ?? SKIPPED_BECAUSE.host!);

function failFromError(id: CheckId, error: WireError, status: CheckStatus = 'fail'): DiagnosticCheck {
  return check(id, status, errorText(error.code), {
    fix: FIXES[error.code] ?? errorText(error.code),
    code: error.code,
    data: { code: error.code, message: error.message },
  });
}

const majorOf = (version: string) => Number.parseInt(version.split('.')[0] ?? '', 10);

export function browserCheck(browser: BrowserInfo | undefined): DiagnosticCheck {
  if (!browser) return skip('browser', 'browser');
  const data = { product: browser.product, version: browser.version };
  const major = majorOf(browser.version);
  if (browser.minimumMajor !== undefined && Number.isFinite(major) && major < browser.minimumMajor) {
    return check(
      'browser',
      'fail',
      localText(
        `${browser.product} ${browser.version} is te oud (minimaal ${browser.minimumMajor}).`,
        `${browser.product} ${browser.version} is too old (at least ${browser.minimumMajor}).`,
      ),
      { fix: FIXES.browserOutdated, data },
    );
  }
  return check('browser', 'pass', localText(`${browser.product} ${browser.version}`), { data });
}

export function extensionCheck(extension: ExtensionInfo | undefined): DiagnosticCheck {
  if (!extension) return skip('extension', 'browser');
  const data = {
    version: extension.version,
    enforced: [...extension.enforced],
    problems: [...extension.problems],
    ...(extension.settings
      ? {
          settings: extension.settings.map(
            (entry) => `${entry.key}=${JSON.stringify(entry.value)} (${entry.source})`,
          ),
        }
      : {}),
  };
  const enforced = extension.enforced.length > 0 ? extension.enforced.join(', ') : undefined;
  const base = localText(
    `Versie ${extension.version}. ${enforced ? `Door uw organisatie vastgezet: ${enforced}.` : 'Geen instellingen vastgezet door beleid.'}`,
    `Version ${extension.version}. ${enforced ? `Fixed by your organisation: ${enforced}.` : 'No settings fixed by policy.'}`,
  );
  const policyProblems = extension.problems.filter((problem) => problem.startsWith('policy'));
  if (extension.problems.length === 0) return check('extension', 'pass', base, { data });
  return check(
    'extension',
    'warn',
    localText(
      `${base.nl} Genegeerde ongeldige instellingen: ${extension.problems.join('; ')}`,
      `${base.en} Ignored invalid settings: ${extension.problems.join('; ')}`,
    ),
    { fix: policyProblems.length > 0 ? FIXES.policyInvalid : FIXES.localSettingsInvalid, data },
  );
}

export function hostInstallationCheck(
  installations: readonly HostInstallationInfo[] | undefined,
): DiagnosticCheck {
  if (!installations) return check('host-installation', 'skip', FIXES.browserChecksInstallation);
  if (installations.length === 0) {
    return check('host-installation', 'fail', FIXES.noBrowserFound, { fix: FIXES.installHost });
  }
  const browsers = [...new Set(installations.map((entry) => entry.browser))];
  const failing = browsers.filter(
    (browser) => !installations.some((entry) => entry.browser === browser && entry.ok),
  );
  const data = {
    manifests: installations.map((entry) => ({
      browser: entry.browser,
      scope: entry.scope,
      path: entry.path,
      ok: entry.ok,
      problems: [...entry.problems],
    })),
  };
  if (failing.length === 0) {
    return check(
      'host-installation',
      'pass',
      localText(
        `Kaarthulp geregistreerd voor ${browsers.join(', ')}.`,
        `Card helper registered for ${browsers.join(', ')}.`,
      ),
      { data },
    );
  }
  const problems = installations
    .filter((entry) => failing.includes(entry.browser))
    .flatMap((entry) => entry.problems.map((problem) => `${entry.browser} (${entry.scope}): ${problem}`));
  return check(
    'host-installation',
    'fail',
    localText(
      `Niet goed geregistreerd voor ${failing.join(', ')}. ${problems.join(' ')}`,
      `Not registered correctly for ${failing.join(', ')}. ${problems.join(' ')}`,
    ),
    { ...installationCause(problems), data },
  );
}

/** The registration's problem named as the browser would report it, with that cause's fix. */
function installationCause(problems: readonly string[]): { fix: LocalText; code: ErrorCode } {
  const text = problems.join(' ');
  if (/allowed_origins|allowed_extensions/.test(text))
    return { fix: FIXES.HOST_FORBIDDEN, code: 'HOST_FORBIDDEN' };
  if (/not executable|niet uitvoerbaar/i.test(text)) return { fix: FIXES.HOST_EXITED, code: 'HOST_EXITED' };
  return { fix: FIXES.installHost, code: 'HOST_NOT_INSTALLED' };
}

export function hostCheck(host: HostProbe): DiagnosticCheck {
  if (host.error) return failFromError('host', host.error);
  const hello =
    host.hello ??
    (host.status ? { version: host.status.version, protocol: host.status.protocol } : undefined);
  if (!hello) return check('host', 'fail', errorText('HOST_DISCONNECTED'), { fix: FIXES.HOST_DISCONNECTED });
  const data = { version: hello.version, protocol: hello.protocol, expectedProtocol: HOST_PROTOCOL_VERSION };
  if (hello.protocol !== HOST_PROTOCOL_VERSION) {
    const update = hello.protocol < HOST_PROTOCOL_VERSION ? 'host' : 'extension';
    return check(
      'host',
      'fail',
      localText(
        `Kaarthulp ${hello.version} spreekt protocol ${hello.protocol}, de extensie ${HOST_PROTOCOL_VERSION}.`,
        `Card helper ${hello.version} speaks protocol ${hello.protocol}, the extension ${HOST_PROTOCOL_VERSION}.`,
      ),
      { fix: update === 'host' ? FIXES.updateHost : FIXES.updateExtension, data, code: 'HOST_INCOMPATIBLE' },
    );
  }
  return check(
    'host',
    'pass',
    localText(
      `Kaarthulp ${hello.version} antwoordt (protocol ${hello.protocol}).`,
      `Card helper ${hello.version} answers (protocol ${hello.protocol}).`,
    ),
    { data },
  );
}

export function pcscCheck(status: HostStatus | undefined): DiagnosticCheck {
  if (!status) return skip('pcsc', 'host');
  if (!status.pcsc.available) {
    return check('pcsc', 'fail', errorText('PCSC_UNAVAILABLE'), {
      fix: FIXES.PCSC_UNAVAILABLE,
      code: 'PCSC_UNAVAILABLE',
      data: status.pcsc.error ? { error: status.pcsc.error } : {},
    });
  }
  return check(
    'pcsc',
    'pass',
    localText('De smartcardservice draait.', 'The smart card service is running.'),
  );
}

function readerLine(reader: ReaderInfo, lang: 'nl' | 'en'): string {
  const pinpad =
    reader.pinpad === undefined
      ? ''
      : reader.pinpad
        ? lang === 'nl'
          ? ', met pinpad'
          : ', with pinpad'
        : lang === 'nl'
          ? ', zonder pinpad'
          : ', without pinpad';
  const card = reader.cardPresent
    ? lang === 'nl'
      ? 'kaart erin'
      : 'card inserted'
    : lang === 'nl'
      ? 'leeg'
      : 'empty';
  return `${reader.name} (${card}${pinpad})`;
}

export function readersCheck(
  status: HostStatus | undefined,
  pin?: Outcome<PinStatusResult>,
): DiagnosticCheck {
  if (!status) return skip('readers', 'host');
  if (!status.pcsc.available) return skip('readers', 'pcsc');
  if (status.readers.length === 0) {
    return check('readers', 'fail', errorText('NO_READER'), { fix: FIXES.NO_READER, code: 'NO_READER' });
  }
  const pinpadFromPin = pin && 'result' in pin ? pin.result.pinpad : undefined;
  const readers = status.readers.map((reader) =>
    reader.pinpad === undefined && reader.cardPresent && pinpadFromPin !== undefined
      ? { ...reader, pinpad: pinpadFromPin }
      : reader,
  );
  return check(
    'readers',
    'pass',
    localText(
      readers.map((reader) => readerLine(reader, 'nl')).join('; '),
      readers.map((reader) => readerLine(reader, 'en')).join('; '),
    ),
    {
      data: {
        readers: readers.map((reader) => ({
          readerName: reader.name,
          cardPresent: reader.cardPresent,
          ...(reader.cardKind ? { cardKind: reader.cardKind } : {}),
          ...(reader.pinpad === undefined ? {} : { pinpad: reader.pinpad }),
        })),
      },
    },
  );
}

/** The holder and card facts the helpdesk may see: names and UZI number masked, URA and role in full. */
export function cardFacts(card: ReadCardResult): Record<string, unknown> {
  const identity = card.identity;
  const holder = holderDisplayName(identity);
  return {
    ...(card.reader ? { reader: card.reader } : {}),
    cardType: identity.cardType,
    holder: maskKeepLast(holder),
    uziNumber: maskKeepLast(identity.uziNumber),
    ura: identity.ura,
    organisation: identity.organisationName,
    roleCode: identity.roleCode,
    roleName: identity.roleName,
  };
}

function cardTypeText(cardType: ReadCardResult['identity']['cardType']): LocalText {
  const names = CARD_TYPE_NAMES[cardType];
  return localText(`UZI-pas, ${names.nl} (${cardType})`, `UZI-pas, ${names.en} (${cardType})`);
}

export function cardCheck(status: HostStatus | undefined, card?: Outcome<ReadCardResult>): DiagnosticCheck {
  if (!status) return skip('card', 'host');
  if (!status.pcsc.available) return skip('card', 'pcsc');
  if (status.readers.length === 0) return skip('card', 'readers');
  const reader = status.readers.find((candidate) => candidate.cardPresent);
  if (card && 'error' in card && PKCS11_MODULE_CODES.includes(card.error.code) && reader) {
    // One cause, reported once: the module check names it and says what to install.
    return check(
      'card',
      'skip',
      localText(
        `Kaart in ${reader.name}, niet gelezen: de kaartsoftware ontbreekt.`,
        `Card in ${reader.name}, not read: the card software is missing.`,
      ),
      { data: { reader: reader.name } },
    );
  }
  if (card && 'error' in card) return failFromError('card', card.error);
  if (!reader && !(card && 'result' in card)) {
    return check('card', 'fail', errorText('NO_CARD'), { fix: FIXES.NO_CARD, code: 'NO_CARD' });
  }
  if (card && 'result' in card) {
    const result = card.result;
    const type = cardTypeText(result.identity.cardType);
    const data = cardFacts(result);
    if (!ZORG_ID_CARD_TYPES.includes(result.identity.cardType)) {
      return check(
        'card',
        'fail',
        localText(
          `${type.nl}: deze pas kan ZORG-ID niet registreren.`,
          `${type.en}: this card cannot register ZORG-ID.`,
        ),
        { fix: FIXES.UNSUPPORTED_CARD, code: 'UNSUPPORTED_CARD', data },
      );
    }
    return check(
      'card',
      'pass',
      localText(
        `${type.nl} in ${result.reader ?? reader?.name ?? ''}`.trim(),
        `${type.en} in ${result.reader ?? reader?.name ?? ''}`.trim(),
      ),
      { data },
    );
  }
  if (reader?.cardKind === 'unknown') {
    return check('card', 'fail', errorText('NOT_A_UZI_CARD'), {
      fix: FIXES.NOT_A_UZI_CARD,
      code: 'NOT_A_UZI_CARD',
      data: { reader: reader.name, ...(reader.atr ? { atr: reader.atr } : {}) },
    });
  }
  return check(
    'card',
    'pass',
    localText(`UZI-pas in ${reader?.name ?? ''}`, `UZI-pas in ${reader?.name ?? ''}`),
    { data: { reader: reader?.name } },
  );
}

/** Errors about the PKCS#11 module itself: the pkcs11 check names them, the card check skips. */
const PKCS11_MODULE_CODES: readonly ErrorCode[] = ['PKCS11_MODULE_NOT_FOUND', 'PKCS11_MODULE_LOAD_FAILED'];

interface CertificateRow {
  role: string;
  notAfter: string;
  daysLeft: number;
  expired: boolean;
  notYetValid: boolean;
  issuer: string;
  test: boolean;
}

export function certificatesCheck(
  card: Outcome<ReadCardResult> | undefined,
  now: Date = new Date(),
  revocation?: RevocationInfo,
): DiagnosticCheck {
  if (!card || 'error' in card) return skip('certificates', 'card');
  const result = card.result;
  const rows: CertificateRow[] = [];
  try {
    for (const certificate of result.certificates) {
      const identity = parseUziCertificate(base64ToDer(certificate.der), now);
      rows.push({
        role: certificate.role,
        notAfter: identity.notAfter,
        daysLeft: identity.validity.daysLeft,
        expired: identity.validity.expired,
        notYetValid: identity.validity.notYetValid,
        issuer: identity.issuer,
        test: identity.isTestCertificate,
      });
    }
  } catch (error) {
    return check('certificates', 'fail', errorText('NOT_A_UZI_CARD'), {
      fix: FIXES.NOT_A_UZI_CARD,
      code: 'NOT_A_UZI_CARD',
      data: { error: error instanceof Error ? error.message : String(error) },
    });
  }
  if (rows.length === 0) {
    rows.push({
      role: 'authentication',
      notAfter: result.identity.notAfter,
      daysLeft: result.validity.daysLeft,
      expired: result.validity.expired,
      notYetValid: result.validity.notYetValid,
      issuer: '',
      test: false,
    });
  }
  const identity = result.identity;
  const earliest = rows.reduce((a, b) => (b.daysLeft < a.daysLeft ? b : a));
  const issuers = [...new Set(rows.map((row) => row.issuer).filter(Boolean))].join(', ');
  const who = localText(
    `URA ${identity.ura}, ${identity.organisationName}, rol ${identity.roleCode} ${identity.roleName}. Uitgever: ${issuers}.`,
    `URA ${identity.ura}, ${identity.organisationName}, role ${identity.roleCode} ${identity.roleName}. Issuer: ${issuers}.`,
  );
  const data = {
    certificates: rows,
    ura: identity.ura,
    organisation: identity.organisationName,
    roleCode: identity.roleCode,
    roleName: identity.roleName,
    issuer: issuers,
    testCertificate: rows.some((row) => row.test),
    ...(revocation ? { revocation } : {}),
  };
  const date = earliest.notAfter.slice(0, 10);
  if (rows.some((row) => row.expired)) {
    return check(
      'certificates',
      'fail',
      localText(`Verlopen op ${date}. ${who.nl}`, `Expired on ${date}. ${who.en}`),
      { fix: FIXES.CERTIFICATE_EXPIRED, code: 'CERTIFICATE_EXPIRED', data },
    );
  }
  if (rows.some((row) => row.notYetValid)) {
    return check(
      'certificates',
      'fail',
      localText(`Nog niet geldig. ${who.nl}`, `Not yet valid. ${who.en}`),
      { fix: FIXES.certificateNotYetValid, data },
    );
  }
  if (revocation?.status === 'revoked') {
    return check(
      'certificates',
      'fail',
      localText(
        `Ingetrokken (${revocation.method === 'crl' ? 'CRL' : 'OCSP'}${revocation.revokedAt ? `, ${revocation.revokedAt.slice(0, 10)}` : ''}). ${who.nl}`,
        `Revoked (${revocation.method === 'crl' ? 'CRL' : 'OCSP'}${revocation.revokedAt ? `, ${revocation.revokedAt.slice(0, 10)}` : ''}). ${who.en}`,
      ),
      { fix: FIXES.CERTIFICATE_REVOKED, code: 'CERTIFICATE_REVOKED', data },
    );
  }
  const validity = localText(
    `Geldig tot ${date} (nog ${earliest.daysLeft} dagen). ${who.nl}`,
    `Valid until ${date} (${earliest.daysLeft} days left). ${who.en}`,
  );
  if (revocation?.status !== 'good') {
    // Fail closed in words: an unchecked card is never reported as fine.
    const reason = revocation?.reason ? ` (${revocation.reason})` : '';
    return check(
      'certificates',
      'warn',
      localText(
        `${validity.nl} Intrekking niet gecontroleerd${reason}.`,
        `${validity.en} Revocation not checked${reason}.`,
      ),
      { fix: FIXES.revocationUnknown, data },
    );
  }
  if (earliest.daysLeft < CERTIFICATE_WARN_DAYS) {
    return check('certificates', 'warn', validity, { fix: FIXES.certificateExpiresSoon, data });
  }
  return check(
    'certificates',
    'pass',
    localText(
      `${validity.nl} Niet ingetrokken (${revocation.method === 'crl' ? 'CRL' : 'OCSP'}).`,
      `${validity.en} Not revoked (${revocation.method === 'crl' ? 'CRL' : 'OCSP'}).`,
    ),
    { data },
  );
}

export function pinCheck(pin: Outcome<PinStatusResult> | undefined): DiagnosticCheck {
  if (!pin) return skip('pin', 'card');
  if ('error' in pin) {
    return failFromError('pin', pin.error, pin.error.code === 'PIN_BLOCKED' ? 'fail' : 'warn');
  }
  const { triesLeft, blocked, finalTry, pinpad } = pin.result;
  const data = { triesLeft, blocked, finalTry, pinpad };
  if (blocked)
    return check('pin', 'fail', errorText('PIN_BLOCKED'), {
      fix: FIXES.PIN_BLOCKED,
      code: 'PIN_BLOCKED',
      data,
    });
  if (finalTry || triesLeft === 1) {
    return check('pin', 'warn', localText('Nog één pincodepoging over.', 'One PIN try left.'), {
      fix: FIXES.PIN_LAST_TRY,
      code: 'PIN_LAST_TRY',
      data,
    });
  }
  const tries =
    triesLeft === null
      ? localText('meer dan één poging over', 'more than one try left')
      : localText(`nog ${triesLeft} pogingen`, `${triesLeft} tries left`);
  return check(
    'pin',
    'pass',
    localText(`Pincode niet geblokkeerd, ${tries.nl}.`, `PIN not blocked, ${tries.en}.`),
    { data },
  );
}

export function pkcs11Check(
  status: HostStatus | undefined,
  tried?: readonly { path: string; source: string }[],
  card?: Outcome<ReadCardResult>,
  browserOnly?: readonly string[],
): DiagnosticCheck {
  if (!status) return skip('pkcs11', 'host');
  const module = status.pkcs11;
  const loadError =
    card && 'error' in card && card.error.code === 'PKCS11_MODULE_LOAD_FAILED' ? card.error : undefined;
  if (loadError) {
    // The file exists, but loading or C_Initialize failed: the reason is what the helpdesk needs.
    const reason =
      typeof loadError.details?.reason === 'string' ? loadError.details.reason : loadError.message;
    const where = `${module?.module ?? (typeof loadError.details?.path === 'string' ? loadError.details.path : '?')} (${module?.source ?? '?'})`;
    return check(
      'pkcs11',
      'fail',
      localText(`${where} laadt niet: ${reason}`, `${where} does not load: ${reason}`),
      {
        fix: FIXES.PKCS11_MODULE_LOAD_FAILED,
        code: 'PKCS11_MODULE_LOAD_FAILED',
        data: {
          module: module?.module,
          source: module?.source,
          reason,
          ...(tried ? { tried: [...tried] } : {}),
        },
      },
    );
  }
  if (module?.module) {
    return check('pkcs11', 'pass', localText(`${module.module} (${module.source ?? '?'})`), {
      data: { module: module.module, source: module.source },
    });
  }
  const triedList = tried?.map((entry) => entry.path).join(', ');
  return check(
    'pkcs11',
    'fail',
    localText(
      `${errorText('PKCS11_MODULE_NOT_FOUND').nl}${triedList ? ` Gezocht: ${triedList}.` : ''}`,
      `${errorText('PKCS11_MODULE_NOT_FOUND').en}${triedList ? ` Looked for: ${triedList}.` : ''}`,
    ),
    {
      // A path someone set that does not exist is a typo to fix, not software to install.
      fix:
        browserOnly && browserOnly.length > 0
          ? FIXES.pkcs11BrowserOnly
          : tried?.some((entry) => entry.source !== 'default')
            ? FIXES.pkcs11PathWrong
            : FIXES.PKCS11_MODULE_NOT_FOUND,
      code: 'PKCS11_MODULE_NOT_FOUND',
      data: {
        ...(module?.error ? { error: module.error } : {}),
        ...(tried ? { tried: [...tried] } : {}),
        ...(browserOnly && browserOnly.length > 0 ? { browserEnvironment: [...browserOnly] } : {}),
      },
    },
  );
}

export function originCheck(origin: OriginInfo | undefined): DiagnosticCheck {
  if (!origin) {
    return check(
      'origin',
      'skip',
      localText(
        'Geen webpagina bekend: open de diagnose vanaf het portaal.',
        'No web page known: open diagnostics from the portal.',
      ),
    );
  }
  if (origin.allowed) {
    return check(
      'origin',
      'pass',
      localText(`${origin.origin} mag de UZI-pas gebruiken.`, `${origin.origin} may use the UZI-pas.`),
      {
        data: { origin: origin.origin },
      },
    );
  }
  if (origin.portal && origin.blockedBy && origin.blockedBy.length > 0) {
    // A ZORG-ID portal the organisation's policy keeps from the card: the registration cannot work.
    const keys = origin.blockedBy.map((entry) => `${entry.key}=${JSON.stringify(entry.value)}`).join(', ');
    return check(
      'origin',
      'fail',
      localText(
        `${origin.origin}: geblokkeerd door het beleid van uw organisatie (${keys}).`,
        `${origin.origin}: blocked by your organisation's policy (${keys}).`,
      ),
      {
        fix: FIXES.originBlockedByPolicy,
        code: 'ORIGIN_NOT_ALLOWED',
        data: { origin: origin.origin, policy: origin.blockedBy.map((entry) => ({ ...entry })) },
      },
    );
  }
  // Not every page needs the card, so this alone never makes the workstation unhealthy.
  return check(
    'origin',
    'warn',
    localText(
      `${origin.origin}: ${ERRORS.ORIGIN_NOT_ALLOWED.nl}`,
      `${origin.origin}: ${ERRORS.ORIGIN_NOT_ALLOWED.en}`,
    ),
    { fix: FIXES.ORIGIN_NOT_ALLOWED, code: 'ORIGIN_NOT_ALLOWED', data: { origin: origin.origin } },
  );
}

export function guideCheck(guide: GuideInfo | undefined): DiagnosticCheck {
  if (!guide) {
    return check(
      'guide',
      'skip',
      localText('De registratiegids is nog niet gestart.', 'The registration guide has not started yet.'),
    );
  }
  const step = DEFAULT_STEP_MAP.steps.find((candidate) => candidate.id === guide.current);
  const data = {
    environment: guide.environment,
    current: guide.current,
    done: guide.done,
    total: guide.total,
  };
  if (!step) {
    return check(
      'guide',
      'pass',
      localText(
        `${guide.done} van ${guide.total} stappen gedaan (${guide.environment}).`,
        `${guide.done} of ${guide.total} steps done (${guide.environment}).`,
      ),
      { data },
    );
  }
  return check(
    'guide',
    'pass',
    localText(
      `Stap ${step.number} van ${guide.total}: ${step.title.nl}; ${guide.done} gedaan (${guide.environment}).`,
      `Step ${step.number} of ${guide.total}: ${step.title.en}; ${guide.done} done (${guide.environment}).`,
    ),
    { data },
  );
}

/** Only these fields of a logged event reach a check or report: never page content. */
const EVENT_FIELDS = [
  'type',
  'event',
  'code',
  'command',
  'step',
  'reader',
  'cardKind',
  'pcscAvailable',
] as const;

export function summariseEvent(entry: EventInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { time: entry.time, source: entry.source };
  const event = entry.event;
  if (typeof event !== 'object' || event === null) return out;
  const record = event as Record<string, unknown>;
  for (const field of EVENT_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[field] = value;
  }
  const error = record.error;
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    out.code = (error as { code: string }).code;
  }
  return out;
}

const isProblemCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' &&
  Object.prototype.hasOwnProperty.call(ERRORS, code) &&
  ['health', 'developer', 'card'].includes(ERRORS[code as ErrorCode].group);

export function eventsCheck(
  events: readonly EventInfo[] | undefined,
  now: Date = new Date(),
): DiagnosticCheck {
  if (!events)
    return check('events', 'skip', localText('Geen gebeurtenissen beschikbaar.', 'No events available.'));
  const last = events.slice(-EVENTS_SHOWN).map(summariseEvent);
  const recentErrors = events
    .map(summariseEvent)
    .filter((entry) => isProblemCode(entry.code))
    .filter((entry) => now.getTime() - Date.parse(String(entry.time)) <= RECENT_ERROR_WINDOW_MS);
  const data = { last };
  if (recentErrors.length === 0) {
    return check(
      'events',
      'pass',
      localText(
        `${events.length} gebeurtenissen, geen recente fouten.`,
        `${events.length} events, no recent errors.`,
      ),
      { data },
    );
  }
  const codes = [...new Set(recentErrors.map((entry) => String(entry.code)))].join(', ');
  return check('events', 'warn', localText(`Recente fouten: ${codes}.`, `Recent errors: ${codes}.`), {
    fix: FIXES.recentErrors,
    data,
  });
}
