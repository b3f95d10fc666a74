// Watches PC/SC readers and card presence through pcsclite and turns state changes into
// host events. Recovers on its own when pcscd stops and starts again: pcsclite cannot, so
// the whole context is closed and re-created with a backoff.
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type pcsclite from 'pcsclite';
import { identifyAtr } from '../../../../shared/atr.js';
import type { HostEvent, ReaderInfo } from '../../../../shared/protocol/host.js';
import { TIMEOUTS } from '../../config.js';
import { log } from '../../util/log.js';

type PcscLiteFactory = typeof pcsclite;
type PcscContext = ReturnType<PcscLiteFactory>;
type PcscReader = Parameters<Parameters<PcscContext['on']>[1]>[0] & { close(): void; name: string };

/** PC/SC reader state bits (winscard.h); the high 16 bits are an event counter. */
const SCARD_STATE = Object.freeze({ EMPTY: 0x0010, PRESENT: 0x0020, MUTE: 0x0200 });

interface ReaderState {
  name: string;
  cardPresent: boolean;
  atr?: string;
  seenStatus: boolean;
  handle: PcscReader;
}

export interface PcscMonitorEvents {
  event: [HostEvent];
}

export class PcscMonitor extends EventEmitter<PcscMonitorEvents> {
  private context: PcscContext | undefined;
  private readonly readers = new Map<string, ReaderState>();
  private available = false;
  private lastError: string | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number = TIMEOUTS.pcscRetryInitialMs;
  private stopped = false;
  private startedAt = 0;
  private lastChangeAt = 0;
  private enumerated = false;
  /** Card and reader removals so far: lets a caller ask "did a card leave since I started?". */
  private removals = 0;

  constructor(private readonly loadBinding: () => PcscLiteFactory = defaultBinding) {
    super();
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.closeContext();
  }

