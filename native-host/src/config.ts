// Every timeout and limit of the host in one frozen table, with units in the names.
export const TIMEOUTS = Object.freeze({
  pcscRetryInitialMs: 250,
  pcscRetryMaxMs: 2_000,
  pcscSettleDeadlineMs: 1_500,
  pcscQuietMs: 60,
  /** Before answering "no readers" right after start: pcsclite lists readers asynchronously. */
  pcscNoReaderWaitMs: 500,
  tokenCallDeadlineMs: 30_000,
  tokenReadDeadlineMs: 15_000,
  /**
   * After a generic PKCS#11 failure, how long to wait for PC/SC to report the card gone: pcscd polls
   * vpcd and most readers every 400 ms, OpenSC fails the transmit at once.
   */
  cardLossGraceMs: 1_000,
});

/**
 * Caps every card-call deadline of the token worker (milliseconds). Tests of a hanging middleware
 * set it so they need not wait 30 s; it can only shorten the built-in deadlines, never lengthen them.
 */
export const TOKEN_DEADLINE_ENV_VAR = 'ZORGID_TOKEN_DEADLINE_MS';
/** Below this a healthy card detection over vpcd would already time out. */
const TOKEN_DEADLINE_MIN_MS = 1_000;

export function tokenDeadlineCapMs(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const value = Number(env[TOKEN_DEADLINE_ENV_VAR]);
  if (!Number.isFinite(value) || value <= 0) return undefined;
  return Math.max(Math.floor(value), TOKEN_DEADLINE_MIN_MS);
}
