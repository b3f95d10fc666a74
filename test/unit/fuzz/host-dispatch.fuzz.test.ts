// Fuzzes HostServer in-process over PassThrough streams with fake command handlers. Every
// generated request is planned with its expected answer from a field table written here, not from
// the validators under test: unknown fields (also `constructor`, `__proto__`), wrong types in every
// field of every command, missing fields, unknown commands, ids of every shape, non-objects,
// undecodable frames and oversized frames. After each batch a `status` request must still answer.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeFrame, FrameReader } from '../../../native-host/src/messaging/framing.js';
import { HostServer, type CommandHandlers } from '../../../native-host/src/messaging/host-server.js';
import { CompanionError } from '../../../shared/errors.js';
import {
  HOST_ARGUMENT_VALIDATORS,
  HOST_COMMANDS,
  HOST_MAX_INBOUND_BYTES,
  HOST_MAX_OUTBOUND_BYTES,
  HOST_PROTOCOL_VERSION,
  type HostCommand,
  type HostStatus,
} from '../../../shared/protocol/host.js';
import { SIGN_HASH_ALGORITHMS } from '../../../shared/protocol/token.js';
import { ALPHABETS, createRng, deepArrayJson, fuzzSeed, randomJson, type Rng } from './prng.js';

const SEED = fuzzSeed();
console.info(`host-dispatch fuzz seed ${SEED} (replay: ZORGID_FUZZ_SEED=${SEED})`);

const BATCHES = 50;
const BATCH_SIZE = 1_000;
const VERSION = '9.9.9-fuzz';
/** Only generated PINs contain this character, so stderr can be searched for any of them. */
const PIN_MARK = '§';

// ---- the field table: what each command accepts, independent of HOST_ARGUMENT_VALIDATORS ----

interface Field {
  type: 'string' | 'boolean' | 'object';
  valid(rng: Rng): unknown;
  /** Values of the right type that break a limit or pattern. */
  invalidStrings: readonly string[];
}

const long = (n: number) => 'a'.repeat(n);
const WRONG_TYPES: readonly unknown[] = [null, 0, -1, 1.5, 1e308, true, false, [], ['a'], {}, { a: 1 }];

const ORIGIN: Field = {
  type: 'string',
  valid: (rng) =>
    `${rng.pick(['https', 'http'])}://${rng.text(rng.range(1, 30), 'abcdefghijklmnopqrstuvwxyz0123456789.-')}${rng.chance(0.3) ? `:${rng.range(0, 99999)}` : ''}`,
  invalidStrings: [
    '',
    'https://',
    'HTTPS://ACCEPTATIE.ZORG-ID.NL',
    'https://acceptatie.zorg-id.nl/',
    'https://acceptatie.zorg-id.nl/pad',
    'https://acceptatie.zorg-id.nl:123456',
    'https://acceptatie.zorg-id.nl\n',
    'https://user@acceptatie.zorg-id.nl',
    'javascript:alert(1)',
    'null',
    'file://',
    'chrome-extension://gjfjbnnkkppekanfkhdpbgihcjphepfc',
    `https://${long(600)}`,
  ],
};
const CHALLENGE: Field = {
  type: 'string',
  valid: (rng) => rng.text(rng.range(16, 256), ALPHABETS.printable),
  invalidStrings: ['', long(15), long(257), 'a challenge with spaces', `${long(20)}é`, `${long(20)}\n`],
};
const PIN: Field = {
  type: 'string',
  valid: (rng) => PIN_MARK + rng.text(rng.range(3, 15), `0123456789${ALPHABETS.hostile}`),
  invalidStrings: ['', '123', long(17)],
};
const HASH: Field = {
  type: 'string',
  valid: (rng) => rng.text(rng.range(40, 98), ALPHABETS.base64) + rng.pick(['', '=', '==']),
  invalidStrings: [
    '',
    long(39),
    long(101),
    `${long(40)}===`,
    `${long(40)}-_`,
    `${long(40)} `,
    `=${long(40)}`,
  ],
};
const HASH_ALGORITHM: Field = {
  type: 'string',
  valid: (rng) => rng.pick(SIGN_HASH_ALGORITHMS),
  invalidStrings: ['', 'sha-256', 'SHA-1', 'SHA256', 'SHA-256 ', 'MD5'],
};
const CONFIRM: Field = {
  type: 'boolean',
  valid: (rng) => rng.chance(0.5),
  invalidStrings: ['true', 'false', ''],
};
const READER: Field = {
  type: 'string',
  valid: (rng) => rng.text(rng.range(1, 200), ALPHABETS.hostile + ALPHABETS.printable),
  invalidStrings: ['', long(201)],
};

