// The shipped command line, run as a user would after installing the host package: from a temp
// folder, with no checkout anywhere near it. Reproduces issue 14: `policy` crashed with ENOENT on
// the repository's manifest.json, read at import.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPackages } from '../../../scripts/deploy/package.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zorgid-standalone-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the packaged host CLI without a checkout', () => {
  it('policy writes into --out and prints no stack trace', () => {
    const out = path.join(tmp, 'packages');
    const result = buildPackages({ outDir: out });
    const unpacked = path.join(tmp, 'unpacked');
    spawnSync('mkdir', ['-p', unpacked]);
    spawnSync('tar', ['-xzf', result.hostTarball, '-C', unpacked]);
    const [root] = readdirSync(unpacked);
    const cli = path.join(unpacked, root!, 'bin', 'zorgid-companion.js');
    const policyOut = path.join(tmp, 'policy');
    const run = spawnSync(process.execPath, [cli, 'policy', 'chrome', '--os', 'linux', '--out', policyOut], {
      cwd: tmp,
      encoding: 'utf8',
    });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(0);
    expect(readdirSync(policyOut).length).toBeGreaterThan(0);
  });
});
