// The worker's one runtime listener (issue 18): each message type goes to its one handler; an
// unknown or malformed message from the extension gets a clear BAD_REQUEST reply, never silence.
import { describe, expect, it } from 'vitest';
import { MessageRegistry } from '../../../extension/background/services/message-registry.js';

const ID = 'gjfjbnnkkppekanfkhdpbgihcjphepfc';
const sender = { id: ID, url: `chrome-extension://${ID}/extension/pages/popup/index.html` };

function deliver(registry: MessageRegistry, message: unknown, from: chrome.runtime.MessageSender = sender) {
  const replies: unknown[] = [];
  const async = registry.listener(message, from, (reply) => replies.push(reply));
  return { async, replies };
}

describe('MessageRegistry', () => {
  it('routes a message to the handler of its type, and only that one', () => {
    const registry = new MessageRegistry(() => ID);
    const seen: string[] = [];
    registry.on('origin-check', (message, _sender, sendResponse) => {
      seen.push(`origin-check:${String(message.type)}`);
      sendResponse({ ok: true, result: 'origin' });
      return false;
    });
    registry.on('guide-event', () => {
      seen.push('guide-event');
      return true;
    });
    expect(deliver(registry, { type: 'origin-check' })).toEqual({
      async: false,
      replies: [{ ok: true, result: 'origin' }],
    });
    expect(deliver(registry, { type: 'guide-event', event: {} }).async).toBe(true);
    expect(seen).toEqual(['origin-check:origin-check', 'guide-event']);
  });

  it('answers unknown, unregistered and malformed messages with BAD_REQUEST and a reason', () => {
    const registry = new MessageRegistry(() => ID);
    const cases: [unknown, RegExp][] = [
      [{ type: 'format-disk' }, /unknown message type format-disk/],
      [{ type: 'diagnostics-run' }, /unknown message type diagnostics-run/],
      [{ type: 42 }, /unknown message type number/],
      [{}, /unknown message type undefined/],
      ['origin-check', /must be an object/],
      [null, /must be an object/],
    ];
    for (const [message, reason] of cases) {
      const { async, replies } = deliver(registry, message);
      expect(async).toBe(false);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect((replies[0] as { error: { message: string } }).error.message).toMatch(reason);
    }
  });

  it('does not answer another extension, and refuses a second handler for one type', () => {
    const registry = new MessageRegistry(() => ID);
    registry.on('origin-check', () => {
      throw new Error('must not run');
    });
    expect(deliver(registry, { type: 'origin-check' }, { id: 'another-extension' })).toEqual({
      async: false,
      replies: [],
    });
    expect(() => registry.on('origin-check', () => false)).toThrow(/two handlers/);
  });
});
