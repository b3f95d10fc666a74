// All checks in their fixed order, and the workstation's health: the worst status.
import {
  browserCheck,
  cardCheck,
  certificatesCheck,
  eventsCheck,
  extensionCheck,
  guideCheck,
  hostCheck,
  hostInstallationCheck,
  originCheck,
  pcscCheck,
  pinCheck,
  pkcs11Check,
  readersCheck,
} from './checks.js';
import { collectSensitive, scrubStrings } from './scrub.js';
import type { CheckStatus, DiagnosticCheck, DiagnosticsInput, DiagnosticsResult, Health } from './types.js';

const SEVERITY: Readonly<Record<CheckStatus, number>> = { skip: 0, pass: 0, warn: 1, fail: 2 };
const HEALTH_BY_SEVERITY: readonly Health[] = ['pass', 'warn', 'fail'];

export function overallHealth(checks: readonly Pick<DiagnosticCheck, 'status'>[]): Health {
  const worst = checks.reduce((max, item) => Math.max(max, SEVERITY[item.status]), 0);
  return HEALTH_BY_SEVERITY[worst] ?? 'fail';
}

/** The check the verdict is about: the first failure in check order, else the first warning. */
export function firstProblem<T extends Pick<DiagnosticCheck, 'status'>>(checks: readonly T[]): T | undefined {
  return checks.find((item) => item.status === 'fail') ?? checks.find((item) => item.status === 'warn');
}

export function runChecks(input: DiagnosticsInput): DiagnosticCheck[] {
  const now = input.now ?? new Date();
  const status = input.host.status;
  // From a terminal there is no browser, extension, page or guide: the host manifests instead.
  const terminal = input.context === 'terminal';
  const checks = [
    terminal ? undefined : browserCheck(input.browser),
    terminal ? undefined : extensionCheck(input.extension),
    terminal ? hostInstallationCheck(input.hostInstallation) : undefined,
    hostCheck(input.host),
    pcscCheck(status),
    readersCheck(status, input.pin),
    cardCheck(status, input.card),
    certificatesCheck(input.card, now, input.revocation),
    pinCheck(input.pin),
    pkcs11Check(status, input.pkcs11Tried, input.card, input.pkcs11BrowserOnly),
    terminal ? undefined : originCheck(input.origin),
    terminal ? undefined : guideCheck(input.guide),
    terminal ? undefined : eventsCheck(input.events, now),
  ];
  return checks.filter((item): item is DiagnosticCheck => item !== undefined);
}

export function diagnose(input: DiagnosticsInput): DiagnosticsResult {
  // Whatever the input holds under personal or secret keys (the card's names and UZI number, a
  // PIN in wrong details) is masked or removed wherever a check copied it into text.
  const checks = scrubStrings(runChecks(input), collectSensitive(input));
  const problem = firstProblem(checks);
  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    overall: overallHealth(checks),
    ...(problem ? { problem: problem.id } : {}),
    checks,
  };
}
