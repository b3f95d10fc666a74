// Every timeout of the service worker in one frozen table, with units in the names.
export const WORKER_TIMEOUTS = Object.freeze({
  handshakeTimeoutMs: 5_000,
  statusTimeoutMs: 15_000,
  cardOperationTimeoutMs: 60_000,
  userOperationTimeoutMs: 180_000,
});

/** How many card operations may wait behind the running one before new ones get BUSY. */
export const CARD_QUEUE_LIMIT = 8;
