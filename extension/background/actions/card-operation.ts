// authenticate and sign: the card operations that need the user's consent and PIN. The whole flow
// (read card → PIN state → consent screen → host call → retries) runs in one card-queue slot, so
// a second request can never open a second PIN screen on top of this one.
//
// The PIN exists only in the consent page, in its one decision message and in the host request
// built here. JS strings cannot be wiped: we overwrite every variable that refers to it as soon as
// the host has answered, so nothing here keeps it alive; the garbage collector does the rest.
import { CompanionError, type ErrorCode } from '../../../shared/errors.js';
import type {
  HostCommand,
  HostRequestArguments,
  HostResponseResult,
  PinStatusResult,
  ReadCardResult,
} from '../../../shared/protocol/host.js';
import type { SignHashAlgorithm } from '../../../shared/protocol/token.js';
import { holderDisplayName } from '../../../shared/uzi/holder-name.js';
import type {
  CardSummary,
  ConsentOperation,
  ConsentProblem,
  PinState,
} from '../../../shared/protocol/consent.js';
import { WORKER_TIMEOUTS } from '../config.js';
import type { ConsentBrokerLike, ConsentRequest } from '../services/consent.js';

export interface HostLike {
  request<C extends HostCommand>(
    command: C,
    args: HostRequestArguments<C>,
    timeoutMs?: number,
  ): Promise<HostResponseResult<C>>;
}

export type CardOperationLog = (event: string, details?: Record<string, unknown>) => void;

export interface CardOperationDeps {
  host: HostLike;
  consent: ConsentBrokerLike;
  log?: CardOperationLog;
  newRequestId?: () => string;
  now?: () => number;
  userTimeoutMs?: number;
  cardTimeoutMs?: number;
}

export type CardOperationArgs<K extends ConsentOperation> = K extends 'authenticate'
  ? { challenge: string }
  : { hash: string; hashAlgorithm: SignHashAlgorithm };

type HostArgs = HostRequestArguments<'authenticate'> | HostRequestArguments<'sign'>;

/** Host answers that show the screen again instead of ending the flow. */
const RETRY_CODES: readonly ErrorCode[] = ['PIN_INCORRECT', 'PIN_LAST_TRY'];

export async function runUserCardOperation<K extends ConsentOperation>(
  kind: K,
  args: CardOperationArgs<K>,
  origin: string,
  deps: CardOperationDeps,
): Promise<HostResponseResult<K>> {
  const log: CardOperationLog = deps.log ?? (() => undefined);
  const now = deps.now ?? Date.now;
  const deadline = now() + (deps.userTimeoutMs ?? WORKER_TIMEOUTS.userOperationTimeoutMs);
  const cardTimeoutMs = deps.cardTimeoutMs ?? WORKER_TIMEOUTS.cardOperationTimeoutMs;

  const card = await deps.host.request('readCard', {});
  const status = await deps.host.request('pinStatus', {});
  const request: ConsentRequest = {
    requestId: (deps.newRequestId ?? (() => crypto.randomUUID()))(),
    operation: kind,
    origin,
    card: cardSummary(card),
    pin: pinState(status),
  };
  log('consent requested', { operation: kind, origin, requestId: request.requestId });

  if (status.blocked) {
    await deps.consent.finish(request, { kind: 'failed', code: 'PIN_BLOCKED' });
    throw new CompanionError('PIN_BLOCKED', undefined, { triesLeft: 0 });
  }

  for (;;) {
    const remaining = deadline - now();
    const decision =
      remaining > 0
        ? await deps.consent.ask(request, remaining)
        : { approved: false as const, reason: 'timeout' as const };
    if (!decision.approved) {
      log('consent ended', { requestId: request.requestId, reason: decision.reason });
      await deps.consent.finish(request, { kind: decision.reason });
      throw decision.reason === 'timeout'
        ? new CompanionError('TIMEOUT', 'The user did not answer the consent screen in time')
        : new CompanionError('CANCELLED', 'The user cancelled');
    }
    // The screen gates the last try behind an explicit checkbox; never spend it on a stray answer.
    if (request.pin.finalTry && !decision.confirmLastTry) {
      request.problem = { code: 'PIN_LAST_TRY', triesLeft: 1 };
      continue;
    }
    if (!request.pin.pinpad && decision.pin === undefined) {
      request.problem = { code: 'PIN_REQUIRED', triesLeft: request.pin.triesLeft };
      continue;
    }

    let hostArgs: HostArgs | undefined = {
      ...args,
      origin,
      ...(request.pin.pinpad ? {} : { pin: decision.pin }),
      ...(request.pin.finalTry ? { confirmLastTry: true } : {}),
    };
    decision.pin = undefined;
    // On a pinpad the user types the PIN on the reader during this call: give it the user's time.
    const timeoutMs = request.pin.pinpad ? Math.max(remaining, cardTimeoutMs) : cardTimeoutMs;
    try {
      const result = await deps.host.request(kind, hostArgs, timeoutMs);
      log('card operation done', { requestId: request.requestId, operation: kind });
      await deps.consent.finish(request, { kind: 'success' });
      return result;
    } catch (error) {
      const failure = error instanceof CompanionError ? error : new CompanionError('INTERNAL', String(error));
      log('card operation failed', { requestId: request.requestId, code: failure.code });
      if (RETRY_CODES.includes(failure.code)) {
        request.pin = afterFailure(request.pin, failure);
        request.problem = problemOf(failure, request.pin);
        continue;
      }
      await deps.consent.finish(
        request,
        failure.code === 'CANCELLED' ? { kind: 'cancelled' } : { kind: 'failed', code: failure.code },
      );
      throw failure;
    } finally {
      if (hostArgs && 'pin' in hostArgs) hostArgs.pin = undefined;
      hostArgs = undefined;
    }
  }
}

export function cardSummary(card: ReadCardResult): CardSummary {
  const identity = card.identity;
  const holderName = holderDisplayName(identity);
  return {
    ...(card.reader === undefined ? {} : { reader: card.reader }),
    holderName,
    ura: identity.ura,
    organisationName: identity.organisationName,
    cardType: identity.cardType,
    roleName: identity.roleName,
  };
}

function pinState(status: PinStatusResult): PinState {
  return { pinpad: status.pinpad, triesLeft: status.triesLeft, finalTry: status.finalTry };
}

function detailNumber(error: CompanionError, key: string): number | null {
  const value = error.details?.[key];
  return typeof value === 'number' ? value : null;
}

function afterFailure(previous: PinState, error: CompanionError): PinState {
  if (error.code === 'PIN_LAST_TRY') return { ...previous, triesLeft: 1, finalTry: true };
  const triesLeft = detailNumber(error, 'triesLeft');
  const finalTry = error.details?.finalTry === true || triesLeft === 1;
  return { ...previous, triesLeft, finalTry };
}

function problemOf(error: CompanionError, pin: PinState): ConsentProblem {
  return { code: error.code === 'PIN_LAST_TRY' ? 'PIN_LAST_TRY' : 'PIN_INCORRECT', triesLeft: pin.triesLeft };
}
