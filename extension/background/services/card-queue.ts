// Card operations run one at a time, in arrival order, whichever tab asked: a card session
// must never interleave with another. Past the limit, new requests get BUSY at once instead
// of waiting for minutes.
import { CompanionError } from '../../../shared/errors.js';

export class CardQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly limit: number) {}

  private readonly inFlight = new Map<string, Promise<unknown>>();

  /**
   * Read-only card operations (readCard, pinStatus) asked for by several tabs at once share one
   * host call instead of each taking a place in the queue: the answer is the same card's.
   */
  shared<T>(key: string, operation: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing as Promise<T>;
    const result = this.run(operation).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, result);
    return result;
  }

  get length(): number {
    return this.waiting;
  }

  run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.limit) {
      return Promise.reject(
        new CompanionError('BUSY', `${this.waiting} card operations are already waiting`),
      );
    }
    this.waiting += 1;
    const result = this.tail.then(operation, operation);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => {
      this.waiting -= 1;
    });
  }
}
