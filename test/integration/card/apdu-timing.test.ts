import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import {
  cardStats,
  insertCard,
  resetCardStats,
  spawnCardDaemon,
  type CardDaemonProcess,
} from '../../../sandbox/card/client.js';
import { throwawayCardSet } from '../../../sandbox/card/throwaway-card-set.js';
import { startPcscd, type PcscdHandle } from '../../../sandbox/services/pcscd.js';
import { READER_NAMES, tool, waitUntilPresent } from './helpers.js';

const DISCOVERY_APDU = '00CB3FFF035C017E00';
const EXTRA_APDUS = 40;

let daemon: CardDaemonProcess;
let pcscd: PcscdHandle | undefined;
let workDir: string;
let socketPath: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'zorgid-card-timing-'));
  socketPath = path.join(workDir, 'card.sock');
  daemon = await spawnCardDaemon({ socketPath });
  await insertCard(socketPath, { reader: 0, cardSet: throwawayCardSet() });
});

afterAll(async () => {
  await daemon?.stop();
  await pcscd?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

/** ms per APDU: an opensc-tool run with 41 APDUs minus one with 1, so process start and card detection cancel out. */
async function msPerApdu(
  nodelay: boolean,
): Promise<{ perApdu: number; detection: number; detectionApdus: number }> {
  pcscd = await startPcscd({ nodelay });
  await waitUntilPresent(socketPath, 0);
  const send = (count: number) =>
    tool('opensc-tool', [
      '-r',
      READER_NAMES[0],
      ...Array.from({ length: count }, () => ['-s', DISCOVERY_APDU]).flat(),
    ]);
  await send(1); // warm-up
  await resetCardStats(socketPath, 0);
  const one = await send(1);
  const detectionApdus = (await cardStats(socketPath, 0)).stats.apdus - 1;
  await resetCardStats(socketPath, 0);
  const many = await send(1 + EXTRA_APDUS);
  // OpenSC's PIV driver adds its own Discovery read per transaction: count what the card really saw.
  const extraApdus = (await cardStats(socketPath, 0)).stats.apdus - (detectionApdus + 1);
  expect(many.output.match(/Received \(SW1=0x90, SW2=0x00\)/g)).toHaveLength(1 + EXTRA_APDUS);
  await pcscd.stop();
  pcscd = undefined;
  return { perApdu: (many.ms - one.ms) / extraApdus, detection: one.ms, detectionApdus };
}

it('the TCP_NODELAY shim removes the per-APDU stall', async () => {
  const without = await msPerApdu(false);
  const withShim = await msPerApdu(true);
  console.error(
    `[card] ms per APDU without shim ${without.perApdu.toFixed(1)}, with shim ${withShim.perApdu.toFixed(2)}; ` +
      `opensc-tool connect (${withShim.detectionApdus} APDUs) ${without.detection.toFixed(0)} ms vs ${withShim.detection.toFixed(0)} ms`,
  );
  expect(without.perApdu).toBeGreaterThan(withShim.perApdu);
});
