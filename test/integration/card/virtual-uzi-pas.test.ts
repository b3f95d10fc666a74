import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verify, X509Certificate } from 'node:crypto';

import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CardSet } from '../../../sandbox/card/card-set.js';
import {
  cardStats,
  insertCard,
  listCards,
  removeCard,
  resetCardStats,
  spawnCardDaemon,
  type CardDaemonProcess,
} from '../../../sandbox/card/client.js';
import { throwawayCardSet } from '../../../sandbox/card/throwaway-card-set.js';
import { PcscdAlreadyRunningError, startPcscd, type PcscdHandle } from '../../../sandbox/services/pcscd.js';
import {
  OPENSC_PKCS11,
  READER_NAMES,
  pkcs11Tool,
  readerPresence,
  tool,
  waitFor,
  waitUntilPresent,
} from './helpers.js';

const PIN = '123456';
const PUK = '87654321';
const UZI_ATR = '3b:fd:18:00:ff:81:31:fe:45:43:49:42:47:55:5a:49:4a:32:41:30:38:31:58';

let pcscd: PcscdHandle;
let daemon: CardDaemonProcess;
let workDir: string;
let socketPath: string;
let zorgverlener: CardSet;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'zorgid-card-it-'));
  socketPath = path.join(workDir, 'card.sock');
  zorgverlener = throwawayCardSet({ commonName: 'Test Zorgverlener', pin: PIN, puk: PUK });
  pcscd = await startPcscd({ logFile: path.join(workDir, 'pcscd.log') });
  daemon = await spawnCardDaemon({ socketPath });
});

