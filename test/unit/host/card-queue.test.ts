import { describe, expect, it } from 'vitest';
import { CardQueue } from '../../../extension/background/services/card-queue.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('CardQueue', () => {
  it('runs operations one at a time in arrival order, also after a failure', async () => {
    const queue = new CardQueue(8);
    const log: string[] = [];
    let running = 0;
    const op =
      (name: string, fail = false) =>
      async () => {
        running += 1;
        expect(running).toBe(1);
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        running -= 1;
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run(op('a')),
      queue.run(op('b', true)),
      queue.run(op('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('answers BUSY past its limit instead of waiting', async () => {
    const queue = new CardQueue(2);
    let release: () => void = () => undefined;
    const blocker = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
    const second = queue.run(() => Promise.resolve('second'));
    await expect(queue.run(() => Promise.resolve('third'))).rejects.toMatchObject({ code: 'BUSY' });
    release();
    await blocker;
    await expect(second).resolves.toBe('second');
  });

  it('lets concurrent read-only requests share one operation', async () => {
    const queue = new CardQueue(2);
    let calls = 0;
    const read = () =>
      queue.shared('readCard', async () => {
        calls += 1;
        await tick();
        return { serial: 'x' };
      });
    const answers = await Promise.all(Array.from({ length: 50 }, read));
    expect(calls).toBe(1);
    expect(new Set(answers.map((answer) => answer.serial))).toEqual(new Set(['x']));
    await read();
    expect(calls).toBe(2);
  });
});
