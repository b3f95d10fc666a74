// Reading vitest's JSON reports for the end of `npm test`'s output.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../testing/lib/paths.js';

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    assertionResults: { status: string; fullName: string; failureMessages?: string[] }[];
  }[];
}

const ESCAPE = String.fromCharCode(0x1b);
const COLOUR_CODES = new RegExp(`${ESCAPE}\\[[0-9;]*m`, 'g');

/** The reports that exist and parse: a missing one means its step failed visibly already. */
function readReports(reportFiles: string[]): JsonReport[] {
  const reports: JsonReport[] = [];
  for (const reportFile of reportFiles) {
    try {
      reports.push(JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport);
    } catch {
      // the tier did not run or crashed before writing
    }
  }
  return reports;
}

export function countResults(reportFiles: string[]): { passed: number; failed: number; skipped: number } {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const report of readReports(reportFiles)) {
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  return totals;
}

/**
 * CI keeps only the end of the output: each failed test there in a few lines (file, name, the
 * first lines of its error), so that a red run can be understood without the full log.
 */
export function failureDigest(reportFiles: string[], linesPerFailure = 4): string[] {
  const lines: string[] = [];
  for (const report of readReports(reportFiles)) {
    for (const file of report.testResults) {
      for (const test of file.assertionResults.filter((result) => result.status === 'failed')) {
        const message = (test.failureMessages?.[0] ?? '')
          .replace(COLOUR_CODES, '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .slice(0, linesPerFailure)
          .map((line) => `      ${line.slice(0, 240)}`);
        lines.push(`  ${path.relative(REPO_ROOT, file.name)} > ${test.fullName}`, ...message);
      }
    }
  }
  return lines;
}
