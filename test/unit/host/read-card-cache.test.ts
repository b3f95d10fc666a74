// readCard's one cache layer (CardSession, stamped with PC/SC's removal mark) on the fake host runtime:
// the real command, CardSession and PcscMonitor; a fake PC/SC driver and a token that counts its calls
// and serves real UZI-shaped certificates. The real path (pcscd + vpcd, OpenSC) is
// test/integration/host/host-card.test.ts.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CardSession } from '../../../native-host/src/card/index.js';
import { readCard } from '../../../native-host/src/commands/read-card.js';
import type { TokenApi } from '../../../native-host/src/token/pkcs11/worker-client.js';
import type {
  TokenCertificate,
  TokenDescription,
} from '../../../native-host/src/token/pkcs11/worker-protocol.js';
import { UZI_ATRS } from '../../../shared/atr.js';
import { fakeHostRuntime, type FakeRuntime } from '../../fakes/host-runtime.js';
import { createTestPki, type CardUsage } from '../verifier/test-pki.js';

const KEY_TIMEOUT_MS = 60_000;
const PIN_STATE = { triesLeft: 3, blocked: false, finalTry: false, pinpad: false };

interface FakeCard {
  serial: string;
  uziNumber: string;
  certificates: TokenCertificate[];
}

let annaCard: FakeCard;
let bramCard: FakeCard;

beforeAll(async () => {
  const pki = await createTestPki();
  const usages: CardUsage[] = ['authentication', 'signature', 'encryption'];
  const card = async (serial: string, uziNumber: string): Promise<FakeCard> => ({
    serial,
    uziNumber,
    certificates: await Promise.all(
      usages.map(async (usage, index) => ({
        id: `0${index + 1}`,
        label: usage,
        der: new Uint8Array((await pki.issueCard({ usage, uziNumber })).der),
      })),
    ),
  });
  annaCard = await card('1111222233334444', '900012345');
  bramCard = await card('5555666677778888', '900054321');
}, KEY_TIMEOUT_MS);

/** A token with one slot per reader; the test puts cards in and counts every call. */
class CountingToken implements TokenApi {
  readonly slots = new Map<string, FakeCard | null>();
  calls = { listTokens: 0, readCertificates: 0 };

  listTokens(): Promise<TokenDescription[]> {
    this.calls.listTokens++;
    const tokens = [...this.slots].flatMap(([reader, card], index) =>
      card
        ? [
            {
              slotId: String(index),
              slotDescription: reader.padEnd(64),
              label: 'UZI-pas',
              serialNumber: card.serial,
              manufacturerId: 'fake',
              model: 'fake',
              recognized: true,
              flags: 0,
              pin: PIN_STATE,
            },
          ]
        : [],
    );
    return Promise.resolve(tokens);
  }
  readCertificates(slotId: string): Promise<TokenCertificate[]> {
    this.calls.readCertificates++;
    const card = [...this.slots.values()][Number(slotId)];
    return Promise.resolve(card?.certificates ?? []);
  }
  pinStatus = () => Promise.resolve(PIN_STATE);
  sign = () => Promise.reject(new Error('not in this test'));
  cardRemoved(): void {}
  close = () => Promise.resolve();
}

let fake: FakeRuntime | undefined;
afterEach(() => fake?.stop());

function setup(readers: string[]) {
  const token = new CountingToken();
  for (const reader of readers) token.slots.set(reader, null);
  fake = fakeHostRuntime({ card: (pcsc) => new CardSession({ token, presence: pcsc }) });
  const pcscReaders = readers.map((name) => fake!.pcsc.plug(name).remove());
  const insert = (index: number, card: FakeCard) => {
    token.slots.set(readers[index]!, card);
    pcscReaders[index]!.insert(UZI_ATRS.UZI_SAFESIGN_D1);
  };
  const remove = (index: number) => {
    token.slots.set(readers[index]!, null);
    pcscReaders[index]!.remove();
  };
  const replug = (index: number) => {
    pcscReaders[index]!.unplug();
    token.slots.set(readers[index]!, null);
    pcscReaders[index] = fake!.pcsc.plug(readers[index]!).remove();
  };
  return { token, runtime: fake.runtime, insert, remove, replug };
}

describe('readCard: one cache, in the CardSession', () => {
  it('a second read without a removal makes no token call at all', async () => {
    const { token, runtime, insert } = setup(['Reader A']);
    insert(0, annaCard);
    const first = await readCard(runtime, {});
    expect(first.identity.uziNumber).toBe(annaCard.uziNumber);
    expect(token.calls).toEqual({ listTokens: 1, readCertificates: 1 });
    const second = await readCard(runtime, {});
    expect(second).toEqual(first);
    expect(token.calls).toEqual({ listTokens: 1, readCertificates: 1 });
    // Named by its reader, the same card is known too.
    expect((await readCard(runtime, { reader: 'Reader A' })).tokenSerial).toBe(annaCard.serial);
    expect(token.calls).toEqual({ listTokens: 1, readCertificates: 1 });
  });

  it('remove, insert another card: read afresh, and the new card is what comes back', async () => {
    const { token, runtime, insert, remove } = setup(['Reader A']);
    insert(0, annaCard);
    await readCard(runtime, {});
    remove(0);
    await expect(readCard(runtime, {})).rejects.toMatchObject({ code: 'NO_CARD' });
    insert(0, bramCard);
    const after = await readCard(runtime, {});
    expect(after.identity.uziNumber).toBe(bramCard.uziNumber);
    expect(after.tokenSerial).toBe(bramCard.serial);
    expect(token.calls.readCertificates).toBe(2);
  });

  it('remove and put the same card back: read again (a card cannot be told unchanged without reading)', async () => {
    const { token, runtime, insert, remove } = setup(['Reader A']);
    insert(0, annaCard);
    await readCard(runtime, {});
    remove(0);
    insert(0, annaCard);
    await readCard(runtime, {});
    expect(token.calls.readCertificates).toBe(2);
  });

  it('two cards, no reader named: asks the token which card, but reads no certificates again', async () => {
    const { token, runtime, insert } = setup(['Reader A', 'Reader B']);
    insert(0, annaCard);
    insert(1, bramCard);
    const first = await readCard(runtime, {});
    const second = await readCard(runtime, {});
    expect(second.tokenSerial).toBe(first.tokenSerial);
    expect(token.calls).toEqual({ listTokens: 2, readCertificates: 1 });
    // Each reader by name: B is read once, then both are known without a token call.
    expect((await readCard(runtime, { reader: 'Reader B' })).identity.uziNumber).toBe(bramCard.uziNumber);
    const calls = { ...token.calls };
    expect((await readCard(runtime, { reader: 'Reader A' })).identity.uziNumber).toBe(annaCard.uziNumber);
    expect((await readCard(runtime, { reader: 'Reader B' })).identity.uziNumber).toBe(bramCard.uziNumber);
    expect(token.calls).toEqual(calls);
    expect(token.calls.readCertificates).toBe(2);
  });

  it('a reader unplugged and plugged back with a card: read again', async () => {
    const { token, runtime, insert, replug } = setup(['Reader A']);
    insert(0, annaCard);
    await readCard(runtime, {});
    replug(0);
    insert(0, bramCard);
    expect((await readCard(runtime, {})).identity.uziNumber).toBe(bramCard.uziNumber);
    expect(token.calls.readCertificates).toBe(2);
  });
});
