// The back-end verifier: verifications per second on one core (full checks, OCSP answered from the
// verifier's cache) beside the raw signature + chain checks alone, and the challenge store's memory per
// live challenge and consume time with many live challenges beside few.
import { X509Certificate, createPrivateKey, sign, verify } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../testing/lib/paths.js';
import { sandboxPki } from '../../sandbox/card/pki-profiles.js';
import { createRevocationService } from '../../sandbox/pki/revocation-service.js';
import { AUTH_TOKEN_ALGORITHM, AUTH_TOKEN_FORMAT } from '../../shared/protocol/token.js';
import { MemoryChallengeStore, authSignedData, createVerifier, newChallenge } from '../../verifier/index.js';
import { makeFigure, type Figure } from './stats.js';

const ORIGIN = 'http://127.0.0.1:4410';
const BATCHES = 7;
const PER_BATCH = 200;
const LIVE_MANY = 200_000;
const LIVE_FEW = 1_000;
const CONSUMES = 20_000;

async function body(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function throughput(): Promise<Figure> {
  const pki = await sandboxPki();
  const service = createRevocationService(pki);
  const server = createServer((req, res) => {
    void body(req).then((der) =>
      res.writeHead(200, { 'Content-Type': 'application/ocsp-response' }).end(Buffer.from(service.ocsp(der))),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const responderUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp`;
  try {
    const auth = pki.card('zorgverlener').authentication;
    const key = createPrivateKey(auth.privateKeyPem);
    const certificate = auth.certificateDer.toString('base64');
    const verifier = createVerifier({
      trustedCaPems: [pki.chainPem()],
      expectedOrigin: ORIGIN,
      challengeStore: new MemoryChallengeStore(),
      revocation: { ocsp: { responderUrl } },
      allowTestCertificates: true,
    });
    // Tokens signed beforehand: the card's signing is not the verifier's cost.
    const tokens = async (n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) {
        const challenge = await verifier.issueChallenge();
        const signature = sign('sha256', authSignedData(ORIGIN, challenge), key).toString('base64');
        const token = {
          format: AUTH_TOKEN_FORMAT,
          algorithm: AUTH_TOKEN_ALGORITHM,
          certificate,
          signature,
          origin: ORIGIN,
          challenge,
        };
        out.push({ token, challenge });
      }
      return out;
    };
    const warm = (await tokens(1))[0]!;
    const first = await verifier.verifyAuthToken(warm.token, warm.challenge); // fills the OCSP cache
    if (!first.ok) throw new Error(`bench token refused: ${first.code}`);

    const full: number[] = [];
    const raw: number[] = [];
    const issuer = new X509Certificate(pki.cas.zorgverlener.certificateDer);
    const chain = [issuer, new X509Certificate(pki.cas.persoon.certificateDer)];
    for (let b = 0; b < BATCHES; b++) {
      const batch = await tokens(PER_BATCH);
      let t = performance.now();
      for (const { token, challenge } of batch) {
        const result = await verifier.verifyAuthToken(token, challenge);
        if (!result.ok) throw new Error(`bench token refused: ${result.code}`);
      }
      full.push(((performance.now() - t) * 1000) / PER_BATCH);
      // The floor: parse the certificate, verify it and its CA up the chain, verify the token signature.
      t = performance.now();
      for (const { token, challenge } of batch) {
        const leaf = new X509Certificate(Buffer.from(token.certificate, 'base64'));
        const ok =
          leaf.checkIssued(issuer) &&
          leaf.verify(issuer.publicKey) &&
          chain[0]!.verify(chain[1]!.publicKey) &&
          verify(
            'sha256',
            authSignedData(ORIGIN, challenge),
            leaf.publicKey,
            Buffer.from(token.signature, 'base64'),
          );
        if (!ok) throw new Error('raw check failed');
      }
      raw.push(((performance.now() - t) * 1000) / PER_BATCH);
    }
    const perSecond = (us: number[]) => Math.round(1e6 / [...us].sort((a, b) => a - b)[us.length >> 1]!);
    return makeFigure({
      id: 'verifier-auth',
      title: 'verifier: one authentication token, one core',
      unit: 'µs',
      values: full,
      baseline: { what: 'raw signature + chain checks alone', values: raw },
      aim: { maxRatio: 1.2 },
      notes:
        `verifyAuthToken with every check (policies, constraints, critical extensions, UZI SAN, session ` +
        `challenge consumed from the memory store) and OCSP answered from the verifier's cache: ` +
        `${perSecond(full)} verifications/s; the raw checks alone ${perSecond(raw)}/s. Batches of ${PER_BATCH}. ` +
        'The time-independent certificate checks are remembered per certificate, so a card seen before costs ' +
        'less than the raw floor (which parses and verifies the chain every time).',
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * Heap per live challenge, in a fresh `node --expose-gc` on the built store (dist/): a process of its own,
 * so nothing else on the heap moves the reading.
 */
function measureMemory(): { keys: number; store: number } {
  const storeModule = pathToFileURL(join(REPO_ROOT, 'dist/node/verifier/challenge-store.js')).href;
  const script = `
    const { MemoryChallengeStore, newChallenge } = await import(${JSON.stringify(storeModule)});
    const N = ${LIVE_MANY};
    gc(); const before = process.memoryUsage().heapUsed;
    const keys = []; for (let i = 0; i < N; i++) keys.push(newChallenge());
    gc(); const withKeys = process.memoryUsage().heapUsed;
    const store = new MemoryChallengeStore({ maxLive: N });
    const now = new Date(); const until = new Date(now.getTime() + 300000);
    for (const k of keys) store.save(k, now, until);
    gc(); const withStore = process.memoryUsage().heapUsed;
    if (store.size !== keys.length) throw new Error('lost entries');
    console.log(JSON.stringify({ keys: (withKeys - before) / N, store: (withStore - before) / N }));`;
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`memory measurement failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim()) as { keys: number; store: number };
}

function memoryPerChallenge(): Figure[] {
  const storeBytes: number[] = [];
  const keyBytes: number[] = [];
  const ttl = 5 * 60 * 1000;
  for (let run = 0; run < 3; run++) {
    const measured = measureMemory();
    keyBytes.push(measured.keys);
    storeBytes.push(measured.store);
  }
  const consume = (live: number): number => {
    const store = new MemoryChallengeStore({ maxLive: live + CONSUMES });
    const now = new Date();
    const until = new Date(now.getTime() + ttl);
    for (let i = 0; i < live; i++) store.save(newChallenge(), now, until);
    const mine = Array.from({ length: CONSUMES }, () => newChallenge());
    for (const c of mine) store.save(c, now, until);
    const t = performance.now();
    for (const c of mine) store.consume(c, now);
    return ((performance.now() - t) * 1000) / CONSUMES;
  };
  /** The floor: a bare Map lookup + update over as many live entries. */
  const bareMap = (live: number): number => {
    const map = new Map<string, number>();
    for (let i = 0; i < live; i++) map.set(newChallenge(), 1);
    const mine = Array.from({ length: CONSUMES }, () => newChallenge());
    for (const c of mine) map.set(c, 1);
    const t = performance.now();
    for (const c of mine) {
      const v = map.get(c);
      if (v !== undefined && v > 0) map.set(c, -v);
    }
    return ((performance.now() - t) * 1000) / CONSUMES;
  };
  const many: number[] = [];
  const floor: number[] = [];
  const few: number[] = [];
  for (let run = 0; run < 5; run++) {
    many.push(consume(LIVE_MANY));
    floor.push(bareMap(LIVE_MANY));
    few.push(consume(LIVE_FEW));
  }
  const fewMedian = [...few].sort((a, b) => a - b)[few.length >> 1]!;
  return [
    makeFigure({
      id: 'challenge-memory',
      title: 'memory per live challenge (MemoryChallengeStore)',
      unit: 'bytes',
      values: storeBytes,
      baseline: { what: 'the 43-character challenge strings alone', values: keyBytes },
      notes:
        `${LIVE_MANY} live challenges (string + entry), heap after gc, beside the strings alone. ` +
        'The old store: 75 MB for 500 000 (≈ 150 bytes each). ' +
        'Bounded at 100 000 live entries by default (CHALLENGE_STORE_FULL beyond).',
    }),
    makeFigure({
      id: 'challenge-consume',
      title: `consume with ${LIVE_MANY} live challenges`,
      unit: 'µs',
      values: many,
      baseline: { what: `a bare Map get + set over ${LIVE_MANY} live entries`, values: floor },
      aim: { maxRatio: 2 },
      notes:
        `No walk over the live entries (the old store walked all of them: 12 ms per consume at 500 000). ` +
        `With ${LIVE_FEW} live: ${fewMedian.toFixed(2)} µs (the rest of the difference is cache misses).`,
    }),
  ];
}

export async function verifierFigures(): Promise<Figure[]> {
  return [await throughput(), ...memoryPerChallenge()];
}
