// Each check from real-shaped host results and CompanionError codes.
import { describe, expect, it } from 'vitest';
import {
  browserCheck,
  browserFromUserAgent,
  cardCheck,
  certificatesCheck,
  diagnose,
  extensionCheck,
  FIXES,
  hostCheck,
  hostInstallationCheck,
  originCheck,
  overallHealth,
  pcscCheck,
  pinCheck,
  pkcs11Check,
  readersCheck,
  CHECK_IDS,
  type DiagnosticCheck,
} from '../../../shared/diagnostics/index.js';
import { ERRORS } from '../../../shared/errors.js';
import { hostErrorCode } from '../../../shared/diagnostics/browser-errors.js';
import {
  CARD_NOT_AFTER,
  FULL_NAME,
  daysBeforeExpiry,
  pinOk,
  readCard,
  READER,
  status,
  WELL_BEFORE_EXPIRY,
  wire,
  workstation,
} from '../../fakes/diagnostics.js';

const GOOD = { status: 'good', method: 'ocsp', tried: [] } as const;
const byId = (checks: DiagnosticCheck[], id: DiagnosticCheck['id']) => checks.find((c) => c.id === id)!;

describe('host and PC/SC checks', () => {
  it('host not installed: fail with the install fix', () => {
    const check = hostCheck({
      error: wire('HOST_NOT_INSTALLED', { reason: 'Specified native messaging host not found.' }),
    });
    expect(check).toMatchObject({ status: 'fail', code: 'HOST_NOT_INSTALLED' });
    expect(check.fix?.nl).toMatch(/install-host/);
  });

  it('incompatible protocol from the hello: fail, naming which side to update', () => {
    const older = hostCheck({ hello: { version: '0.0.9', protocol: 0 } });
    expect(older).toMatchObject({ status: 'fail', code: 'HOST_INCOMPATIBLE', fix: FIXES.updateHost });
    const newer = hostCheck({ hello: { version: '9.0.0', protocol: 99 } });
    expect(newer.fix).toEqual(FIXES.updateExtension);
    expect(hostCheck({ error: wire('HOST_INCOMPATIBLE') })).toMatchObject({
      status: 'fail',
      code: 'HOST_INCOMPATIBLE',
    });
  });

  it('host answering with the same protocol passes with its version', () => {
    const check = hostCheck({ hello: { version: '0.1.0', protocol: 1 }, status: status() });
    expect(check.status).toBe('pass');
    expect(check.detail.nl).toContain('0.1.0');
  });

  it('pcscd down: fail, and readers/card are skipped rather than failed twice', () => {
    const down = status({ pcsc: { available: false, error: 'SCardEstablishContext' }, readers: [] });
    expect(pcscCheck(down)).toMatchObject({ status: 'fail', code: 'PCSC_UNAVAILABLE' });
    expect(pcscCheck(down).fix?.nl).toMatch(/smartcardservice/i);
    expect(readersCheck(down).status).toBe('skip');
    expect(cardCheck(down).status).toBe('skip');
  });

  it('no reader: fail with the power/USB fix', () => {
    const none = status({ readers: [] });
    const check = readersCheck(none);
    expect(check).toMatchObject({ status: 'fail', code: 'NO_READER' });
    expect(check.fix?.nl).toMatch(/USB/);
    expect(cardCheck(none).status).toBe('skip');
  });

  it('readers list names and pinpad when known', () => {
    const check = readersCheck(status(), { result: pinOk({ pinpad: true }) });
    expect(check.status).toBe('pass');
    expect(check.detail.nl).toContain(READER);
    expect(check.detail.nl).toContain('met pinpad');
    expect(check.data).toMatchObject({ readers: [{ readerName: READER, pinpad: true }] });
  });
});

