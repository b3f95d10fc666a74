// The worker's one chrome.runtime.onMessage listener and its map of handlers, one per message type
// (shared/protocol/runtime.ts). Features register their handlers here instead of adding listeners of
// their own, so each message has exactly one place that answers it.
import { CompanionError } from '../../../shared/errors.js';
import { isRuntimeMessageType, type RuntimeMessageType } from '../../../shared/protocol/runtime.js';
import { isPlainObject } from '../../../shared/validate.js';

/** Answers one message; returns true when it will call sendResponse later (chrome's contract). */
export type RuntimeHandler = (
  message: Record<string, unknown>,
  sender: chrome.runtime.MessageSender,
  sendResponse: (reply: unknown) => void,
) => boolean;

export interface RuntimeRegistry {
  on(type: RuntimeMessageType, handler: RuntimeHandler): void;
}

export class MessageRegistry implements RuntimeRegistry {
  private readonly handlers = new Map<RuntimeMessageType, RuntimeHandler>();

  /** `extensionId`: messages from anything but this extension are not answered at all. */
  constructor(private readonly extensionId: () => string) {}

  on(type: RuntimeMessageType, handler: RuntimeHandler): void {
    if (this.handlers.has(type)) throw new Error(`two handlers for runtime message ${type}`);
    this.handlers.set(type, handler);
  }

  /** The listener to add to chrome.runtime.onMessage, once. */
  readonly listener = (
    message: unknown,
    sender: chrome.runtime.MessageSender,
    sendResponse: (reply: unknown) => void,
  ): boolean => {
    if (sender.id !== this.extensionId()) return false;
    const type = isPlainObject(message) ? message.type : undefined;
    const handler = isRuntimeMessageType(type) ? this.handlers.get(type) : undefined;
    if (!handler || !isPlainObject(message)) {
      const reason = isPlainObject(message)
        ? `unknown message type ${typeof type === 'string' ? type.slice(0, 64) : typeof type}`
        : 'a message must be an object with a type';
      sendResponse({ ok: false, error: new CompanionError('BAD_REQUEST', reason).toWire() });
      return false;
    }
    return handler(message, sender, sendResponse);
  };
}
