/** How long each worker call may take before the worker is killed. One frozen table, units in the names. */
export interface TokenDeadlines {
  workerStartMs: number;
  pingMs: number;
  listTokensMs: number;
  readCertificatesMs: number;
  pinStatusMs: number;
  signMs: number;
  /** On a pinpad reader the user types the PIN on the reader, maybe twice (context-specific login). */
  pinpadSignMs: number;
  debugSleepMs: number;
}

// Card detection through OpenSC over vpcd takes ~1.8 s; real readers are faster. A signature is
// 4 APDUs. These leave room for a slow reader without leaving the user staring at a frozen screen.
export const TOKEN_DEADLINES: Readonly<TokenDeadlines> = Object.freeze({
  workerStartMs: 15_000,
  pingMs: 5_000,
  listTokensMs: 15_000,
  readCertificatesMs: 20_000,
  pinStatusMs: 10_000,
  signMs: 30_000,
  pinpadSignMs: 120_000,
  debugSleepMs: 60_000,
});