describe('card checks', () => {
  it('no card in the reader: fail with "steek uw UZI-pas"', () => {
    const check = cardCheck(status({ readers: [{ name: READER, cardPresent: false }] }));
    expect(check).toMatchObject({ status: 'fail', code: 'NO_CARD' });
    expect(check.fix?.nl).toMatch(/Steek uw UZI-pas/);
  });

  it('an unknown card (not a UZI-pas) fails', () => {
    const unknown = status({
      readers: [{ name: READER, cardPresent: true, atr: '3B00', cardKind: 'unknown' }],
    });
    expect(cardCheck(unknown)).toMatchObject({ status: 'fail', code: 'NOT_A_UZI_CARD' });
    expect(cardCheck(status(), { error: wire('NOT_A_UZI_CARD') })).toMatchObject({
      status: 'fail',
      code: 'NOT_A_UZI_CARD',
    });
  });

  it('Z and N cards pass, naming the card type; data masks the holder and UZI number', () => {
    for (const type of ['Z', 'N'] as const) {
      const check = cardCheck(status(), { result: readCard(type) });
      expect(check.status).toBe('pass');
      expect(check.detail.nl).toContain(`(${type})`);
    }
    const data = cardCheck(status(), { result: readCard('N') }).data!;
    expect(data.uziNumber).toBe('******528');
    expect(data.holder).toBe('**************548');
    expect(data.ura).toBe('90000382');
  });

  it('an M card fails for registration with the Z/N fix', () => {
    const check = cardCheck(status(), { result: readCard('M') });
    expect(check).toMatchObject({ status: 'fail', code: 'UNSUPPORTED_CARD' });
    expect(check.fix?.nl).toMatch(/zorgverlenerpas \(Z\) of medewerkerpas op naam \(N\)/);
  });
});

describe('certificates', () => {
  it('valid: pass with date, days left, issuer, URA, organisation and role', () => {
    const check = certificatesCheck({ result: readCard() }, WELL_BEFORE_EXPIRY, GOOD);
    expect(check.status).toBe('pass');
    expect(check.detail.nl).toMatch(/Niet ingetrokken \(OCSP\)/);
    expect(check.detail.nl).toContain(CARD_NOT_AFTER.toISOString().slice(0, 10));
    expect(check.detail.nl).toMatch(/nog 365 dagen/);
    expect(check.detail.nl).toContain('TEST UZI-register Zorgverlener CA');
    expect(check.detail.nl).toContain('90000382');
    expect(check.detail.nl).toContain('Huisarts');
  });

  it('fewer than 30 days left: warn; expired: fail', () => {
    expect(certificatesCheck({ result: readCard() }, daysBeforeExpiry(10)).status).toBe('warn');
    const expired = certificatesCheck({ result: readCard() }, daysBeforeExpiry(-1));
    expect(expired).toMatchObject({ status: 'fail', code: 'CERTIFICATE_EXPIRED' });
    expect(expired.fix?.nl).toMatch(/UZI-register/);
  });

  it('skipped without a card', () => {
    expect(certificatesCheck(undefined).status).toBe('skip');
  });
});

