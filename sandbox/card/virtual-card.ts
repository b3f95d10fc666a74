// A virtual UZI-pas in a virtual reader: a TCP client of vpcd that answers with the PIV applet.
// Connected = inserted. It reconnects by itself when pcscd (re)starts, and removes itself only at
// a moment OpenSC survives (see remove()).

import { EventEmitter } from 'node:events';
import net from 'node:net';

import { ATRS, DEFAULT_ATR, type AtrName } from './atr.js';
import type { CardSet } from './card-set.js';
import { PivApplet, type PinStatus } from './piv-applet.js';
import { hexFromBytes } from './tlv.js';

export const VPCD_HOST = '127.0.0.1';
/** vpcd's TCP port per reader: 0 = "Virtual PCD 00 00", 1 = "Virtual PCD 00 01". */
export const VPCD_PORT_BY_READER = { 0: 35963, 1: 35964 } as const;
export type ReaderIndex = keyof typeof VPCD_PORT_BY_READER;

/** One-byte vpcd payloads are controls, not APDUs. */
export const VPCD_CONTROL = {
  POWER_OFF: 0,
  POWER_ON: 1,
  RESET: 2,
  GET_ATR: 4,
} as const;

const FRAME_HEADER_BYTES = 2;
const RECONNECT_FIRST_MS = 50;
const RECONNECT_MAX_MS = 1_000;
/** pcscd polls presence every 400 ms; if no poll comes at all, there is no host to confuse. */
const REMOVE_FALLBACK_MS = 5_000;
const RECENT_APDU_LIMIT = 200;

export type CardState =
  /** Not in a reader. */
  | 'removed'
  /** Wants to be in a reader, waiting for vpcd (pcscd not up, or restarting). */
  | 'connecting'
  /** In the reader, not powered. */
  | 'inserted'
  /** In the reader and powered by the host. */
  | 'powered'
  /** remove() called; leaves at vpcd's next presence poll. */
  | 'removing';

export interface CardStats {
  /** Command APDUs since insert (or resetStats), GET RESPONSE and chain parts included. */
  apdus: number;
  powerOns: number;
  resets: number;
  atrRequests: number;
  /** Times the card (re)connected to vpcd since insert. */
  connects: number;
}

export interface ApduRecord {
  command: string;
  response: string;
  at: number;
}

export interface VirtualCardOptions {
  /** ATR by name or as bytes; overrides the card set's ATR. */
  atr?: AtrName | Uint8Array;
  host?: string;
}

export interface AbruptRemoval {
  /** Vanish right after receiving an APDU with this INS (e.g. 0x87 GENERAL AUTHENTICATE); default: the next APDU. */
  onIns?: number;
}

export interface VirtualCardEvents {
  state: [CardState];
  apdu: [ApduRecord];
  power: ['on' | 'off' | 'reset'];
  pin: [PinStatus];
}

export class VirtualCard extends EventEmitter<VirtualCardEvents> {
  readonly atr: Uint8Array;
  private readonly applet: PivApplet;
  private readonly host: string;
  private currentState: CardState = 'removed';
  private currentReader: ReaderIndex | undefined;
  private socket: net.Socket | undefined;
  private inbox = Buffer.alloc(0);
  private reconnectDelay = RECONNECT_FIRST_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private removeFallbackTimer: NodeJS.Timeout | undefined;
  private abrupt: AbruptRemoval | undefined;
  private removalWaiters: (() => void)[] = [];
  private statsSinceInsert: CardStats = emptyStats();
  private readonly recent: ApduRecord[] = [];

  constructor(set: CardSet, options: VirtualCardOptions = {}) {
    super();
    this.applet = new PivApplet(set);
    this.atr = resolveAtr(options.atr ?? set.atr);
    this.host = options.host ?? VPCD_HOST;
  }

  get state(): CardState {
    return this.currentState;
  }