const PKCS11_MODULES: Field = {
  type: 'object',
  valid: (rng) =>
    rng.pick([
      {},
      { linux: ['/usr/lib/libaetpkss.so.3'] },
      { windows: ['C:\\Windows\\System32\\aetpkss1.dll'], macos: [] },
    ]),
  // Strings where an object belongs: a wrong type, refused like the others.
  invalidStrings: ['', '/usr/lib/libaetpkss.so.3'],
};

interface CommandFields {
  required: Record<string, Field>;
  optional: Record<string, Field>;
}

const FIELDS: Record<HostCommand, CommandFields> = {
  status: { required: {}, optional: {} },
  readCard: { required: {}, optional: { reader: READER } },
  authenticate: {
    required: { origin: ORIGIN, challenge: CHALLENGE },
    optional: { pin: PIN, confirmLastTry: CONFIRM, reader: READER },
  },
  sign: {
    required: { origin: ORIGIN, hash: HASH, hashAlgorithm: HASH_ALGORITHM },
    optional: { pin: PIN, confirmLastTry: CONFIRM, reader: READER },
  },
  pinStatus: { required: {}, optional: { reader: READER } },
  revocation: { required: {}, optional: { reader: READER } },
  subscribe: { required: {}, optional: {} },
  quit: { required: {}, optional: {} },
  configure: { required: {}, optional: { pkcs11Modules: PKCS11_MODULES } },
};

/** Keys that must be refused wherever they are not fields; the first ones live on Object.prototype. */
const FOREIGN_KEYS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'origin',
  'pin',
  'Pin',
  'PIN',
  'challenge',
  'arguments',
  'id',
  '',
  ' reader',
];

const UNKNOWN_COMMANDS: readonly unknown[] = [
  'Status',
  'status ',
  ' status',
  'STATUS',
  'debugSleep',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'length',
  'zorgid-companion:request',
  '',
  long(5000),
  null,
  0,
  1,
  true,
  [],
  ['status'],
  {},
  { status: true },
];

const INVALID_IDS: readonly unknown[] = [
  '',
  long(65),
  'a b',
  'a\n',
  'a\u0000',
  'é',
  'a/b',
  '../x',
  '<script>',
  'a,b',
  'id\u202e',
  '\ud800',
  0,
  1,
  -1,
  null,
  true,
  [],
  ['a'],
  {},
  { id: 'a' },
];

// ---- generation ----

type Outcome = 'ok' | 'NO_CARD' | 'INTERNAL' | 'BAD_REQUEST' | 'UNKNOWN_COMMAND' | 'MESSAGE_TOO_LARGE';

interface Planned {
  bytes: Buffer;
  /** Attribution in the answer: the id, or null when the frame cannot be attributed. */
  id: string | null;
  outcome: Outcome;
}

let idCounter = 0;
const freshId = (rng: Rng) =>
  rng.chance(0.2) ? rng.text(rng.range(1, 64), ALPHABETS.id) : `f-${(idCounter++).toString(36)}`;

function validArguments(rng: Rng, command: HostCommand): Record<string, unknown> {
  const fields = FIELDS[command];
  const args: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields.required)) args[key] = field.valid(rng);
  for (const [key, field] of Object.entries(fields.optional))
    if (rng.chance(0.5)) args[key] = field.valid(rng);
  return args;
}