describe('PIN, module, origin', () => {
  it('blocked PIN fails; final try warns; known tries pass', () => {
    expect(pinCheck({ result: pinOk({ blocked: true, triesLeft: 0 }) })).toMatchObject({
      status: 'fail',
      code: 'PIN_BLOCKED',
    });
    expect(pinCheck({ error: wire('PIN_BLOCKED') })).toMatchObject({ status: 'fail', code: 'PIN_BLOCKED' });
    expect(pinCheck({ result: pinOk({ finalTry: true, triesLeft: null }) })).toMatchObject({
      status: 'warn',
    });
    const ok = pinCheck({ result: pinOk({ triesLeft: 3 }) });
    expect(ok.status).toBe('pass');
    expect(ok.detail.nl).toContain('nog 3 pogingen');
  });

  it('PKCS#11 module missing: fail listing what was tried', () => {
    const check = pkcs11Check(status({ pkcs11: { error: 'PKCS11_MODULE_NOT_FOUND' } }), [
      { path: '/usr/lib/libaetpkss.so.3', source: 'default' },
    ]);
    expect(check).toMatchObject({ status: 'fail', code: 'PKCS11_MODULE_NOT_FOUND' });
    expect(check.detail.nl).toContain('/usr/lib/libaetpkss.so.3');
    expect(check.fix?.nl).toMatch(/SafeSign/);
    expect(pkcs11Check(status()).status).toBe('pass');
    // The card itself is then not blamed a second time.
    expect(cardCheck(status(), { error: wire('PKCS11_MODULE_NOT_FOUND') }).status).toBe('skip');
  });

  it('origin not allowed: warn with the allowedOrigins fix; allowed passes; unknown skips', () => {
    const check = originCheck({ origin: 'https://example.org', allowed: false });
    expect(check).toMatchObject({ status: 'warn', code: 'ORIGIN_NOT_ALLOWED' });
    expect(check.detail.nl).toContain(ERRORS.ORIGIN_NOT_ALLOWED.nl);
    expect(check.fix?.nl).toMatch(/allowedOrigins/);
    expect(originCheck({ origin: 'https://productie.zorg-id.nl', allowed: true }).status).toBe('pass');
    expect(originCheck(undefined).status).toBe('skip');
  });
});

describe('browser, extension and host installation', () => {
  it('reads Chromium and Firefox versions and fails below the minimum', () => {
    const chromium = browserFromUserAgent(
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36',
      [
        { brand: 'Chromium', version: '131' },
        { brand: 'Not_A Brand', version: '24' },
      ],
    );
    expect(chromium).toMatchObject({ product: 'Chromium', version: '131.0.6778.85' });
    expect(browserCheck(chromium).status).toBe('pass');
    const edge = browserFromUserAgent('… Chrome/100.0.1.2 …', [
      { brand: 'Microsoft Edge', version: '100' },
      { brand: 'Chromium', version: '100' },
    ]);
    expect(edge.product).toBe('Microsoft Edge');
    expect(browserCheck(edge).status).toBe('fail');
    expect(
      browserFromUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'),
    ).toMatchObject({ product: 'Firefox', version: '128.0' });
  });

  it('lists settings enforced by policy and warns about invalid policy values', () => {
    expect(extensionCheck({ version: '0.1.0', enforced: ['helpdesk'], problems: [] })).toMatchObject({
      status: 'pass',
    });
    const bad = extensionCheck({
      version: '0.1.0',
      enforced: [],
      problems: ['policy.logLevel: verwacht een van / expected one of debug'],
    });
    expect(bad.status).toBe('warn');
    expect(bad.detail.nl).toContain('policy.logLevel');
    expect(bad.fix).toEqual(FIXES.policyInvalid);
  });

  it('a manifest with a wrong id fails for that browser; another scope that is fine passes', () => {
    const wrong = {
      browser: 'chromium',
      scope: 'user',
      path: '/h/x.json',
      ok: false,
      problems: ['allowed_origins moet precies …'],
    };
    expect(hostInstallationCheck([wrong])).toMatchObject({ status: 'fail', code: 'HOST_FORBIDDEN' });
    expect(hostInstallationCheck([wrong]).detail.nl).toContain('allowed_origins');
    expect(hostInstallationCheck([wrong, { ...wrong, scope: 'system', ok: true, problems: [] }]).status).toBe(
      'pass',
    );
    expect(hostInstallationCheck([]).status).toBe('fail');
  });
});