  get reader(): ReaderIndex | undefined {
    return this.currentReader;
  }

  get apduCount(): number {
    return this.statsSinceInsert.apdus;
  }

  get stats(): CardStats {
    return { ...this.statsSinceInsert };
  }

  get pinStatus(): PinStatus {
    return this.applet.status;
  }

  /** The last APDUs (hex), newest last: for traces in tests and benchmarks. */
  get recentApdus(): readonly ApduRecord[] {
    return [...this.recent];
  }

  resetStats(): void {
    this.statsSinceInsert = emptyStats();
    this.recent.length = 0;
  }

  setPinTries(tries: { pin?: number; puk?: number }): void {
    this.applet.setTries(tries);
    this.emit('pin', this.applet.status);
  }

  /** Puts the card in a reader. Resolves once vpcd has the connection; keeps retrying until then. */
  insert(reader: ReaderIndex): Promise<void> {
    if (this.currentState !== 'removed') {
      return Promise.reject(
        new Error(`card is already in reader ${this.currentReader} (${this.currentState})`),
      );
    }
    this.currentReader = reader;
    this.resetStats();
    this.applet.resetSession();
    this.setState('connecting');
    const connected = new Promise<void>((resolve, reject) => {
      const onState = (state: CardState): void => {
        if (state === 'inserted') {
          this.off('state', onState);
          resolve();
        } else if (state === 'removed') {
          this.off('state', onState);
          reject(new Error('card removed before it reached the reader'));
        }
      };
      this.on('state', onState);
    });
    this.connect();
    return connected;
  }

  /**
   * Takes the card out the way a hand does between two commands: at vpcd's next presence poll
   * (GET ATR), never between a command and its answer nor inside a chain or 61xx sequence,
   * because OpenSC 0.23 can hang forever when a card vanishes mid-transmit.
   */
  remove(): Promise<void> {
    if (this.currentState === 'removed') return Promise.resolve();
    const done = this.whenRemoved();
    if (!this.socket || this.currentState === 'connecting') {
      this.disconnect();
      return done;
    }
    this.setState('removing');
    this.removeFallbackTimer ??= setTimeout(() => this.disconnect(), REMOVE_FALLBACK_MS);
    return done;
  }

  /**
   * Fault injection: vanishes right after receiving the chosen APDU, without answering it.
   * This CAN HANG OpenSC 0.23 (C_Sign stuck in sc_unlock): only for tests of a host's deadline.
   */
  removeAbruptly(trigger: AbruptRemoval = {}): Promise<void> {
    if (this.currentState === 'removed') return Promise.resolve();
    if (!this.socket) {
      const done = this.whenRemoved();
      this.disconnect();
      return done;
    }
    this.abrupt = trigger;
    return this.whenRemoved();
  }

  private whenRemoved(): Promise<void> {
    return new Promise((resolve) => this.removalWaiters.push(resolve));
  }

