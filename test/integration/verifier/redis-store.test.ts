// RedisChallengeStore against a real redis-server that this test starts on a free loopback port:
// two verifier processes share one store, and a token redeemed in both at the same moment passes once.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisChallengeStore, createVerifier } from '../../../verifier/index.js';
import { createTestPki, makeAuthToken, type TestPki } from '../../unit/verifier/test-pki.js';

const ORIGIN = 'https://acceptatie.zorg-id.nl';
const WORKER = fileURLToPath(new URL('./redis-worker.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

let work: string;
let redis: ChildProcess;
let redisUrl: string;
let pki: TestPki;
let client: ReturnType<typeof createClient> | undefined;
let store: RedisChallengeStore;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startRedis(): Promise<void> {
  const port = await freePort();
  redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', work],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    redis.once('error', (error) =>
      reject(
        new Error(`redis-server did not start (install it: apt-get install redis-server): ${error.message}`),
      ),
    );
    redis.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    redis.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
  redisUrl = `redis://127.0.0.1:${port}`;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zorgid-redis-'));
  await startRedis();
  pki = await createTestPki();
  client = createClient({ url: redisUrl });
  await client.connect();
  store = new RedisChallengeStore(client);
}, 60_000);

afterAll(async () => {
  await client?.quit();
  redis?.kill('SIGTERM');
  await new Promise<void>((resolve) =>
    redis && redis.exitCode === null ? redis.once('exit', () => resolve()) : resolve(),
  );
  rmSync(work, { recursive: true, force: true });
});

function verifier() {
  return createVerifier({
    trustedCaPems: pki.caPems,
    expectedOrigin: ORIGIN,
    challengeStore: store,
    revocation: { mode: 'off-i-accept-the-risk' },
    allowTestCertificates: true,
  });
}

function worker(jobFile: string): {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<{ ok: boolean; code: string | null }>;
} {
  const child = spawn(TSX, [WORKER, jobFile], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ready: ${stderr}`)));
  });
  const result = new Promise<{ ok: boolean; code: string | null }>((resolve, reject) => {
    child.once('exit', () => {
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { ok: boolean; code: string | null });
      else reject(new Error(`worker gave no result: ${stderr}`));
    });
  });
  return { child, ready, result };
}

describe('RedisChallengeStore (real redis-server)', () => {
  it('ok once, reused after, unknown when never issued', async () => {
    const v = verifier();
    const card = await pki.issueCard();
    const challenge = await v.issueChallenge();
    const token = makeAuthToken(card, ORIGIN, challenge);
    expect((await v.verifyAuthToken(token, challenge)).ok).toBe(true);
    const again = await v.verifyAuthToken(token, challenge);
    expect(again.ok ? 'ACCEPTED' : again.code).toBe('CHALLENGE_REUSED');
    const never = 'n'.repeat(43);
    const unknown = await v.verifyAuthToken(makeAuthToken(card, ORIGIN, never), never);
    expect(unknown.ok ? 'ACCEPTED' : unknown.code).toBe('CHALLENGE_UNKNOWN');
  });

  it('CHALLENGE_EXPIRED past the time limit (TTL kept for the grace period)', async () => {
    let clock = Date.now();
    const v = createVerifier({
      trustedCaPems: pki.caPems,
      expectedOrigin: ORIGIN,
      challengeStore: store,
      revocation: { mode: 'off-i-accept-the-risk' },
      allowTestCertificates: true,
      challengeTtlMs: 1_000,
      now: () => new Date(clock),
    });
    const card = await pki.issueCard();
    const challenge = await v.issueChallenge();
    clock += 2_000;
    const late = await v.verifyAuthToken(makeAuthToken(card, ORIGIN, challenge), challenge);
    expect(late.ok ? 'ACCEPTED' : late.code).toBe('CHALLENGE_EXPIRED');
  });

  it('two verifier processes, one store: a token redeemed in both at once passes exactly once', async () => {
    const card = await pki.issueCard();
    for (let round = 0; round < 3; round++) {
      const challenge = await verifier().issueChallenge();
      const token = makeAuthToken(card, ORIGIN, challenge);
      const jobFile = join(work, `job-${round}.json`);
      writeFileSync(
        jobFile,
        JSON.stringify({ redisUrl, caPems: pki.caPems, origin: ORIGIN, token, sessionChallenge: challenge }),
      );
      const workers = [worker(jobFile), worker(jobFile)];
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.child.stdin?.write('go\n');
      const results = await Promise.all(workers.map((w) => w.result));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => r.code)).toEqual(['CHALLENGE_REUSED']);
    }
  }, 120_000);
});
