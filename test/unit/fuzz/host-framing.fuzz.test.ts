// Fuzzes the host's FrameReader: generated streams of frames (valid JSON, invalid UTF-8, invalid
// JSON, empty, oversized with their bytes, unfinished, hostile lengths) pushed in random pieces.
// The expected events come from the plan the stream was built from, not from the reader.
import { describe, expect, it } from 'vitest';
import {
  encodeFrame,
  FRAME_HEADER_BYTES,
  FrameReader,
  type FrameEvent,
} from '../../../native-host/src/messaging/framing.js';
import { HOST_MAX_INBOUND_BYTES } from '../../../shared/protocol/host.js';
import { createRng, deepArrayJson, fuzzSeed, randomJson, type Rng } from './prng.js';

const SEED = fuzzSeed();
console.info(`host-framing fuzz seed ${SEED} (replay: ZORGID_FUZZ_SEED=${SEED})`);

const SMALL_LIMIT = 256;
const STREAMS = 8_000;
const MAX_FRAMES_PER_STREAM = 12;

/** Byte sequences a strict UTF-8 decoder must refuse. */
const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf], // overlong '/'
  [0xe0, 0x80, 0xaf], // overlong
  [0xed, 0xa0, 0x80], // UTF-16 surrogate encoded in UTF-8
  [0xe2, 0x82], // '€' cut short
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0x80], // lone continuation byte
];

type Expected =
  { kind: 'message'; value: unknown } | { kind: 'invalid-json' } | { kind: 'too-large'; length: number };

interface PlannedFrame {
  bytes: Buffer;
  expected: Expected;
}

const header = (length: number) => {
  const bytes = Buffer.alloc(FRAME_HEADER_BYTES);
  bytes.writeUInt32LE(length >>> 0, 0);
  return bytes;
};
const framed = (body: Buffer) => Buffer.concat([header(body.length), body]);

function bodyFrame(body: Buffer, limit: number): PlannedFrame {
  if (body.length > limit)
    return { bytes: framed(body), expected: { kind: 'too-large', length: body.length } };
  let expected: Expected;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    expected = { kind: 'message', value: JSON.parse(text) as unknown };
  } catch {
    expected = { kind: 'invalid-json' };
  }
  return { bytes: framed(body), expected };
}

function plannedFrame(rng: Rng, limit: number): PlannedFrame {
  switch (rng.int(8)) {
    case 0:
    case 1:
      return bodyFrame(Buffer.from(JSON.stringify(randomJson(rng)), 'utf8'), limit);
    case 2: {
      const valid = Buffer.from(JSON.stringify(randomJson(rng)), 'utf8');
      const at = rng.int(valid.length + 1);
      const bad = Buffer.from(rng.pick(INVALID_UTF8));
      const body = Buffer.concat([valid.subarray(0, at), bad, valid.subarray(at)]);
      const planned = bodyFrame(body, limit);
      // The oracle's own decoder must agree that this is not UTF-8.
      if (planned.expected.kind === 'message') throw new Error('generator: expected invalid UTF-8');
      return planned;
    }
    case 3: {
      // Truncated or mangled JSON text; whether it still parses is decided by JSON.parse itself.
      const text = JSON.stringify(randomJson(rng));
      const mangled = rng.chance(0.5)
        ? text.slice(0, rng.int(text.length))
        : `${text}${rng.pick(['}', ',', ' x', "'", 'NaN'])}`;
      return bodyFrame(Buffer.from(mangled, 'utf8'), limit);
    }
    case 4:
      return { bytes: header(0), expected: { kind: 'invalid-json' } };
    case 5: {
      // Oversized, with its bytes: the reader must skip exactly them, even when they look like frames.
      const length = rng.range(limit + 1, limit * 3);
      const filler = rng.chance(0.5)
        ? rng.bytes(length)
        : Buffer.concat(Array.from({ length: Math.ceil(length / 7) }, () => encodeFrame([1]))).subarray(
            0,
            length,
          );
      return { bytes: Buffer.concat([header(length), filler]), expected: { kind: 'too-large', length } };
    }
    case 6:
      return bodyFrame(rng.bytes(rng.int(limit + 8)), limit);
    default: {
      // Exactly at the limit, and one past it.
      const length = rng.chance(0.5) ? limit : limit + 1;
      const body = Buffer.from(`"${'x'.repeat(Math.max(0, length - 2))}"`, 'utf8');
      return bodyFrame(body, limit);
    }
  }
}

type Tail = { bytes: Buffer; pending: number; events: Expected[] };

