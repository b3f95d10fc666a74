// Every timeout of the service worker in one frozen table, with units in the names.
import { PAGE_TIMEOUTS } from '../../shared/protocol/page.js';

export const WORKER_TIMEOUTS = Object.freeze({
  handshakeTimeoutMs: 5_000,
  /** The page's own status deadline: the worker's status request to the host may use all of it. */
  statusTimeoutMs: PAGE_TIMEOUTS.statusMs,
  cardOperationTimeoutMs: 60_000,
  userOperationTimeoutMs: 180_000,
});

/** How many card operations may wait behind the running one before new ones get BUSY. */
export const CARD_QUEUE_LIMIT = 8;