/** The fakes answer by command: readCard has no card; pinStatus for reader "boom" throws a plain Error. */
function successOutcome(command: HostCommand, args: Record<string, unknown>): Outcome {
  if (command === 'readCard') return 'NO_CARD';
  if (command === 'pinStatus' && args.reader === 'boom') return 'INTERNAL';
  return 'ok';
}

const request = (id: unknown, command: unknown, args?: unknown, omitArguments = false): Buffer =>
  encodeFrame(omitArguments ? { id, command } : { id, command, arguments: args });

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // Plain assignment of `__proto__` would change the prototype instead of adding a field.
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

function plan(rng: Rng): Planned {
  const command = rng.pick(HOST_COMMANDS);
  const fields = FIELDS[command];
  const fieldNames = [...Object.keys(fields.required), ...Object.keys(fields.optional)];
  const id = freshId(rng);
  switch (rng.int(12)) {
    case 0:
    case 1: {
      const args = validArguments(rng, command);
      if (command === 'pinStatus' && rng.chance(0.1)) args.reader = 'boom';
      const omit = Object.keys(args).length === 0 && rng.chance(0.5);
      return { bytes: request(id, command, args, omit), id, outcome: successOutcome(command, args) };
    }
    case 2:
    case 3: {
      // A wrong value in one field, required or optional.
      if (fieldNames.length === 0) break;
      const args = validArguments(rng, command);
      const key = rng.pick(fieldNames);
      const field = fields.required[key] ?? fields.optional[key];
      if (!field) throw new Error(`no field ${key}`);
      const wrongTypes = WRONG_TYPES.filter((value) => typeof value !== field.type);
      args[key] = rng.chance(0.5) ? rng.pick(wrongTypes) : rng.pick(field.invalidStrings);
      // null in an optional field is a wrong type too: only an absent field is "not given".
      return { bytes: request(id, command, args), id, outcome: 'BAD_REQUEST' };
    }
    case 4: {
      const required = Object.keys(fields.required);
      if (required.length === 0) break;
      const args = validArguments(rng, command);
      delete args[rng.pick(required)];
      return { bytes: request(id, command, args), id, outcome: 'BAD_REQUEST' };
    }
    case 5: {
      const args = validArguments(rng, command);
      const candidates = [...FOREIGN_KEYS, rng.text(rng.range(1, 10), ALPHABETS.printable)].filter(
        (key) => !fieldNames.includes(key),
      );
      setOwn(args, rng.pick(candidates), rng.chance(0.5) ? randomJson(rng) : rng.pick(WRONG_TYPES));
      return { bytes: request(id, command, args), id, outcome: 'BAD_REQUEST' };
    }
    case 6: {
      const args = rng.pick<unknown>([[], [validArguments(rng, command)], 'x', '', 0, 1, true, false]);
      return { bytes: request(id, command, args), id, outcome: 'BAD_REQUEST' };
    }
    case 7: {
      const unknown = rng.chance(0.3)
        ? rng.text(rng.range(1, 20), ALPHABETS.printable)
        : rng.pick(UNKNOWN_COMMANDS);
      if (typeof unknown === 'string' && (HOST_COMMANDS as string[]).includes(unknown)) break;
      const omit = rng.chance(0.1);
      const bytes = omit ? encodeFrame({ id }) : request(id, unknown, randomJson(rng));
      return { bytes, id, outcome: 'UNKNOWN_COMMAND' };
    }
    case 8: {
      const bad = rng.pick(INVALID_IDS);
      const message: Record<string, unknown> = { command, arguments: validArguments(rng, command) };
      if (!rng.chance(0.1)) message.id = bad;
      return { bytes: encodeFrame(message), id: null, outcome: 'BAD_REQUEST' };
    }
    case 9: {
      let value = randomJson(rng);
      while (typeof value === 'object' && value !== null && !Array.isArray(value)) value = randomJson(rng);
      return { bytes: encodeFrame(value), id: null, outcome: 'BAD_REQUEST' };
    }
    case 10: {
      // Frames that do not decode: invalid UTF-8, broken JSON, empty.
      const text = JSON.stringify({ id, command, arguments: validArguments(rng, command) });
      const body = rng.pick([
        Buffer.concat([Buffer.from(text.slice(0, -1)), Buffer.from([0xc0, 0xaf]), Buffer.from('}')]),
        Buffer.from(text.slice(0, rng.int(text.length))),
        Buffer.from(`${text},`),
        Buffer.alloc(0),
        Buffer.from("{'id':'a'}"),
      ]);
      const header = Buffer.alloc(4);
      header.writeUInt32LE(body.length, 0);
      return { bytes: Buffer.concat([header, body]), id: null, outcome: 'BAD_REQUEST' };
    }
    default: {
      // Top-level fields beside id/command/arguments are not part of the contract and are ignored.
      const args = validArguments(rng, command);
      const message = {
        id,
        command,
        arguments: args,
        [rng.pick(['origin', 'pin', 'extra', 'type'])]: randomJson(rng),
      };
      return { bytes: encodeFrame(message), id, outcome: successOutcome(command, args) };
    }
  }
  return plan(rng);
}

