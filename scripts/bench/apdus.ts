// APDUs per operation, counted by the virtual card itself, against the least the card protocol
// (PIV over short APDUs, ≤ 255 bytes out, ≤ 256 bytes back per APDU) needs for it.
import { cardStats, resetCardStats } from '../../sandbox/card/client.js';
import type { BenchContext } from './context.js';
import { BenchHost } from './host-client.js';
import { BENCH_CHALLENGE } from './authenticate.js';
import { CARD_READER, pkcs11Tool, reinsertCard, startSubscribedHost, TEST_PIN } from './card-tools.js';
import { makeFigure, type Figure } from './stats.js';

const RESPONSE_BYTES_PER_APDU = 256;
/** A PIV certificate object around the DER: 53 82 LL LL { 70 82 LL LL <der>, 71 01 00, FE 00 }. */
const CERT_OBJECT_OVERHEAD_BYTES = 4 + 4 + 3 + 2;
/** VERIFY + GENERAL AUTHENTICATE in two chained pieces (266 bytes > 255) + GET RESPONSE (264 bytes > 256). */
const SIGN_MINIMUM_APDUS = 4;

/** GET DATA per certificate plus the GET RESPONSEs its object needs. */
export function certificateReadMinimum(derLengths: readonly number[]): number {
  return derLengths.reduce(
    (sum, der) => sum + Math.ceil((der + CERT_OBJECT_OVERHEAD_BYTES) / RESPONSE_BYTES_PER_APDU),
    0,
  );
}

async function counted(context: BenchContext, action: () => Promise<unknown>): Promise<number> {
  await resetCardStats(context.cardSocket, CARD_READER);
  await action();
  return (await cardStats(context.cardSocket, CARD_READER)).stats.apdus;
}

const RUNS = 3;

export async function apduFigures(context: BenchContext): Promise<Figure[]> {
  const host = await startSubscribedHost(context, BenchHost);
  const read: number[] = [];
  const cached: number[] = [];
  const auth: number[] = [];
  const sign: number[] = [];
  let derLengths: number[] = [];
  const toolList: number[] = [];
  try {
    const authArgs = { origin: context.origin, challenge: BENCH_CHALLENGE, pin: TEST_PIN };
    const signArgs = {
      origin: context.origin,
      hash: Buffer.alloc(32, 7).toString('base64'),
      hashAlgorithm: 'SHA-256',
      pin: TEST_PIN,
    };
    for (let i = 0; i < RUNS; i++) {
      await reinsertCard(context, host);
      read.push(
        await counted(context, async () => {
          const result = await host.request<{ certificates: { der: string }[] }>('readCard');
          derLengths = result.certificates.map((c) => Buffer.from(c.der, 'base64').length);
        }),
      );
      cached.push(await counted(context, () => host.request('readCard')));
      auth.push(await counted(context, () => host.request('authenticate', authArgs)));
      sign.push(await counted(context, () => host.request('sign', signArgs)));
      toolList.push(await counted(context, () => pkcs11Tool(context, ['-O'])));
    }
  } finally {
    await host.close();
  }
  const readMinimum = certificateReadMinimum(derLengths);
  const minimum = (what: string, value: number) => ({ what, values: [value] });
  return [
    makeFigure({
      id: 'apdus-readcard',
      title: 'APDUs: readCard, 1st after insert',
      unit: 'APDUs',
      values: read,
      baseline: minimum('minimum: 3 GET DATA + GET RESPONSEs', readMinimum),
      notes:
        `Certificates of ${derLengths.join('/')} bytes; minimum = Σ ceil((DER + 13-byte PIV object wrapping) / 256) ` +
        'responses, SELECT and card detection not counted. The host reads through OpenSC, whose C_Initialize/' +
        'slot scan detects the card (Discovery, CCC, CHUID, key history…) before the certificates. ' +
        `pkcs11-tool -O for comparison: ${toolList.join('/')} APDUs.`,
    }),
    makeFigure({
      id: 'apdus-readcard-cached',
      title: 'APDUs: readCard, repeated',
      unit: 'APDUs',
      values: cached,
      baseline: minimum('1st read after insert', read[read.length - 1]!),
      notes:
        'Minimum is 0 (nothing on the card changed); what remains is OpenSC answering C_GetSlotList/C_GetTokenInfo ' +
        '(the Discovery read OpenSC does per transaction).',
    }),
    makeFigure({
      id: 'apdus-authenticate',
      title: 'APDUs: authenticate',
      unit: 'APDUs',
      values: auth,
      baseline: minimum('minimum: VERIFY + 2 chained GEN AUTH + GET RESPONSE', SIGN_MINIMUM_APDUS),
      notes:
        'RSA-2048 with the 9A key: the GENERAL AUTHENTICATE command (7C{82 00, 81 <256>}, 266 bytes) needs two ' +
        'chained pieces, its 264-byte answer one GET RESPONSE; one VERIFY for the PIN.',
    }),
    makeFigure({
      id: 'apdus-sign',
      title: 'APDUs: sign (SHA-256)',
      unit: 'APDUs',
      values: sign,
      baseline: minimum('minimum: VERIFY + 2 chained GEN AUTH + GET RESPONSE', SIGN_MINIMUM_APDUS),
      notes: 'As authenticate, with the 9C (non-repudiation) key, which needs its own VERIFY per signature.',
    }),
  ];
}