afterAll(async () => {
  await daemon?.stop();
  await pcscd?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

async function insertZorgverlener(): Promise<void> {
  await insertCard(socketPath, { reader: 0, cardSet: zorgverlener });
  await waitUntilPresent(socketPath, 0);
}

describe('virtual UZI-pas through pcscd and OpenSC', () => {
  it('refuses to start a second pcscd', async () => {
    await expect(startPcscd()).rejects.toBeInstanceOf(PcscdAlreadyRunningError);
    const reused = await startPcscd({ reuseRunning: true });
    expect(reused).toMatchObject({ pid: pcscd.pid, reused: true });
  });

  it('shows the UZI-pas ATR in Virtual PCD 00 00', async () => {
    await insertZorgverlener();
    const { output } = await tool('opensc-tool', ['-r', READER_NAMES[0], '-a']);
    expect(output).toContain(UZI_ATR);
    expect((await readerPresence())[READER_NAMES[0]]).toBe(true);
  });

  it('lists three certificates; token label is the CN, serial comes from the GUID', async () => {
    await resetCardStats(socketPath, 0);
    const objects = await pkcs11Tool('-O');
    expect(objects.output.match(/Certificate Object/g)).toHaveLength(3);
    const detection = (await cardStats(socketPath, 0)).stats.apdus;
    console.error(`[card] detection + list objects: ${detection} APDUs, ${objects.ms.toFixed(0)} ms`);
    const token = await pkcs11Tool('-T');
    expect(token.output).toMatch(/token label\s*:\s*Test Zorgverlener/);
    // OpenSC shows the last 16 hex digits of the CHUID GUID as the token serial.
    expect(token.output).toMatch(new RegExp(`serial num\\s*:\\s*${zorgverlener.chuidGuid.slice(16)}`));
  });

  it('signs with the authentication key (9A); the signature verifies against the certificate', async () => {
    const data = path.join(workDir, 'data.bin');
    const signature = path.join(workDir, 'sig01.bin');
    writeFileSync(data, 'registratie ZORG-ID');
    await resetCardStats(socketPath, 0);
    const result = await pkcs11Tool(
      '--sign',
      '-m',
      'SHA256-RSA-PKCS',
      '--id',
      '01',
      '--login',
      '--pin',
      PIN,
      '-i',
      data,
      '-o',
      signature,
    );
    expect(result.code, result.output).toBe(0);
    console.error(
      `[card] pkcs11-tool sign (detection + login + sign): ${(await cardStats(socketPath, 0)).stats.apdus} APDUs, ${result.ms.toFixed(0)} ms`,
    );
    const publicKey = new X509Certificate(zorgverlener.authentication.certificateDer).publicKey;
    expect(verify('sha256', readFileSync(data), publicKey, readFileSync(signature))).toBe(true);
  });

  it('the card wants a fresh PIN for every signature-key (9C) operation', () => {
    const pkcs11 = new pkcs11js.PKCS11();
    pkcs11.load(OPENSC_PKCS11);
    pkcs11.C_Initialize();
    try {
      const [slot] = pkcs11.C_GetSlotList(true);
      const session = pkcs11.C_OpenSession(slot!, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      pkcs11.C_Login(session, pkcs11js.CKU_USER, PIN);
      pkcs11.C_FindObjectsInit(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: Buffer.from([0x02]) },
      ]);
      const [key] = pkcs11.C_FindObjects(session, 1);
      pkcs11.C_FindObjectsFinal(session);
      const message = Buffer.from('ik ga akkoord');
      const sign = (): Buffer => {
        pkcs11.C_SignInit(session, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, key!);
        return pkcs11.C_Sign(session, message, Buffer.alloc(256));
      };
      // One VERIFY (the C_Login above) buys one signature...
      const first = sign();
      const publicKey = new X509Certificate(zorgverlener.signature.certificateDer).publicKey;
      expect(verify('sha256', message, publicKey, first)).toBe(true);
      // ...the next one is refused by the card (OpenSC itself would allow it) until the PIN is given again.
      expect(() => sign()).toThrow(/CKR_USER_NOT_LOGGED_IN/);
      try {
        pkcs11.C_Logout(session);
      } catch {
        // OpenSC may already consider the session logged out after the card's refusal.
      }
      pkcs11.C_Login(session, pkcs11js.CKU_USER, PIN);
      expect(verify('sha256', message, publicKey, sign())).toBe(true);
      pkcs11.C_CloseSession(session);
    } finally {
      pkcs11.C_Finalize();
    }
  });

  it('blocks the PIN after three wrong tries and unblocks with the PUK', async () => {
    for (const expected of [
      'CKR_PIN_INCORRECT',
      'CKR_PIN_INCORRECT',
      'CKR_PIN_INCORRECT',
      'CKR_PIN_LOCKED',
    ]) {
      const attempt = await pkcs11Tool('--login', '--pin', '000000', '-O');
      expect(attempt.output).toContain(expected);
    }
    expect((await cardStats(socketPath, 0)).pin.pinTriesLeft).toBe(0);
    expect((await pkcs11Tool('-T')).output).toMatch(/user PIN locked/);

    // OpenSC 0.23 cannot unblock a PIV PIN through PKCS#11 (C_InitPIN unsupported, --unlock-pin needs a
    // logged-in session); its own pkcs15-tool sends RESET RETRY COUNTER with the PUK.
    const unlock = await tool('pkcs15-tool', ['--unblock-pin', '--puk', PUK, '--new-pin', '654321']);
    expect(unlock.code, unlock.output).toBe(0);
    expect((await cardStats(socketPath, 0)).pin).toMatchObject({ pinTriesLeft: 3, pukTriesLeft: 3 });
    const login = await pkcs11Tool('--login', '--pin', '654321', '-O');
    expect(login.code, login.output).toBe(0);
    expect(login.output).toMatch(/Private Key Object/);
  });

  it('removal empties the reader and OpenSC sees no token', async () => {
    await removeCard(socketPath, 0);
    await waitFor('reader 0 empty', async () => (await readerPresence())[READER_NAMES[0]] === false);
    expect((await pkcs11Tool('-L')).output).toMatch(
      /no token present|Slot 0.*\n\s*\(empty\)|token state:\s*uninitialized/i,
    );
    expect(await listCards(socketPath)).toEqual([]);
  });

  it('serves two cards in two readers at once', async () => {
    const medewerker = throwawayCardSet({ commonName: 'Test Medewerker', pin: PIN, puk: PUK });
    await insertCard(socketPath, { reader: 0, cardSet: zorgverlener });
    await insertCard(socketPath, { reader: 1, cardSet: medewerker, atr: 'UNKNOWN_CARD' });
    await waitUntilPresent(socketPath, 0);
    await waitUntilPresent(socketPath, 1);
    const presence = await readerPresence();
    expect(presence[READER_NAMES[0]] && presence[READER_NAMES[1]]).toBe(true);
    const slots = await pkcs11Tool('-L');
    expect(slots.output).toMatch(/token label\s*:\s*Test Zorgverlener/);
    expect(slots.output).toMatch(/token label\s*:\s*Test Medewerker/);
    expect((await tool('opensc-tool', ['-r', READER_NAMES[1], '-a'])).output).toContain('3b:88:80:01');
    await removeCard(socketPath, 1);
  });

  it('comes back by itself after pcscd restarts', async () => {
    if (pcscd.reused) return;
    await pcscd.stop();
    await waitFor(
      'card waiting for vpcd',
      async () => (await cardStats(socketPath, 0)).state === 'connecting',
    );
    pcscd = await startPcscd({ logFile: path.join(workDir, 'pcscd.log') });
    await waitFor('card back in reader 0', async () => (await readerPresence())[READER_NAMES[0]] === true);
    const objects = await pkcs11Tool('-O');
    expect(objects.output.match(/Certificate Object/g)).toHaveLength(3);
  });
});
