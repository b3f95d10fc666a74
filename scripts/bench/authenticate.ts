// authenticate (PIN given, origin + 32-character challenge) against pkcs11-tool signing the same
// 64 bytes with the same key (9A), same mechanism, same PIN, through the same module.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchContext } from './context.js';
import { BenchHost } from './host-client.js';
import { authKeyIdFrom, pkcs11Tool, startSubscribedHost, TEST_PIN } from './card-tools.js';
import { makeFigure, type Figure } from './stats.js';

const RUNS = 10;
export const BENCH_CHALLENGE = 'bench-challenge-0123456789abcdef';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export async function authenticateFigures(context: BenchContext): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zorgid-bench-'));
  const input = path.join(dir, 'signed-data.bin');
  const output = path.join(dir, 'signature.bin');
  // What the card signs for a token: SHA-256(origin) ‖ SHA-256(challenge) (docs/protocol.md).
  writeFileSync(input, Buffer.concat([sha256(context.origin), sha256(BENCH_CHALLENGE)]));
  const keyId = authKeyIdFrom((await pkcs11Tool(context, ['-O'])).stdout);
  const toolArgs = ['--sign', '-m', 'SHA256-RSA-PKCS', '--id', keyId, '--login', '--pin', TEST_PIN];
  const host = await startSubscribedHost(context, BenchHost);
  const hostMs: number[] = [];
  const toolMs: number[] = [];
  try {
    const args = { origin: context.origin, challenge: BENCH_CHALLENGE, pin: TEST_PIN };
    await host.request('authenticate', args); // warm-up: certificates cached, worker up
    await pkcs11Tool(context, [...toolArgs, '-i', input, '-o', output]);
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await host.request('authenticate', args);
      hostMs.push(performance.now() - started);
      toolMs.push((await pkcs11Tool(context, [...toolArgs, '-i', input, '-o', output])).ms);
    }
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    makeFigure({
      id: 'authenticate',
      title: 'authenticate (PIN given)',
      unit: 'ms',
      values: hostMs,
      baseline: { what: `pkcs11-tool --sign --id ${keyId} (spawned)`, values: toolMs },
      withP95: true,
      aim: { maxRatio: 1.2 },
      notes:
        'Running host, card already read: C_Login + C_Sign(CKM_SHA256_RSA_PKCS) with the 9A key + token JSON. ' +
        'pkcs11-tool signs the same 64 bytes with the same key and mechanism but also pays process start, ' +
        'C_Initialize and card detection, so the ratio favours the host.',
    }),
  ];
}
