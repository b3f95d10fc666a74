// Native messaging framing: 4-byte little-endian length, then that many bytes of UTF-8 JSON.
// The reader never buffers more than the limit: an oversized frame is reported and its bytes
// are skipped as they arrive, so a hostile length cannot make the host allocate it.

export const FRAME_HEADER_BYTES = 4;

export type FrameEvent =
  | { kind: 'message'; value: unknown }
  | { kind: 'invalid-json'; reason: string }
  | { kind: 'too-large'; length: number };

export class FrameReader {
  /** Bytes of the unfinished frame, kept as they came: concatenated only once they can complete it. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes needed before anything can be decoded: a header, then header plus body. */
  private needed = FRAME_HEADER_BYTES;
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
    if (data.length === 0) return events;
    this.chunks.push(data);
    this.buffered += data.length;
    // Concatenating on every push made a frame fed in small pieces cost O(n²) copying
    // (a 64 KiB frame byte by byte: over a second); wait until the frame can be complete.
    if (this.buffered < this.needed) return events;
    let buffer = this.chunks.length === 1 ? data : Buffer.concat(this.chunks, this.buffered);
    for (;;) {
      if (this.skipRemaining > 0) {
        const skipped = Math.min(this.skipRemaining, buffer.length);
        this.skipRemaining -= skipped;
        buffer = buffer.subarray(skipped);
        if (this.skipRemaining > 0) {
          this.needed = FRAME_HEADER_BYTES;
          break;
        }
      }
      if (buffer.length < FRAME_HEADER_BYTES) {
        this.needed = FRAME_HEADER_BYTES;
        break;
      }
      const length = buffer.readUInt32LE(0);
      if (length > this.maxFrameBytes) {
        events.push({ kind: 'too-large', length });
        buffer = buffer.subarray(FRAME_HEADER_BYTES);
        this.skipRemaining = length;
        continue;
      }
      if (buffer.length < FRAME_HEADER_BYTES + length) {
        this.needed = FRAME_HEADER_BYTES + length;
        break;
      }
      const body = buffer.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length);
      buffer = buffer.subarray(FRAME_HEADER_BYTES + length);
      events.push(decodeBody(body));
    }
    // Keep the remainder in its own small buffer so the big chunk it came from can be freed.
    this.chunks = buffer.length > 0 ? [Buffer.from(buffer)] : [];
    this.buffered = buffer.length;
    return events;
  }

  /** Bytes of an unfinished frame at end of input. */
  get pendingBytes(): number {
    return this.buffered;
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