describe('all checks together', () => {
  it('runs every browser-side check in order; overall is the worst status', () => {
    const result = diagnose(workstation('browser'));
    expect(result.checks.map((c) => c.id)).toEqual(
      CHECK_IDS.filter((id) => id !== 'host-installation' && id !== 'policy'),
    );
    expect(result.overall).toBe('pass');
    expect(byId(result.checks, 'guide').detail.nl).toMatch(/Stap 4 van 9: ZORG-ID app installeren/);
    // Reader names are not personal data: they survive the scrubbing of names.
    expect(byId(result.checks, 'readers').detail.nl).toContain(READER);
    expect(JSON.stringify(result)).not.toContain(FULL_NAME);

    const failing = diagnose({ context: 'browser', host: { error: wire('HOST_NOT_INSTALLED') } });
    expect(failing.overall).toBe('fail');
    expect(byId(failing.checks, 'pcsc').status).toBe('skip');
    expect(overallHealth([{ status: 'pass' }, { status: 'warn' }, { status: 'skip' }])).toBe('warn');
    expect(overallHealth([{ status: 'skip' }])).toBe('pass');
  });

  it('terminal context: host manifests instead of browser, page and guide', () => {
    const result = diagnose({
      context: 'terminal',
      hostInstallation: [],
      host: { hello: { version: '0.1.0', protocol: 1 }, status: status() },
    });
    expect(result.checks.map((c) => c.id)).toEqual([
      'host-installation',
      'host',
      'pcsc',
      'readers',
      'card',
      'certificates',
      'pin',
      'pkcs11',
    ]);
  });

  it('recent health errors in the event log warn; old ones do not', () => {
    const now = new Date('2030-01-01T12:00:00Z');
    const recent = {
      time: '2030-01-01T11:59:00Z',
      source: 'worker',
      event: { event: 'readCard', code: 'TIMEOUT', pageText: 'secret page' },
    };
    const result = diagnose({
      context: 'browser',
      now,
      host: { error: wire('HOST_NOT_INSTALLED') },
      events: [recent],
    });
    const events = byId(result.checks, 'events');
    expect(events.status).toBe('warn');
    expect(JSON.stringify(events)).not.toContain('secret page');
    const old = { ...recent, time: '2029-12-31T11:00:00Z' };
    expect(byId(diagnose({ context: 'browser', now, host: {}, events: [old] }).checks, 'events').status).toBe(
      'pass',
    );
  });
});

