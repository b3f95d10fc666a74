// A page asked for a card operation. The origin comes from the browser's sender information,
// never from the message; only allowlisted origins in a top-level frame get through.
import { CompanionError } from '../../../shared/errors.js';
import { isOriginAllowed } from '../../../shared/origins.js';
import type { HostCommand, HostStatus } from '../../../shared/protocol/host.js';
import { PAGE_COMMAND_RULES, isPageCommand, type PageCommand } from '../../../shared/protocol/page.js';
import { WORKER_TIMEOUTS } from '../config.js';
import { runUserCardOperation, type CardOperationArgs, type CardOperationLog } from './card-operation.js';
import type { CardQueue } from '../services/card-queue.js';
import type { ConsentBrokerLike } from '../services/consent.js';
import type { NativeHost } from '../services/native-host.js';
import type { Settings } from '../services/settings.js';

export interface PageRequestDeps {
  host: NativeHost;
  queue: CardQueue;
  settings: () => Promise<Settings>;
  consent: ConsentBrokerLike;
  log?: CardOperationLog;
  /**
   * Whether the document that asked is still there (same tab, not navigated, not closed). Checked when a
   * queued authenticate/sign reaches the front: a request whose page is gone opens no consent window.
   */
  senderAlive?: (sender: chrome.runtime.MessageSender) => Promise<boolean>;
}

export function senderOrigin(sender: chrome.runtime.MessageSender): string | undefined {
  if (sender.origin) return sender.origin;
  if (!sender.url) return undefined;
  try {
    return new URL(sender.url).origin;
  } catch {
    return undefined;
  }
}

export async function assertAllowedSender(
  sender: chrome.runtime.MessageSender,
  settings: () => Promise<Settings>,
): Promise<string> {
  const origin = senderOrigin(sender);
  if (!origin || sender.tab === undefined || sender.frameId !== 0) {
    throw new CompanionError(
      'ORIGIN_NOT_ALLOWED',
      'Only the top-level page of an allowed site may use the card',
    );
  }
  if (!isOriginAllowed(origin, await settings())) {
    throw new CompanionError('ORIGIN_NOT_ALLOWED', `${origin} is not allowed to use the card`, { origin });
  }
  return origin;
}

const ERROR_CODE = /^[A-Z][A-Z0-9_]*$/;

/**
 * What a page may see of the host status: versions, readers and card presence, error codes. Never the
 * PKCS#11 module path (it may hold a user name) or where it came from, nor free text from PC/SC.
 */
export function statusForPage(status: HostStatus): HostStatus {
  const pcscError = status.pcsc.error;
  const pkcs11 = status.pkcs11;
  return {
    version: status.version,
    protocol: status.protocol,
    pcsc: {
      available: status.pcsc.available,
      ...(pcscError && ERROR_CODE.test(pcscError) ? { error: pcscError } : {}),
    },
    readers: status.readers,
    ...(pkcs11
      ? {
          pkcs11: {
            ...(pkcs11.error ? { error: pkcs11.error } : {}),
            ...(pkcs11.tokens ? { tokens: pkcs11.tokens } : {}),
          },
        }
      : {}),
  };
}

export async function handlePageRequest(
  command: unknown,
  args: unknown,
  sender: chrome.runtime.MessageSender,
  deps: PageRequestDeps,
): Promise<unknown> {
  const origin = await assertAllowedSender(sender, deps.settings);
  if (!isPageCommand(command)) throw new CompanionError('UNKNOWN_COMMAND');
  const rule = PAGE_COMMAND_RULES[command];
  try {
    rule.arguments(args ?? {}, 'arguments');
  } catch (error) {
    throw new CompanionError('BAD_REQUEST', error instanceof Error ? error.message : 'invalid arguments');
  }
  switch (rule.lane) {
    case 'status':
      // No card I/O: answers even while a card operation runs.
      return statusForPage(await deps.host.request('status', {}, WORKER_TIMEOUTS.statusTimeoutMs));
    case 'shared': {
      // A page command without user interaction is the host command of the same name, without arguments.
      // Typed so that a page command without a host command of its name does not compile.
      const hostCommand: HostCommand & PageCommand = command;
      return deps.queue.shared(hostCommand, () => deps.host.request(hostCommand, {}));
    }
    case 'consent': {
      // The PIN comes from our own consent screen, never from the page; the origin is the sender's.
      const operation = command as Extract<PageCommand, 'authenticate' | 'sign'>;
      return deps.queue.run(async () => {
        if (deps.senderAlive && !(await deps.senderAlive(sender))) {
          deps.log?.('request dropped', { operation, origin, reason: 'page gone' });
          throw new CompanionError('CANCELLED', 'The page that asked has navigated away or was closed');
        }
        return runUserCardOperation(operation, args as CardOperationArgs<typeof operation>, origin, deps);
      });
    }
  }
}
