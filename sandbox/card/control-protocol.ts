// The card daemon's control protocol: one JSON object per line each way, over a Unix socket.

import type { AtrName } from './atr.js';
import type { CardSetJson } from './card-set.js';
import type { PinStatus } from './piv-applet.js';
import type { ApduRecord, CardState, CardStats, ReaderIndex } from './virtual-card.js';

export type ControlRequest =
  | {
      cmd: 'insert';
      reader: ReaderIndex;
      /** Either a full card set or a profile name the daemon's resolver knows (e.g. 'zorgverlener'). */
      cardSet?: CardSetJson;
      profile?: string;
      atr?: AtrName;
    }
  | { cmd: 'remove'; reader: ReaderIndex }
  /** Fault injection; can hang OpenSC (see VirtualCard.removeAbruptly). */
  | { cmd: 'removeAbruptly'; reader: ReaderIndex; onIns?: number }
  | { cmd: 'list' }
  | { cmd: 'stats'; reader: ReaderIndex }
  | { cmd: 'resetStats'; reader: ReaderIndex }
  | { cmd: 'setPinTries'; reader: ReaderIndex; pin?: number; puk?: number }
  /** The last APDUs (hex), newest last. */
  | { cmd: 'trace'; reader: ReaderIndex }
  | { cmd: 'shutdown' };

export type ControlCommand = ControlRequest['cmd'];

export interface CardInfo {
  reader: ReaderIndex;
  state: CardState;
  atr: string;
  profile: string | undefined;
  /** CN of the authentication certificate = OpenSC's token label. */
  label: string;
  chuidGuid: string;
  pin: PinStatus;
  stats: CardStats;
}

export interface ControlResults {
  insert: CardInfo;
  remove: { reader: ReaderIndex; state: 'removed' };
  removeAbruptly: { reader: ReaderIndex; state: 'removed' };
  list: CardInfo[];
  stats: CardInfo;
  resetStats: CardInfo;
  setPinTries: CardInfo;
  trace: ApduRecord[];
  shutdown: { ok: true };
}

export type ControlResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type ControlEnvelope = ControlRequest & { id: number };

export const CONTROL_READERS: readonly ReaderIndex[] = [0, 1];
