// `npm start` as the README promises it on a machine without a display: it builds, starts the
// sandbox, finds the virtual UZI-pas through the whole chain, saves two screenshots, and stops
// exactly the processes it started. Runs `scripts/start.ts --once` (what `npm start` runs after
// setting up packages) in the rig tier, because it starts its own pcscd; the test run holds the
// machine's sandbox lock, so it tells start.ts not to take it (ZORGID_SANDBOX_LOCK_HELD).
//   npx tsx test/helpers/run-rig.ts -- npx vitest run --project rig test/integration/card/npm-start.test.ts
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const SCREENSHOTS = path.join(REPO_ROOT, '.sandbox', 'screenshots');
const START_DEADLINE_MS = 150_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function runStart(): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ZORGID_SANDBOX_LOCK_HELD: '1' };
  delete env.DISPLAY;
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['scripts/start.ts', '--once'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    // A start that hangs (it did, on a screenshot of a background tab) fails here, not by time-out.
    const deadline = setTimeout(() => {
      output += `\n[test] npm start did not end within ${START_DEADLINE_MS} ms: stopped with SIGINT`;
      child.kill('SIGINT');
    }, START_DEADLINE_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, output });
    });
  });
}

describe('npm start (headless, --once)', () => {
  it('shows the card found, saves both screenshots and leaves no process behind', async () => {
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    const { code, output } = await runStart();
    expect(code, output).toBe(0);
    expect(output).toContain('Kaartstatus / card status: UZI-pas gevonden.');
    expect(output).toMatch(/portaal acceptatie\s+http:\/\/127\.0\.0\.1:4410\/portal/);
    for (const name of ['kaartstatus.png', 'portaal.png']) {
      const png = readFileSync(path.join(SCREENSHOTS, name));
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE), name).toBe(true);
      expect(png.length, name).toBeGreaterThan(10_000);
    }
    const pids = [...output.matchAll(/\[sandbox\] (?:pcscd|card daemon) pid (\d+)/g)].map((match) =>
      Number(match[1]),
    );
    expect(pids).toHaveLength(2);
    expect(pids.filter(alive)).toEqual([]);
  }, 240_000);
});
