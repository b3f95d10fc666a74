// One way to wait in the kit: poll what the page (or storage) shows until it is what the caller
// waits for; on timeout, fail saying what was awaited and the last state seen. Options are always
// `{ timeoutMs }`.

export interface WaitOptions {
  /** How long to wait before failing (default 15 000 ms). */
  timeoutMs?: number;
}

export const DEFAULT_WAIT_MS = 15_000;
const POLL_MS = 100;

export class KitTimeoutError extends Error {
  constructor(
    readonly waitedFor: string,
    readonly lastSeen: unknown,
    readonly timeoutMs: number,
  ) {
    super(
      `Gewacht op ${waitedFor}, ${timeoutMs} ms; laatst gezien: ${describe(lastSeen)} / ` +
        `waited ${timeoutMs} ms for ${waitedFor}; last seen: ${describe(lastSeen)}`,
    );
    this.name = 'KitTimeoutError';
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Polls `read` until `done(value)` holds; a `read` that throws counts as "not yet" (its error is the last state). */
export async function waitUntil<T>(
  waitedFor: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'nothing yet';
  for (;;) {
    try {
      const value = await read();
      if (done(value)) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new KitTimeoutError(waitedFor, last, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
