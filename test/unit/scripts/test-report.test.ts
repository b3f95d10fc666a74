import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../testing/lib/paths.js';
import { countResults, failureDigest } from '../../../scripts/lib/test-report.js';

const dir = mkdtempSync(path.join(tmpdir(), 'zorgid-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('failureDigest', () => {
  it('lists each failed test with the first lines of its error, without colour codes', () => {
    const file = report('system.json', {
      testResults: [
        {
          name: path.join(REPO_ROOT, 'test/e2e/faults.test.ts'),
          assertionResults: [
            { status: 'passed', fullName: 'faults works', failureMessages: [] },
            {
              status: 'failed',
              fullName: 'faults keeps progress',
              failureMessages: [
                '\u001b[31mError: Target closed\u001b[39m\n\n    at a\n    at b\n    at c\n    at d',
              ],
            },
          ],
        },
      ],
    });
    expect(failureDigest([file])).toEqual([
      '  test/e2e/faults.test.ts > faults keeps progress',
      '      Error: Target closed',
      '      at a',
      '      at b',
      '      at c',
    ]);
  });

  it('cuts long lines and skips missing or broken reports', () => {
    const long = report('unit.json', {
      testResults: [
        {
          name: path.join(REPO_ROOT, 'test/unit/x.test.ts'),
          assertionResults: [{ status: 'failed', fullName: 'x', failureMessages: ['y'.repeat(1000)] }],
        },
      ],
    });
    const broken = report('broken.json', '{"testResults": [');
    const digest = failureDigest([path.join(dir, 'missing.json'), broken, long]);
    expect(digest).toHaveLength(2);
    expect(digest[1]).toBe(`      ${'y'.repeat(240)}`);
  });

  it('is empty when everything passed', () => {
    const file = report('ok.json', {
      testResults: [
        { name: path.join(REPO_ROOT, 'a.test.ts'), assertionResults: [{ status: 'passed', fullName: 'a' }] },
      ],
    });
    expect(failureDigest([file])).toEqual([]);
  });
});

describe('countResults', () => {
  it('adds up the reports that exist, skipped and todo together', () => {
    const counts = (passed: number, failed: number, pending: number, todo: number) => ({
      numPassedTests: passed,
      numFailedTests: failed,
      numPendingTests: pending,
      numTodoTests: todo,
      testResults: [],
    });
    const files = [report('a.json', counts(5, 1, 2, 0)), report('b.json', counts(7, 0, 0, 1))];
    expect(countResults([...files, path.join(dir, 'missing.json')])).toEqual({
      passed: 12,
      failed: 1,
      skipped: 3,
    });
  });
});
