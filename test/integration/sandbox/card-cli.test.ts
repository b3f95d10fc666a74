// The real `zorgid-companion` CLI (built, bin/zorgid-companion.js) against the running card daemon,
// checked through the real PKCS#11 module (pkcs11-tool over OpenSC over pcscd over vpcd).
// Run: npm run build && npx tsx scripts/with-sandbox.ts -- npx vitest run --project integration test/integration/sandbox/
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxPki } from '../../../sandbox/card/pki-profiles.js';
import { CARD_CERTIFICATE_ROLES, CARD_PROFILE_NAMES, type SandboxPki } from '../../../sandbox/pki/index.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(REPO_ROOT, 'bin', 'zorgid-companion.js');
const BUILT_MAIN = path.join(REPO_ROOT, 'dist', 'node', 'scripts', 'cli', 'main.js');
const PKCS11_MODULE = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
const READER_1 = 'Virtual PCD 00 01';
const TOKEN_WAIT_MS = 15_000;
const POLL_MS = 250;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], binary = false): Promise<Run & { raw: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const raw = Buffer.concat(out);
      resolve({ code, stdout: binary ? '' : raw.toString('utf8'), stderr, raw });
    });
  });
}

const socket = process.env.ZORGID_CARD_SOCKET;
const cli = (...args: string[]) => run(process.execPath, [CLI, ...args]);
const cardCli = (...args: string[]) => cli('card', ...args, '--socket', socket ?? '');
const pkcs11 = (args: string[], binary = false) =>
  run('pkcs11-tool', ['--module', PKCS11_MODULE, ...args], binary);

interface CardInfo {
  reader: number;
  profile?: string;
  label: string;
  chuidGuid: string;
  atr: string;
}

async function listCards(): Promise<CardInfo[]> {
  const result = await cardCli('list', '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as CardInfo[];
}

/** pkcs11-tool -L: the slot of reader 1 and whether it holds a token. */
async function reader1Slot(): Promise<{ id: string; hasToken: boolean } | undefined> {
  const { stdout } = await pkcs11(['-L']);
  const blocks = stdout.split(/\n(?=Slot \d+ )/);
  for (const block of blocks) {
    const header = /^Slot \d+ \((0x[0-9a-f]+)\): (.*)$/m.exec(block);
    if (header?.[2]?.startsWith(READER_1)) return { id: header[1]!, hasToken: /token label/.test(block) };
  }
  return undefined;
}

async function waitForReader1(hasToken: boolean): Promise<string> {
  const deadline = Date.now() + TOKEN_WAIT_MS;
  for (;;) {
    const slot = await reader1Slot();
    if (slot && slot.hasToken === hasToken) return slot.id;
    if (Date.now() > deadline)
      throw new Error(`reader 1 ${hasToken ? 'never showed' : 'still shows'} a token`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

let pki: SandboxPki;

beforeAll(async () => {
  expect(existsSync(BUILT_MAIN), 'run `npm run build` first').toBe(true);
  expect(socket, 'run under scripts/with-sandbox.ts (ZORGID_CARD_SOCKET)').toBeTruthy();
  pki = await sandboxPki();
  // A card left in reader 1 by an earlier, interrupted run would make insert fail.
  if ((await listCards()).some((card) => card.reader === 1)) await cardCli('remove', '--reader', '1');
});

afterAll(async () => {
  if (socket) await cardCli('remove', '--reader', '1');
});

describe('zorgid-companion card', () => {
  it('inserts the medewerker card in reader 1 and says so in JSON', async () => {
    const result = await cardCli('insert', '--reader', '1', '--profile', 'medewerker', '--json');
    expect(result.code, result.stderr).toBe(0);
    const info = JSON.parse(result.stdout) as CardInfo;
    expect(info).toMatchObject({
      reader: 1,
      profile: 'medewerker',
      label: 'Bram Sandbox-Jansen',
      chuidGuid: pki.card('medewerker').chuidGuid,
    });
    expect(info.atr).toMatch(/^[0-9A-F]{2}( [0-9A-F]{2})+$/i);
  });

  it('lists both cards: zorgverlener in reader 0 (from the runner), medewerker in reader 1', async () => {
    const cards = await listCards();
    expect(cards.map((c) => [c.reader, c.profile])).toEqual([
      [0, 'zorgverlener'],
      [1, 'medewerker'],
    ]);
  });

  it('pkcs11-tool sees the three certificates of the medewerker card in reader 1', async () => {
    const slot = await waitForReader1(true);
    const objects = await pkcs11(['-O', '--slot', slot]);
    expect(objects.code, objects.stderr).toBe(0);
    const ids = [...objects.stdout.matchAll(/Certificate Object[\s\S]*?ID:\s+([0-9a-f]+)/g)].map(
      (m) => m[1]!,
    );
    expect(ids).toHaveLength(3);
    const read = await Promise.all(
      ids.map((id) => pkcs11(['--slot', slot, '--read-object', '--type', 'cert', '--id', id], true)),
    );
    const onCard = read.map((r) => r.raw.toString('hex')).sort();
    const issued = CARD_CERTIFICATE_ROLES.map((role) =>
      pki.card('medewerker')[role].certificateDer.toString('hex'),
    ).sort();
    expect(onCard).toEqual(issued);
  }, 60_000);

  it('removes the card: the daemon lists reader 1 empty and the PKCS#11 slot loses its token', async () => {
    const result = await cardCli('remove', '--reader', '1', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ removed: 1 });
    expect((await listCards()).map((c) => c.reader)).toEqual([0]);
    const slot = await waitForReader1(false);
    const objects = await pkcs11(['-O', '--slot', slot]);
    expect(objects.stdout).not.toContain('Certificate Object');
  }, 60_000);

  it('refuses an unknown profile, exiting non-zero with the list of profiles', async () => {
    const result = await cardCli('insert', '--reader', '1', '--profile', 'does-not-exist');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Onbekend profiel 'does-not-exist'");
    for (const name of CARD_PROFILE_NAMES) expect(result.stderr).toContain(name);
    expect((await listCards()).map((c) => c.reader)).toEqual([0]);
  });
});

describe('zorgid-companion inspect-cert', () => {
  it('reads the identity of a sandbox PKI certificate as JSON', async () => {
    const card = pki.card('medewerker');
    const result = await cli('inspect-cert', card.authentication.certificatePath, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      uziNumber: card.identity.uziNumber,
      cardType: 'N',
      ura: card.identity.ura,
      organisationName: card.identity.organisationName,
      givenName: 'Bram',
      surname: 'Sandbox-Jansen',
      certificateRole: 'authentication',
      oidCaEnvironment: 'sandbox',
      canRegisterZorgId: true,
    });
  });
});
