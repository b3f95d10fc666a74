// Native messaging framing: 4-byte little-endian length, then that many bytes of UTF-8 JSON.
// The reader never buffers more than the limit: an oversized frame is reported and its bytes
// are skipped as they arrive, so a hostile length cannot make the host allocate it.

export const FRAME_HEADER_BYTES = 4;

export type FrameEvent =
  | { kind: 'message'; value: unknown }
  | { kind: 'invalid-json'; reason: string }
  | { kind: 'too-large'; length: number };

export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private skipRemaining = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feed bytes; returns the complete frames they finish. */
  push(chunk: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    let data = chunk;
    if (this.skipRemaining > 0) {
      const skipped = Math.min(this.skipRemaining, data.length);
      this.skipRemaining -= skipped;
      data = data.subarray(skipped);
    }
    this.buffer = this.buffer.length === 0 ? Buffer.from(data) : Buffer.concat([this.buffer, data]);
    for (;;) {
      if (this.skipRemaining > 0) {
        const skipped = Math.min(this.skipRemaining, this.buffer.length);
        this.skipRemaining -= skipped;
        this.buffer = this.buffer.subarray(skipped);
        if (this.skipRemaining > 0) break;
      }
      if (this.buffer.length < FRAME_HEADER_BYTES) break;
      const length = this.buffer.readUInt32LE(0);
      if (length > this.maxFrameBytes) {
        events.push({ kind: 'too-large', length });
        this.buffer = this.buffer.subarray(FRAME_HEADER_BYTES);
        this.skipRemaining = length;
        continue;
      }
      if (this.buffer.length < FRAME_HEADER_BYTES + length) break;
      const body = this.buffer.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length);
      this.buffer = this.buffer.subarray(FRAME_HEADER_BYTES + length);
      events.push(decodeBody(body));
    }
    // Keep the remainder in its own small buffer so the big chunk it came from can be freed.
    if (this.buffer.length > 0) this.buffer = Buffer.from(this.buffer);
    return events;
  }

  /** Bytes of an unfinished frame at end of input. */
  get pendingBytes(): number {
    return this.buffer.length;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeBody(body: Buffer): FrameEvent {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return { kind: 'invalid-json', reason: 'not valid UTF-8' };
  }
  try {
    return { kind: 'message', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'invalid-json', reason: error instanceof Error ? error.message : 'invalid JSON' };
  }
}

export function encodeFrame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}