describe('faults that must never read as fine', () => {
  it('revoked certificate: fail with CERTIFICATE_REVOKED, naming the method and date', () => {
    const check = certificatesCheck({ result: readCard() }, WELL_BEFORE_EXPIRY, {
      status: 'revoked',
      method: 'ocsp',
      revokedAt: '2025-01-02T03:04:05.000Z',
    });
    expect(check).toMatchObject({ status: 'fail', code: 'CERTIFICATE_REVOKED' });
    expect(check.detail.nl).toMatch(/Ingetrokken \(OCSP, 2025-01-02\)/);
    expect(check.fix?.nl).toMatch(/nieuwe pas/);
  });

  it('revocation not checked (no answer, or not asked): a warning with the reason, never a pass', () => {
    const unknown = certificatesCheck({ result: readCard() }, WELL_BEFORE_EXPIRY, {
      status: 'unknown',
      reason: 'HTTP 503',
    });
    expect(unknown).toMatchObject({ status: 'warn', fix: FIXES.revocationUnknown });
    expect(unknown.detail.en).toMatch(/Revocation not checked \(HTTP 503\)/);
    expect(certificatesCheck({ result: readCard() }, WELL_BEFORE_EXPIRY).status).toBe('warn');
  });

  it('module that exists but does not load: the pkcs11 check fails with the reason, the card check skips', () => {
    const loadFailed = {
      error: wire('PKCS11_MODULE_LOAD_FAILED', { path: '/etc/hostname', reason: 'invalid ELF header' }),
    };
    const st = status({ pkcs11: { module: '/etc/hostname', source: 'env' } });
    const check = pkcs11Check(st, undefined, loadFailed);
    expect(check).toMatchObject({ status: 'fail', code: 'PKCS11_MODULE_LOAD_FAILED' });
    expect(check.detail.nl).toContain('invalid ELF header');
    expect(check.detail.nl).toContain('/etc/hostname (env)');
    expect(cardCheck(st, loadFailed).status).toBe('skip');
    const result = diagnose({ context: 'terminal', host: { status: st }, card: loadFailed });
    expect(result).toMatchObject({ overall: 'fail', problem: 'pkcs11' });
  });

  it('a configured module path that does not exist points at the setting, not at installing SafeSign', () => {
    const st = status({ pkcs11: { error: 'PKCS11_MODULE_NOT_FOUND' } });
    const set = pkcs11Check(st, [
      { path: '/opt/wrong.so', source: 'env' },
      { path: '/usr/lib/libaetpkss.so.3', source: 'default' },
    ]);
    expect(set.fix).toEqual(FIXES.pkcs11PathWrong);
    const none = pkcs11Check(st, [{ path: '/usr/lib/libaetpkss.so.3', source: 'default' }]);
    expect(none.fix).toEqual(FIXES.PKCS11_MODULE_NOT_FOUND);
  });

  it('a portal blocked by policy fails and names the policy value; another page only warns', () => {
    const blocked = originCheck({
      origin: 'http://127.0.0.1:4410',
      allowed: false,
      portal: true,
      blockedBy: [{ key: 'sandboxAllowed', value: false }],
    });
    expect(blocked).toMatchObject({
      status: 'fail',
      code: 'ORIGIN_NOT_ALLOWED',
      fix: FIXES.originBlockedByPolicy,
    });
    expect(blocked.detail.nl).toContain('sandboxAllowed=false');
    expect(originCheck({ origin: 'https://example.org', allowed: false }).status).toBe('warn');
  });

  it('the verdict names the first failing check in the fixed order, else the first warning', () => {
    const result = diagnose({
      context: 'browser',
      now: WELL_BEFORE_EXPIRY,
      host: { hello: { version: '0.1.0', protocol: 1 }, status: status() },
      card: { result: readCard() },
      pin: { result: { ...pinOk(), triesLeft: 1, finalTry: true } },
      revocation: GOOD,
      origin: {
        origin: 'http://127.0.0.1:4410',
        allowed: false,
        portal: true,
        blockedBy: [{ key: 'sandboxAllowed', value: false }],
      },
    });
    expect(result).toMatchObject({ overall: 'fail', problem: 'origin' });
    const warnOnly = diagnose({
      context: 'browser',
      now: WELL_BEFORE_EXPIRY,
      host: { hello: { version: '0.1.0', protocol: 1 }, status: status() },
      card: { result: readCard() },
      pin: { result: { ...pinOk(), triesLeft: 1, finalTry: true } },
      revocation: GOOD,
    });
    expect(warnOnly).toMatchObject({ overall: 'warn', problem: 'pin' });
  });
});

describe("the browser's native messaging errors, one cause each", () => {
  it('maps Chromium and Firefox strings to their own codes and fixes', () => {
    const cases: [string, string][] = [
      ['Specified native messaging host not found.', 'HOST_NOT_INSTALLED'],
      ['No such native application nl.zorgid_companion.host', 'HOST_NOT_INSTALLED'],
      ['Access to the specified native messaging host is forbidden.', 'HOST_FORBIDDEN'],
      ['Native host has exited.', 'HOST_EXITED'],
      ['Error when communicating with the native messaging host.', 'HOST_OUTPUT_INVALID'],
      ['something else', 'HOST_DISCONNECTED'],
    ];
    for (const [message, code] of cases) expect(hostErrorCode(message), message).toBe(code);
    const exited = hostCheck({ error: wire('HOST_EXITED') });
    expect(exited).toMatchObject({ status: 'fail', code: 'HOST_EXITED', fix: FIXES.HOST_EXITED });
    expect(exited.fix?.nl).toMatch(/Opnieuw proberen helpt niet/);
    expect(hostCheck({ error: wire('HOST_FORBIDDEN') }).fix?.en).toMatch(/allowed_origins/);
  });
});
