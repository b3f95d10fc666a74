// Every timeout and limit of the host in one frozen table, with units in the names.
export const TIMEOUTS = Object.freeze({
  pcscRetryInitialMs: 250,
  pcscRetryMaxMs: 2_000,
  pcscSettleDeadlineMs: 1_500,
  pcscQuietMs: 60,
  tokenCallDeadlineMs: 30_000,
  tokenReadDeadlineMs: 15_000,
});
