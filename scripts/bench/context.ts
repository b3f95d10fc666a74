// What every figure module gets: the services' environment and a place to say what it is doing.
import type { Figure } from './stats.js';

export interface BenchContext {
  /** process.env plus the sandbox services' env (ZORGID_CARD_SOCKET, ZORGID_PKCS11_MODULE). */
  env: NodeJS.ProcessEnv;
  cardSocket: string;
  pkcs11Module: string;
  /** Sandbox acceptatie origin, e.g. http://127.0.0.1:4410. */
  origin: string;
  log(message: string): void;
}

export type FigureModule = (context: BenchContext) => Promise<Figure[]>;

/** Wall-clock milliseconds of one async action. */
export async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}
