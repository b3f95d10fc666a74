import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameReader } from '../../../native-host/src/messaging/framing.js';

const frame = (body: Buffer) => {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
};

describe('FrameReader', () => {
  it('decodes frames split at every byte boundary', () => {
    const bytes = Buffer.concat([encodeFrame({ a: 1 }), encodeFrame({ b: 'é' })]);
    const reader = new FrameReader(1024);
    const values: unknown[] = [];
    for (const byte of bytes) {
      for (const event of reader.push(Buffer.from([byte]))) {
        if (event.kind === 'message') values.push(event.value);
      }
    }
    expect(values).toEqual([{ a: 1 }, { b: 'é' }]);
    expect(reader.pendingBytes).toBe(0);
  });

  it('reports an oversized frame without buffering it, then reads the next one', () => {
    const reader = new FrameReader(16);
    const big = frame(Buffer.alloc(1000, 0x20));
    const events = [
      ...reader.push(big.subarray(0, 10)),
      ...reader.push(big.subarray(10)),
      ...reader.push(encodeFrame([1])),
    ];
    expect(events).toEqual([
      { kind: 'too-large', length: 1000 },
      { kind: 'message', value: [1] },
    ]);
    expect(reader.pendingBytes).toBe(0);
  });

  it('reports invalid UTF-8 and invalid JSON as such', () => {
    const reader = new FrameReader(64);
    const events = reader.push(
      Buffer.concat([frame(Buffer.from([0xff, 0xfe])), frame(Buffer.from('{nope'))]),
    );
    expect(events.map((event) => event.kind)).toEqual(['invalid-json', 'invalid-json']);
    expect(events[0]).toMatchObject({ reason: 'not valid UTF-8' });
  });

  it('keeps an unfinished frame pending', () => {
    const reader = new FrameReader(64);
    expect(reader.push(encodeFrame({ x: 1 }).subarray(0, 6))).toEqual([]);
    expect(reader.pendingBytes).toBe(6);
  });
});