  private connect(): void {
    const reader = this.currentReader;
    if (reader === undefined) return;
    const socket = net.createConnection({
      host: this.host,
      port: VPCD_PORT_BY_READER[reader],
      noDelay: true,
    });
    this.socket = socket;
    socket.on('connect', () => {
      if (this.socket !== socket) return;
      this.reconnectDelay = RECONNECT_FIRST_MS;
      this.statsSinceInsert.connects += 1;
      this.applet.resetSession();
      this.setState(this.currentState === 'removing' ? 'removing' : 'inserted');
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.socket === socket) this.receive(chunk);
    });
    socket.on('error', () => {
      // 'close' follows and decides between reconnecting and staying out.
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.inbox = Buffer.alloc(0);
      if (this.currentState === 'removing' || this.currentState === 'removed') {
        this.finishRemoval();
        return;
      }
      this.applet.resetSession();
      this.setState('connecting');
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.currentState === 'connecting') this.connect();
    }, delay);
  }

  private receive(chunk: Buffer): void {
    this.inbox = Buffer.concat([this.inbox, chunk]);
    while (this.inbox.length >= FRAME_HEADER_BYTES) {
      const length = this.inbox.readUInt16BE(0);
      if (this.inbox.length < FRAME_HEADER_BYTES + length) return;
      const payload = new Uint8Array(this.inbox.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length));
      this.inbox = this.inbox.subarray(FRAME_HEADER_BYTES + length);
      if (length === 1) this.control(payload[0] ?? -1);
      else this.command(payload);
      if (!this.socket) return;
    }
  }

  private control(code: number): void {
    switch (code) {
      case VPCD_CONTROL.POWER_OFF:
        this.applet.resetSession();
        this.emit('power', 'off');
        if (this.currentState === 'powered') this.setState('inserted');
        return;
      case VPCD_CONTROL.POWER_ON:
      case VPCD_CONTROL.RESET:
        this.applet.resetSession();
        if (code === VPCD_CONTROL.POWER_ON) this.statsSinceInsert.powerOns += 1;
        else this.statsSinceInsert.resets += 1;
        this.emit('power', code === VPCD_CONTROL.POWER_ON ? 'on' : 'reset');
        if (this.currentState === 'inserted') this.setState('powered');
        return;
      case VPCD_CONTROL.GET_ATR:
        this.statsSinceInsert.atrRequests += 1;
        // vpcd asks for the ATR to poll presence: the one moment a vanishing card is safe.
        if (this.currentState === 'removing' && !this.applet.midExchange) {
          this.disconnect();
          return;
        }
        this.send(this.atr);
        return;
      default:
        return;
    }
  }

  private command(apdu: Uint8Array): void {
    this.statsSinceInsert.apdus += 1;
    if (this.abrupt && (this.abrupt.onIns === undefined || apdu[1] === this.abrupt.onIns)) {
      this.disconnect();
      return;
    }
    const before = this.applet.status;
    const response = this.applet.process(apdu);
    this.send(response);
    const record = { command: hexFromBytes(apdu), response: hexFromBytes(response), at: Date.now() };
    this.recent.push(record);
    if (this.recent.length > RECENT_APDU_LIMIT) this.recent.shift();
    this.emit('apdu', record);
    const after = this.applet.status;
    if (JSON.stringify(before) !== JSON.stringify(after)) this.emit('pin', after);
  }

  private send(payload: Uint8Array): void {
    const frame = Buffer.alloc(FRAME_HEADER_BYTES + payload.length);
    frame.writeUInt16BE(payload.length, 0);
    frame.set(payload, FRAME_HEADER_BYTES);
    // One write per frame: a split header would meet the same Nagle stall as vpcd's side.
    this.socket?.write(frame);
  }

  private disconnect(): void {
    const socket = this.socket;
    this.setState('removed');
    if (socket) {
      socket.destroy();
      // 'close' finishes the removal.
    } else {
      this.finishRemoval();
    }
  }

  private finishRemoval(): void {
    this.socket = undefined;
    this.abrupt = undefined;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.removeFallbackTimer);
    this.reconnectTimer = undefined;
    this.removeFallbackTimer = undefined;
    this.applet.resetSession();
    this.currentReader = undefined;
    this.setState('removed');
    const waiters = this.removalWaiters;
    this.removalWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private setState(state: CardState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }
}

export function resolveAtr(atr: AtrName | Uint8Array | undefined): Uint8Array {
  if (atr === undefined) return ATRS[DEFAULT_ATR];
  if (typeof atr === 'string') {
    const named = ATRS[atr];
    if (!named) throw new Error(`unknown ATR name ${atr}; known: ${Object.keys(ATRS).join(', ')}`);
    return named;
  }
  return atr;
}

function emptyStats(): CardStats {
  return { apdus: 0, powerOns: 0, resets: 0, atrRequests: 0, connects: 0 };
}
