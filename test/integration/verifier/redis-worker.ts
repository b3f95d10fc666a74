// One back-end process of the two-process Redis test: connects, says "ready", waits for "go" on stdin,
// redeems the token it was given and prints the outcome as one JSON line.
import { readFileSync } from 'node:fs';
import { createClient } from 'redis';
import { RedisChallengeStore, createVerifier } from '../../../verifier/index.js';

interface Job {
  redisUrl: string;
  caPems: string[];
  origin: string;
  token: unknown;
  sessionChallenge: string;
}

const job = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Job;
const client = createClient({ url: job.redisUrl });
await client.connect();
const verifier = createVerifier({
  trustedCaPems: job.caPems,
  expectedOrigin: job.origin,
  challengeStore: new RedisChallengeStore(client),
  revocation: { mode: 'off-i-accept-the-risk' },
  allowTestCertificates: true,
});
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  void verifier.verifyAuthToken(job.token, job.sessionChallenge).then(async (result) => {
    process.stdout.write(JSON.stringify({ ok: result.ok, code: result.ok ? null : result.code }) + '\n');
    await client.quit();
    process.exit(0);
  });
});