  get pcscAvailable(): boolean {
    return this.available;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  snapshot(): ReaderInfo[] {
    return [...this.readers.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((reader) => {
        const info: ReaderInfo = { name: reader.name, cardPresent: reader.cardPresent };
        if (reader.cardPresent && reader.atr) {
          const identified = identifyAtr(reader.atr);
          info.atr = reader.atr;
          info.cardKind = identified.kind;
          info.cardLabel = identified.label;
        }
        return info;
      });
  }

  /** A mark to pass to removedSince() later. */
  get removalMark(): number {
    return this.removals;
  }

  /**
   * Whether a card or reader was removed (or PC/SC went away) after `mark`, waiting up to `graceMs`
   * for PC/SC to notice: the middleware often fails a transmit before pcscd's presence poll does.
   */
  async removedSince(mark: number, graceMs: number): Promise<boolean> {
    const deadline = Date.now() + graceMs;
    for (;;) {
      if (this.removals > mark) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Resolves once the first enumeration has settled (every reader reported its state and
   * nothing changed for a short while), or after a deadline, so `status` right after start
   * does not answer "no readers" while pcsclite is still listing them.
   */
  async settled(deadlineMs: number = TIMEOUTS.pcscSettleDeadlineMs): Promise<void> {
    // Only the first enumeration after (re)connecting is waited for: later changes are events,
    // and waiting for quiet after every insert would add the quiet period to each first read.
    if (this.enumerated) return;
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline) {
      const quietFor = Date.now() - Math.max(this.lastChangeAt, this.startedAt);
      const allSeen = [...this.readers.values()].every((reader) => reader.seenStatus);
      if (!this.available && this.lastError !== undefined) return;
      // No reader yet may only mean pcsclite has not listed them: give it longer before believing it.
      const sinceStart = Date.now() - this.startedAt;
      const longEnough = this.readers.size > 0 || sinceStart >= TIMEOUTS.pcscNoReaderWaitMs;
      if (allSeen && longEnough && quietFor >= TIMEOUTS.pcscQuietMs) {
        this.enumerated = true;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private connect(): void {
    if (this.stopped) return;
    this.startedAt = Date.now();
    this.enumerated = false;
    let context: PcscContext;
    try {
      context = this.loadBinding()();
    } catch (error) {
      this.markUnavailable(error);
      return;
    }
    this.context = context;
    this.setAvailable(true, undefined);
    context.on('error', (error: unknown) => {
      if (this.context !== context) return;
      this.markUnavailable(error);
    });
    context.on('reader', (handle) => this.addReader(handle));
  }

  private addReader(handle: PcscReader): void {
    const state: ReaderState = { name: handle.name, cardPresent: false, seenStatus: false, handle };
    this.readers.set(handle.name, state);
    this.touch();
    this.emitEvent({ type: 'event', event: 'reader-added', reader: handle.name });
    handle.on('error', (error: unknown) => {
      log.warn('pcsc reader error', { reader: handle.name, error: describe(error) });
    });
    handle.on('status', (status) => {
      const present = (status.state & SCARD_STATE.PRESENT) !== 0 && (status.state & SCARD_STATE.MUTE) === 0;
      const atr =
        present && status.atr && status.atr.length > 0 ? status.atr.toString('hex').toUpperCase() : undefined;
      const changed = present !== state.cardPresent || atr !== state.atr;
      const first = !state.seenStatus;
      state.seenStatus = true;
      state.cardPresent = present;
      state.atr = atr;
      this.touch();
      if (!changed) return;
      if (present) {
        this.emitEvent({
          type: 'event',
          event: 'card-inserted',
          reader: handle.name,
          ...(atr ? { atr, cardKind: identifyAtr(atr).kind } : {}),
        });
      } else if (!first) {
        this.emitEvent({ type: 'event', event: 'card-removed', reader: handle.name });
      }
    });
    handle.on('end', () => {
      const had = this.readers.get(handle.name);
      if (had?.handle !== handle) return;
      this.readers.delete(handle.name);
      this.touch();
      if (had.cardPresent) this.emitEvent({ type: 'event', event: 'card-removed', reader: handle.name });
      this.emitEvent({ type: 'event', event: 'reader-removed', reader: handle.name });
    });
  }

  private markUnavailable(error: unknown): void {
    const message = describe(error);
    const wasAvailable = this.available;
    this.closeContext();
    for (const reader of this.readers.values()) {
      if (reader.cardPresent) this.emitEvent({ type: 'event', event: 'card-removed', reader: reader.name });
      this.emitEvent({ type: 'event', event: 'reader-removed', reader: reader.name });
    }
    this.readers.clear();
    this.setAvailable(false, message);
    if (wasAvailable) log.warn('pcsc unavailable', { error: message });
    this.scheduleRetry();
  }

  private setAvailable(available: boolean, error: string | undefined): void {
    const changed = available !== this.available;
    this.available = available;
    this.lastError = error;
    if (available) this.retryDelayMs = TIMEOUTS.pcscRetryInitialMs;
    if (changed) this.emitEvent({ type: 'event', event: 'pcsc-state', pcscAvailable: available });
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, this.retryDelayMs);
    // A retry timer alone must not keep the host alive after stdin closed.
    this.retryTimer.unref();
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, TIMEOUTS.pcscRetryMaxMs);
  }

  private closeContext(): void {
    const context = this.context;
    this.context = undefined;
    if (!context) return;
    for (const reader of this.readers.values()) {
      reader.handle.removeAllListeners();
      // pcsclite still reports the dead service on each reader: an unheard 'error' event would
      // crash the host (Node throws on 'error' without a listener).
      reader.handle.on('error', () => undefined);
      try {
        reader.handle.close();
      } catch {
        // already closed by pcsclite
      }
    }
    try {
      context.removeAllListeners();
      context.on('error', () => undefined);
      context.close();
    } catch {
      // pcsclite throws when the service is already gone; nothing left to release
    }
  }

  private touch(): void {
    this.lastChangeAt = Date.now();
  }

  private emitEvent(event: HostEvent): void {
    if (event.event === 'card-removed' || event.event === 'reader-removed') this.removals += 1;
    this.emit('event', event);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function defaultBinding(): PcscLiteFactory {
  // Loaded lazily so that `hello` goes out before the native addon is mapped in.
  const require = createRequire(import.meta.url);
  return require('pcsclite') as PcscLiteFactory;
}