/** What may end a stream: nothing, an unfinished frame, or a hostile length whose bytes never come. */
function plannedTail(rng: Rng, limit: number): Tail {
  switch (rng.int(4)) {
    case 0:
      return { bytes: Buffer.alloc(0), pending: 0, events: [] };
    case 1: {
      const whole = encodeFrame(randomJson(rng));
      const cut = whole.subarray(0, rng.range(1, whole.length - 1));
      const length = whole.length - FRAME_HEADER_BYTES;
      // Once its header is in, an oversized frame is reported at once and its bytes skipped.
      if (cut.length >= FRAME_HEADER_BYTES && length > limit) {
        return { bytes: cut, pending: 0, events: [{ kind: 'too-large', length }] };
      }
      return { bytes: cut, pending: cut.length, events: [] };
    }
    case 2: {
      const length = rng.pick([0xffffffff, 0x80000000, 0x7fffffff, limit + 1, 0x01000000]);
      // Whatever follows belongs to the oversized frame and is skipped, never buffered.
      const frame = encodeFrame({ id: 'x', command: 'status' });
      const trailing = frame.subarray(0, Math.min(frame.length, length));
      return {
        bytes: Buffer.concat([header(length), trailing]),
        pending: 0,
        events: [{ kind: 'too-large', length }],
      };
    }
    default: {
      const cut = header(rng.range(1, limit)).subarray(0, rng.range(1, FRAME_HEADER_BYTES - 1));
      return { bytes: cut, pending: cut.length, events: [] };
    }
  }
}

/** Chunk sizes mostly small (split headers and multi-byte characters), sometimes the whole rest. */
function split(rng: Rng, bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = rng.chance(0.1) ? bytes.length - at : rng.chance(0.6) ? rng.range(1, 7) : rng.range(1, 300);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

const normalise = (events: FrameEvent[]): Expected[] =>
  events.map((event) => (event.kind === 'invalid-json' ? { kind: 'invalid-json' } : event));

describe(`FrameReader fuzz (seed ${SEED})`, () => {
  it(`decodes ${STREAMS} generated streams split at random points exactly as planned`, () => {
    const rng = createRng(SEED);
    let frames = 0;
    for (let stream = 0; stream < STREAMS; stream++) {
      const limit = rng.chance(0.9) ? SMALL_LIMIT : rng.range(1, 64);
      const planned = Array.from({ length: rng.range(1, MAX_FRAMES_PER_STREAM) }, () =>
        plannedFrame(rng, limit),
      );
      const tail = plannedTail(rng, limit);
      frames += planned.length + 1;
      const bytes = Buffer.concat([...planned.map((frame) => frame.bytes), tail.bytes]);
      const reader = new FrameReader(limit);
      const events: FrameEvent[] = [];
      for (const chunk of split(rng, bytes)) events.push(...reader.push(chunk));
      const expected = [...planned.map((frame) => frame.expected), ...tail.events];
      // toStrictEqual would separate -0 and 0, which JSON does not; compare as JSON text.
      expect(JSON.stringify(normalise(events)), `stream ${stream}, seed ${SEED}`).toBe(
        JSON.stringify(expected),
      );
      expect(reader.pendingBytes, `stream ${stream}, seed ${SEED}`).toBe(tail.pending);
    }
    expect(frames).toBeGreaterThan(STREAMS * 2);
    console.info(`host-framing fuzz: ${STREAMS} streams, ${frames} frames`);
  });

  it('never buffers the bytes of a 0xFFFFFFFF frame, however many arrive', () => {
    const rng = createRng(SEED ^ 1);
    const reader = new FrameReader(HOST_MAX_INBOUND_BYTES);
    expect(reader.push(header(0xffffffff))).toEqual([{ kind: 'too-large', length: 0xffffffff }]);
    const chunk = rng.bytes(1024 * 1024);
    for (let i = 0; i < 32; i++) {
      expect(reader.push(chunk)).toEqual([]);
      expect(reader.pendingBytes).toBe(0);
    }
  });

  it('parses 100 000-deep JSON in one frame without throwing', () => {
    const body = Buffer.from(deepArrayJson(100_000), 'utf8');
    const reader = new FrameReader(body.length);
    const events = reader.push(framed(body));
    expect(events).toHaveLength(1);
    // V8 parses it iteratively; what matters is one event, no exception.
    expect(['message', 'invalid-json']).toContain(events[0]?.kind);
  });

  it('refuses 100 000-deep JSON at the host limit as too large', () => {
    const body = Buffer.from(deepArrayJson(100_000), 'utf8');
    const reader = new FrameReader(HOST_MAX_INBOUND_BYTES);
    expect(reader.push(framed(body))).toEqual([{ kind: 'too-large', length: body.length }]);
    expect(reader.pendingBytes).toBe(0);
  });

  it('reads a frame of exactly 64 KiB fed one byte at a time in bounded time', () => {
    const value = 'é'.repeat((HOST_MAX_INBOUND_BYTES - 2) / 2);
    const bytes = encodeFrame(value);
    expect(bytes.length - FRAME_HEADER_BYTES).toBe(HOST_MAX_INBOUND_BYTES);
    const reader = new FrameReader(HOST_MAX_INBOUND_BYTES);
    const started = performance.now();
    const events: FrameEvent[] = [];
    for (let i = 0; i < bytes.length; i++) events.push(...reader.push(bytes.subarray(i, i + 1)));
    const ms = performance.now() - started;
    expect(events).toEqual([{ kind: 'message', value }]);
    // Before the reader waited for complete frames this took over a second (quadratic copying).
    expect(ms).toBeLessThan(500);
  });
});