// ---- the server under test ----

const STATUS: HostStatus = {
  version: VERSION,
  protocol: HOST_PROTOCOL_VERSION,
  pcsc: { available: true },
  readers: [{ name: 'Virtual PCD 00 00', cardPresent: false }],
};

function harness() {
  const input = new PassThrough();
  const output = new PassThrough();
  const outputReader = new FrameReader(HOST_MAX_OUTBOUND_BYTES);
  const answers: Record<string, unknown>[] = [];
  const undecodable: unknown[] = [];
  output.on('data', (chunk: Buffer) => {
    for (const event of outputReader.push(chunk)) {
      if (event.kind === 'message') answers.push(event.value as Record<string, unknown>);
      else undecodable.push(event);
    }
  });
  const violations: string[] = [];
  const calls: Record<HostCommand, number> = Object.fromEntries(HOST_COMMANDS.map((c) => [c, 0])) as Record<
    HostCommand,
    number
  >;

  /** Each fake first checks what it was given against the table above and the shared validator. */
  const checked = <C extends HostCommand>(command: C, answer: (args: Record<string, unknown>) => unknown) =>
    ((args: unknown) => {
      calls[command] += 1;
      const given = args as Record<string, unknown>;
      try {
        HOST_ARGUMENT_VALIDATORS[command](given, 'arguments');
      } catch (error) {
        violations.push(`${command} called with arguments its validator refuses: ${String(error)}`);
      }
      const allowed = [...Object.keys(FIELDS[command].required), ...Object.keys(FIELDS[command].optional)];
      const extra = Reflect.ownKeys(given).filter((key) => typeof key !== 'string' || !allowed.includes(key));
      if (Object.getPrototypeOf(given) !== Object.prototype || extra.length > 0) {
        violations.push(`${command} called with foreign fields ${extra.map(String).join(', ')}`);
      }
      // Like a real command: a throw becomes a rejected promise, not a synchronous exception.
      return Promise.resolve().then(() => answer(given));
    }) as unknown as CommandHandlers[C];

  const handlers: CommandHandlers = {
    status: checked('status', () => STATUS),
    readCard: checked('readCard', () => {
      throw new CompanionError('NO_CARD');
    }),
    authenticate: checked('authenticate', (args) => ({
      format: 'zorgid-companion/auth-token:1',
      algorithm: 'RS256',
      certificate: 'Y2VydA==',
      signature: 'c2ln',
      origin: args.origin,
      challenge: args.challenge,
    })),
    sign: checked('sign', (args) => ({
      signature: 'c2ln',
      certificate: 'Y2VydA==',
      hashAlgorithm: args.hashAlgorithm,
    })),
    pinStatus: checked('pinStatus', (args) => {
      if (args.reader === 'boom') throw new Error('a bug in a command');
      return { triesLeft: null, blocked: false, finalTry: false, pinpad: false };
    }),
    revocation: checked('revocation', () => ({ status: 'unknown', reason: 'fuzz', tried: [] })),
    subscribe: checked('subscribe', () => ({ subscribed: true })),
    // The real quit ends the server; here it only answers, so the fuzz can go on.
    quit: checked('quit', () => ({ bye: true })),
    configure: checked('configure', () => ({
      pkcs11: { module: '/usr/lib/libaetpkss.so.3', source: 'policy' },
    })),
  };
  let closed = false;
  const server = new HostServer({
    input,
    output,
    version: VERSION,
    handlers,
    onClose: () => (closed = true),
  });
  server.start();
  return { input, answers, undecodable, violations, calls, isClosed: () => closed };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (seed ${SEED})`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function outcomeOf(answer: Record<string, unknown>): string {
  const id = typeof answer.id === 'string' ? answer.id : JSON.stringify(answer.id);
  if ('result' in answer) return `${id}|ok`;
  const error = answer.error as { code?: unknown; message?: unknown } | undefined;
  return `${id}|${String(error?.code)}`;
}

function split(rng: Rng, bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = rng.chance(0.3) ? rng.range(1, 16) : rng.range(1, 64 * 1024);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

// ---- the tests ----

let stderr: string[] = [];
beforeAll(() => {
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
});
afterAll(() => {
  vi.restoreAllMocks();
});

describe(`HostServer fuzz (seed ${SEED})`, () => {
  it('the field table covers exactly the host commands', () => {
    expect(Object.keys(FIELDS).sort()).toEqual([...HOST_COMMANDS].sort());
  });

  it(`answers ${BATCHES * BATCH_SIZE} generated requests as planned and stays usable`, async () => {
    const rng = createRng(SEED);
    const host = harness();
    await until(() => host.answers.length === 1, 'hello');
    expect(host.answers[0]).toEqual({ type: 'hello', version: VERSION, protocol: HOST_PROTOCOL_VERSION });
    let expectedAnswers = 1;
    const tally: Record<string, number> = {};
    for (let batch = 0; batch < BATCHES; batch++) {
      const planned = Array.from({ length: BATCH_SIZE }, () => plan(rng));
      for (const item of planned) tally[item.outcome] = (tally[item.outcome] ?? 0) + 1;
      const start = host.answers.length;
      for (const chunk of split(rng, Buffer.concat(planned.map((item) => item.bytes))))
        host.input.write(chunk);
      expectedAnswers += planned.length;
      await until(() => host.answers.length >= expectedAnswers, `batch ${batch}`);
      const got = host.answers.slice(start).map(outcomeOf).sort();
      const want = planned.map((item) => `${item.id ?? 'null'}|${item.outcome}`).sort();
      if (got.join() !== want.join()) {
        // Name the first request whose answer differs, so a failure reads without a replay.
        const wrong = planned.find((item) => !got.includes(`${item.id ?? 'null'}|${item.outcome}`));
        expect.fail(
          `batch ${batch}, seed ${SEED}: ${wrong?.bytes.subarray(4).toString('utf8').slice(0, 400)} → expected ${wrong?.outcome}`,
        );
      }

      // The channel is still usable: a plain status request gets the right answer.
      const probe = `probe-${batch}`;
      host.input.write(encodeFrame({ id: probe, command: 'status' }));
      expectedAnswers += 1;
      await until(() => host.answers.length >= expectedAnswers, `status probe ${batch}`);
      expect(host.answers.at(-1)).toEqual({ id: probe, result: STATUS });
    }
    expect(host.violations).toEqual([]);
    expect(host.undecodable).toEqual([]);
    expect(host.isClosed()).toBe(false);
    // Every kind of outcome was exercised, and every handler was reached.
    for (const outcome of ['ok', 'NO_CARD', 'INTERNAL', 'BAD_REQUEST', 'UNKNOWN_COMMAND']) {
      expect(tally[outcome], outcome).toBeGreaterThan(0);
    }
    for (const command of HOST_COMMANDS) expect(host.calls[command], command).toBeGreaterThan(0);
    // No generated PIN ever reached the log.
    expect(stderr.join('').includes(PIN_MARK)).toBe(false);
    console.info(`host-dispatch fuzz: ${BATCHES * BATCH_SIZE} requests`, tally);
  });

  it('answers hostile frames and lengths with error frames, then still answers status', async () => {
    const host = harness();
    await until(() => host.answers.length === 1, 'hello');
    const huge = `"${'x'.repeat(HOST_MAX_INBOUND_BYTES - 2)}"`;
    const deepWithin = deepArrayJson(HOST_MAX_INBOUND_BYTES / 2 - 1);
    const frames: [Buffer, string][] = [
      // Exactly at the limit, but not an object.
      [encodeFrame(JSON.parse(huge)), 'null|BAD_REQUEST'],
      // One byte over the limit, with its bytes.
      [encodeFrame(`${JSON.parse(huge) as string}x`), 'null|MESSAGE_TOO_LARGE'],
      // 32 767 levels deep, within the limit.
      [
        Buffer.concat([lengthPrefix(Buffer.byteLength(deepWithin)), Buffer.from(deepWithin)]),
        'null|BAD_REQUEST',
      ],
      // Deep arguments inside an otherwise valid request.
      [
        rawFrame(`{"id":"deep-1","command":"status","arguments":{"a":${deepArrayJson(20_000)}}}`),
        'deep-1|BAD_REQUEST',
      ],
      // 100 000 deep: over the limit.
      [Buffer.concat([lengthPrefix(200_000), Buffer.from(deepArrayJson(100_000))]), 'null|MESSAGE_TOO_LARGE'],
      // A big reader name within the frame limit.
      [request('big-1', 'readCard', { reader: 'r'.repeat(60_000) }), 'big-1|BAD_REQUEST'],
      // A field name of 60 000 characters.
      [request('big-2', 'status', { ['k'.repeat(60_000)]: 1 }), 'big-2|BAD_REQUEST'],
    ];
    for (const [bytes] of frames) host.input.write(bytes);
    await until(() => host.answers.length >= 1 + frames.length, 'hostile answers');
    expect(host.answers.slice(1).map(outcomeOf).sort()).toEqual(frames.map(([, want]) => want).sort());
    for (const answer of host.answers.slice(1)) {
      expect(Buffer.byteLength(JSON.stringify(answer))).toBeLessThan(HOST_MAX_OUTBOUND_BYTES);
    }
    host.input.write(encodeFrame({ id: 'after', command: 'status' }));
    await until(() => host.answers.length >= 2 + frames.length, 'status after hostile frames');
    expect(host.answers.at(-1)).toEqual({ id: 'after', result: STATUS });
    expect(host.violations).toEqual([]);
  });

  it('a 0xFFFFFFFF length gets MESSAGE_TOO_LARGE and swallows what follows without buffering it', async () => {
    // The browser never writes such a frame (Chrome caps messages to the host far below it): a
    // length like this means the stream is out of step, and no length-prefixed reader can resync.
    const host = harness();
    await until(() => host.answers.length === 1, 'hello');
    host.input.write(lengthPrefix(0xffffffff));
    host.input.write(encodeFrame({ id: 'eaten', command: 'status' }));
    await until(() => host.answers.length >= 2, 'too-large answer');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(host.answers.slice(1).map(outcomeOf)).toEqual(['null|MESSAGE_TOO_LARGE']);
    expect(host.calls.status).toBe(0);
  });

  it('ends cleanly at end of input after answering requests in flight', async () => {
    const host = harness();
    host.input.write(encodeFrame({ id: 'last', command: 'status' }));
    host.input.end();
    await until(() => host.isClosed(), 'close');
    expect(host.answers.map(outcomeOf)).toContain('last|ok');
  });
});

function rawFrame(text: string): Buffer {
  return Buffer.concat([lengthPrefix(Buffer.byteLength(text)), Buffer.from(text, 'utf8')]);
}

function lengthPrefix(length: number): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(length >>> 0, 0);
  return header;
}
