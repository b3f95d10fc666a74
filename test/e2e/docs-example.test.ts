// Issue 19: docs/testing.md's example is run as written: the code block marked `docs-example` is
// extracted and run with plain node (no tsx), importing `zorgid-companion/testing` as a tester's
// script does (Node resolves the package's own name from inside it: the compiled dist/).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = path.join(REPO_ROOT, 'docs', 'testing.md');
const runDir = path.join(REPO_ROOT, '.sandbox', 'docs-example');
let folder: string | undefined;

export function docsExample(markdown: string): string {
  const match = /```js docs-example\n([\s\S]*?)\n```/.exec(markdown);
  if (!match?.[1]) throw new Error('docs/testing.md has no ```js docs-example block');
  return match[1];
}

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('docs/testing.md', () => {
  it('its example runs as written, through zorgid-companion/testing', async () => {
    const code = docsExample(readFileSync(DOC, 'utf8'));
    expect(code).toContain("from 'zorgid-companion/testing'");
    mkdirSync(runDir, { recursive: true });
    folder = mkdtempSync(path.join(runDir, 'run-'));
    const script = path.join(folder, 'first-steps.mjs');
    writeFileSync(script, code);
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      cwd: folder,
      timeout: 240_000,
    }).catch((error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`the docs example failed: ${error.message}\n${error.stderr ?? ''}`);
    });
    const last = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      ura?: string;
      completed?: string[];
      current?: string;
    };
    expect(last.ura).toBe('90000001');
    expect(last.completed).toEqual(expect.arrayContaining(['prepare', 'application-form', 'portal-login']));
  }, 300_000);
});
