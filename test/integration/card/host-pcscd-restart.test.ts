// The built host while pcscd goes away and comes back (rig tier: owns pcscd, so it never runs
// beside the shared sandbox services). Run: npx tsx test/helpers/run-rig.ts -- npx vitest run
// --project rig test/integration/card/host-pcscd-restart.test.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCard, spawnCardDaemon, type CardDaemonProcess } from '../../../sandbox/card/client.js';
import { CARD_PROFILES } from '../../../sandbox/pki/profiles.js';
import { startPcscd, type PcscdHandle } from '../../../sandbox/services/pcscd.js';
import { UZI_DEFAULT_ATR_HEX } from '../../../shared/atr.js';
import type { HostStatus, ReadCardResult } from '../../../shared/protocol/host.js';
import { HostProcess, REPO_ROOT } from '../../helpers/host-process.js';
import {
  dropEvents,
  errorOf,
  isEvent,
  newChallenge,
  nextEvent,
  resultOf,
} from '../../helpers/host-session.js';
import { OPENSC_PKCS11, READER_NAMES, waitUntilPresent } from './helpers.js';

const PROFILE_RESOLVER = path.join(REPO_ROOT, 'sandbox', 'card', 'pki-profiles.ts');
/** The host retries with a backoff of at most 2 s; pcscd and vpcd need a moment to list readers. */
const RECOVERY_TIMEOUT_MS = 15_000;

let workDir: string;
let socketPath: string;
let pcscd: PcscdHandle | undefined;
let daemon: CardDaemonProcess | undefined;
let host: HostProcess | undefined;

async function startOwnPcscd(): Promise<PcscdHandle> {
  return startPcscd({ logFile: path.join(workDir, 'pcscd.log') });
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'zorgid-host-rig-'));
  socketPath = path.join(workDir, 'card.sock');
  pcscd = await startOwnPcscd();
  daemon = await spawnCardDaemon({ socketPath, resolverModule: PROFILE_RESOLVER });
  await insertCard(socketPath, { reader: 0, profile: 'zorgverlener' });
  await waitUntilPresent(socketPath, 0);
  host = new HostProcess({ ZORGID_CARD_SOCKET: socketPath, ZORGID_PKCS11_MODULE: OPENSC_PKCS11 });
  await host.next((frame) => frame.type === 'hello');
  resultOf(await host.request('subscribe'));
});

afterAll(async () => {
  await host?.close();
  await daemon?.stop();
  await pcscd?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('host across a pcscd restart', () => {
  it('reports the outage, pushes the events, and recovers without a host restart', async () => {
    const live = host!;
    const before = resultOf<HostStatus>(await live.request('status'));
    expect(before.readers.find((reader) => reader.name === READER_NAMES[0])).toMatchObject({
      cardPresent: true,
      cardKind: 'uzi-pas',
    });
    const card = resultOf<ReadCardResult>(await live.request('readCard'));
    expect(card.identity.uziNumber).toBe(CARD_PROFILES.zorgverlener.uziNumber);
    const hostPid = live.child.pid;

    dropEvents(live);
    await pcscd!.stop();
    pcscd = undefined;
    const down = await live.next(
      (frame) => isEvent('pcsc-state')(frame) && frame.pcscAvailable === false,
      RECOVERY_TIMEOUT_MS,
    );
    expect(down).toMatchObject({ type: 'event', pcscAvailable: false });
    await nextEvent(live, 'card-removed', READER_NAMES[0]);
    await nextEvent(live, 'reader-removed', READER_NAMES[0]);
    await nextEvent(live, 'reader-removed', READER_NAMES[1]);

    const outage = resultOf<HostStatus>(await live.request('status'));
    expect(outage.pcsc.available).toBe(false);
    expect(outage.readers).toEqual([]);
    expect(errorOf(await live.request('readCard')).code).toBe('PCSC_UNAVAILABLE');

    dropEvents(live);
    pcscd = await startOwnPcscd();
    await live.next(
      (frame) => isEvent('pcsc-state')(frame) && frame.pcscAvailable === true,
      RECOVERY_TIMEOUT_MS,
    );
    await nextEvent(live, 'reader-added', READER_NAMES[0], RECOVERY_TIMEOUT_MS);
    expect(await nextEvent(live, 'card-inserted', READER_NAMES[0], RECOVERY_TIMEOUT_MS)).toMatchObject({
      atr: UZI_DEFAULT_ATR_HEX,
      cardKind: 'uzi-pas',
    });

    const after = resultOf<HostStatus>(await live.request('status'));
    expect(after.pcsc.available).toBe(true);
    expect(after.readers.map((reader) => reader.name)).toEqual([READER_NAMES[0], READER_NAMES[1]]);
    expect(after.readers[0]).toMatchObject({ cardPresent: true, cardKind: 'uzi-pas' });
    // The PKCS#11 side must have followed pcscd too, not only the PC/SC monitor.
    const reread = resultOf<ReadCardResult>(await live.request('readCard'));
    expect(reread.identity.uziNumber).toBe(CARD_PROFILES.zorgverlener.uziNumber);
    const token = await live.request('authenticate', {
      origin: 'http://127.0.0.1:4410',
      challenge: newChallenge(),
      pin: '123456',
    });
    expect(resultOf<{ signature: string }>(token).signature.length).toBeGreaterThan(0);
    expect(live.child.pid).toBe(hostPid);
    expect(live.child.exitCode).toBeNull();
  });
});
