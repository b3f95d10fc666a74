import { describe, expect, it } from 'vitest';
import { KitTimeoutError, waitUntil } from '../../../testing/wait.js';

describe('the kit waits', () => {
  it('returns the value once it is what was waited for', async () => {
    let n = 0;
    expect(
      await waitUntil(
        'n = 3',
        () => Promise.resolve(++n),
        (v) => v === 3,
        { timeoutMs: 5_000 },
      ),
    ).toBe(3);
  });

  it('fails saying what it waited for and the last state it saw', async () => {
    const failure = await waitUntil(
      'step validate-organisation',
      () => Promise.resolve({ step: 'uzi-login', state: 'active' }),
      () => false,
      { timeoutMs: 50 },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KitTimeoutError);
    expect((failure as Error).message).toContain('step validate-organisation');
    expect((failure as Error).message).toContain('"step":"uzi-login"');
  });

  it('reports the last error when reading keeps failing', async () => {
    const failure = await waitUntil(
      'the page API',
      () => Promise.reject(new Error('no ZorgIdCompanion')),
      () => true,
      {
        timeoutMs: 50,
      },
    ).catch((error: unknown) => error);
    expect((failure as Error).message).toContain('no ZorgIdCompanion');
  });
});
