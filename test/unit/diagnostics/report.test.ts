// The support report: masked names and UZI numbers, never a PIN, a reference code of the documented shape.
import { describe, expect, it } from 'vitest';
import {
  buildSupportReport,
  diagnose,
  referenceCode,
  REFERENCE_PATTERN,
  SUPPORT_REPORT_FORMAT,
  type DiagnosticsResult,
} from '../../../shared/diagnostics/index.js';
import {
  FULL_NAME,
  GIVEN_NAME,
  pinOk,
  readCard,
  status,
  SURNAME,
  UZI_NUMBER,
  WELL_BEFORE_EXPIRY,
  wire,
  workstation,
} from '../../fakes/diagnostics.js';

const PIN = '482916';

function fullResult(): DiagnosticsResult {
  const result = diagnose(
    workstation('browser', {
      extension: { version: '0.1.0', enforced: ['helpdesk'], problems: [] },
      revocation: undefined,
      guide: undefined,
      // A PIN wrongly put into error details and message: must still not reach the report.
      pin: {
        error: {
          ...wire('PIN_INCORRECT', { pin: PIN, holder: FULL_NAME }),
          message: `pin: ${PIN} rejected for ${FULL_NAME} (UZI ${UZI_NUMBER})`,
        },
      },
      events: [
        {
          time: WELL_BEFORE_EXPIRY.toISOString(),
          source: 'worker',
          event: { event: 'sign', pin: PIN, givenName: GIVEN_NAME, code: 'PIN_INCORRECT' },
        },
      ],
    }),
  );
  // A PIN copied into a check's free text after the checks ran: the report still removes it.
  result.checks.push({ ...result.checks[0]!, detail: { nl: `pincode ${PIN}`, en: `PIN: ${PIN}` } });
  return result;
}

describe('support report', () => {
  const report = buildSupportReport({
    result: fullResult(),
    context: 'browser',
    helpdesk: { name: 'ICT-servicedesk', phone: '+31 30 123 4567' },
    now: new Date('2030-01-01T12:00:00Z'),
    random: 42,
  });
  const json = JSON.stringify(report.json);

  it('has a reference code of the documented shape, in text and JSON', () => {
    expect(report.reference).toMatch(REFERENCE_PATTERN);
    expect(report.json.reference).toBe(report.reference);
    expect(report.text).toContain(report.reference);
    expect(report.json.format).toBe(SUPPORT_REPORT_FORMAT);
    const codes = new Set(Array.from({ length: 200 }, (_, i) => referenceCode(new Date(0), i)));
    expect(codes.size).toBeGreaterThan(195);
    for (const code of codes) expect(code).toMatch(/^ZC-[0-9A-HJKMNP-TV-Z]{6}$/);
  });

  it('masks the UZI number and names (last 3 kept), in text and JSON', () => {
    for (const output of [report.text, json]) {
      expect(output).not.toContain(UZI_NUMBER);
      expect(output).not.toContain(FULL_NAME);
      expect(output).not.toContain(SURNAME);
      expect(output).toContain('******528');
      expect(output).toContain('548');
    }
    expect(report.text).toMatch(/uziNumber=\*{6}528/);
  });

  it('never contains the PIN, even when it was passed in details or text', () => {
    expect(report.text).not.toContain(PIN);
    expect(json).not.toContain(PIN);
  });

  it('keeps URA, organisation, role and the helpdesk; Dutch text with per-check status', () => {
    expect(report.text).toContain('90000382');
    expect(report.text).toContain('Huisarts');
    expect(report.text).toContain('ICT-servicedesk');
    expect(report.text).toMatch(/^ZORG-ID Companion – supportrapport/);
    expect(report.text).toMatch(/\[ OK \] Kaart: UZI-pas, zorgverlenerpas \(Z\)/);
    expect(report.json.overall).toBe('warn');
    const parsed = JSON.parse(json) as { checks: { id: string; status: string }[] };
    expect(parsed.checks.find((c) => c.id === 'pin')?.status).toBe('warn');
  });

  it('a card holder that is fine keeps nothing but masked identity in the JSON', () => {
    const clean = buildSupportReport({
      result: diagnose(
        workstation('terminal', { host: { status: status() }, card: { result: readCard('N') } }),
      ),
      context: 'terminal',
    });
    const text = JSON.stringify(clean.json);
    expect(text).not.toContain(UZI_NUMBER);
    expect(text).not.toContain(GIVEN_NAME + ' ');
    expect(clean.json.checks.find((c) => c.id === 'card')?.data).toMatchObject({
      uziNumber: '******528',
      ura: '90000382',
    });
  });
});

describe('a report a second line can act on', () => {
  it('text carries the lists (readers, events, settings with source), local time with offset, the verdict', () => {
    const result = diagnose({
      context: 'browser',
      now: WELL_BEFORE_EXPIRY,
      extension: {
        version: '0.1.0',
        enforced: ['sandboxAllowed'],
        problems: [],
        settings: [
          { key: 'sandboxAllowed', value: false, source: 'policy' },
          { key: 'language', value: 'auto', source: 'default' },
        ],
      },
      host: { hello: { version: '0.1.0', protocol: 1 }, status: status() },
      card: { result: readCard() },
      pin: { result: pinOk() },
      revocation: { status: 'good', method: 'ocsp', tried: [] },
      events: [
        {
          time: WELL_BEFORE_EXPIRY.toISOString(),
          source: 'host',
          event: { type: 'connect-failed', code: 'HOST_EXITED' },
        },
      ],
    });
    const report = buildSupportReport({
      result,
      context: 'browser',
      now: WELL_BEFORE_EXPIRY,
      workstation: { os: 'Linux 6.1', hostName: 'werkplek-12', hostLauncher: '/opt/zorgid/host.sh' },
    });
    expect(report.text).toMatch(/Lokale tijd: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d/);
    expect(report.text).toContain('sandboxAllowed=false (policy)');
    expect(report.text).toMatch(/readers:\n\s+- readerName=/);
    expect(report.text).toMatch(/last:\n\s+- time=.*source=host.*code=HOST_EXITED/);
    expect(report.text).toContain('hostLauncher: /opt/zorgid/host.sh');
    expect(report.text).toMatch(/Oorzaak: Laatste gebeurtenissen/);
    expect(report.json.problem).toBe('events');
  });

  it('--lang en: no Dutch marks or labels in the English text', () => {
    const result = diagnose({ context: 'terminal', host: { error: wire('HOST_EXITED') } });
    const report = buildSupportReport({ result, context: 'terminal', lang: 'en' });
    expect(report.text).toMatch(/^\[FAIL\] Card helper: /m);
    expect(report.text).not.toMatch(/\[FOUT\]|\[LET \]|Wat nu|Gegevens|Lokale tijd|supportrapport/);
    expect(report.text).toMatch(/What to do: Retrying does not help/);
  });
});
