// Reads frames from stdin, validates each request where it enters, dispatches it to its
// command and writes exactly one response per request. Anything malformed gets an error
// frame and the channel stays usable; end of input ends the host cleanly.
import type { Readable, Writable } from 'node:stream';
import { CompanionError, errorMessage, type ErrorCode, type WireError } from '../../../shared/errors.js';
import {
  HOST_ARGUMENT_VALIDATORS,
  HOST_MAX_INBOUND_BYTES,
  HOST_MAX_OUTBOUND_BYTES,
  HOST_PROTOCOL_VERSION,
  isHostCommand,
  type HostCommand,
  type HostEvent,
  type HostOutbound,
  type HostRequestArguments,
  type HostResponseResult,
} from '../../../shared/protocol/host.js';
import { isPlainObject, ValidationError } from '../../../shared/validate.js';
import { log } from '../util/log.js';
import { encodeFrame, FrameReader } from './framing.js';

export interface CommandContext {
  emit(event: HostEvent): void;
  subscribe(): void;
  quit(): void;
}

export type CommandHandler<C extends HostCommand> = (
  args: HostRequestArguments<C>,
  context: CommandContext,
) => Promise<HostResponseResult<C>>;

export type CommandHandlers = { [C in HostCommand]: CommandHandler<C> };

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export interface HostServerOptions {
  input: Readable;
  output: Writable;
  version: string;
  handlers: CommandHandlers;
  /** The entry point already greeted (see host-entry.ts). */
  helloSent?: boolean;
  onClose?: () => void;
}

export class HostServer {
  private readonly reader = new FrameReader(HOST_MAX_INBOUND_BYTES);
  private subscribed = false;
  private closed = false;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: HostServerOptions) {}

  start(): void {
    if (!this.options.helloSent) {
      this.write({ type: 'hello', version: this.options.version, protocol: HOST_PROTOCOL_VERSION });
    }
    this.options.input.on('data', (chunk: Buffer) => this.onData(chunk));
    this.options.input.on('end', () => void this.close('end of input'));
    this.options.input.on('error', (error) => void this.close(`input error: ${error.message}`));
  }

  /** Push an event to the extension, if it subscribed. */
  pushEvent(event: HostEvent): void {
    if (this.subscribed && !this.closed) this.write(event);
  }

  private onData(chunk: Buffer): void {
    for (const frame of this.reader.push(chunk)) {
      if (frame.kind === 'too-large') {
        this.writeError(null, 'MESSAGE_TOO_LARGE', {
          limitBytes: HOST_MAX_INBOUND_BYTES,
          length: frame.length,
        });
      } else if (frame.kind === 'invalid-json') {
        this.writeError(null, 'BAD_REQUEST', { reason: `invalid JSON: ${frame.reason}` });
      } else {
        this.dispatch(frame.value);
      }
    }
  }

  private dispatch(message: unknown): void {
    if (!isPlainObject(message)) {
      this.writeError(null, 'BAD_REQUEST', { reason: 'a request must be a JSON object' });
      return;
    }
    const id = typeof message.id === 'string' && ID_PATTERN.test(message.id) ? message.id : null;
    if (id === null) {
      this.writeError(null, 'BAD_REQUEST', {
        reason: 'id must be a string of 1..64 characters [A-Za-z0-9._:-]',
      });
      return;
    }
    const command = message.command;
    if (!isHostCommand(command)) {
      this.writeError(id, 'UNKNOWN_COMMAND', {
        command: typeof command === 'string' ? command.slice(0, 64) : null,
      });
      return;
    }
    let args: unknown;
    try {
      args = HOST_ARGUMENT_VALIDATORS[command](message.arguments ?? {}, 'arguments');
    } catch (error) {
      const reason = error instanceof ValidationError ? error.message : 'invalid arguments';
      this.writeError(id, 'BAD_REQUEST', { reason });
      return;
    }
    const task = this.run(id, command, args).finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  private async run(id: string, command: HostCommand, args: unknown): Promise<void> {
    const started = Date.now();
    // With 'request done'/'request failed' this brackets each request in the log (debug level).
    log.debug('request started', { id, command });
    const handler = this.options.handlers[command] as CommandHandler<HostCommand>;
    const context: CommandContext = {
      emit: (event) => this.pushEvent(event),
      subscribe: () => {
        this.subscribed = true;
      },
      quit: () => {
        setImmediate(() => void this.close('quit'));
      },
    };
    try {
      const result = await handler(args as HostRequestArguments<HostCommand>, context);
      this.write({ id, result });
      log.debug('request done', { id, command, ms: Date.now() - started });
    } catch (error) {
      const wire = toWireError(error);
      log.info('request failed', { id, command, code: wire.code, ms: Date.now() - started });
      this.write({ id, error: wire });
    }
  }

  private writeError(id: string | null, code: ErrorCode, details?: Record<string, unknown>): void {
    const error: WireError = { code, message: errorMessage(code, 'en'), ...(details ? { details } : {}) };
    this.write({ id, error });
  }

  private write(message: HostOutbound): void {
    if (this.closed) return;
    let frame = encodeFrame(message);
    if (frame.length - 4 > HOST_MAX_OUTBOUND_BYTES) {
      const id = 'id' in message ? message.id : null;
      frame = encodeFrame({
        id,
        error: { code: 'INTERNAL', message: 'response too large for native messaging' },
      });
    }
    this.options.output.write(frame);
  }

  private async close(reason: string): Promise<void> {
    if (this.closed) return;
    log.debug('host closing', { reason });
    // Let requests already running answer before the channel goes away.
    await Promise.allSettled([...this.pending]);
    this.closed = true;
    this.options.onClose?.();
  }
}

export function toWireError(error: unknown): WireError {
  if (error instanceof CompanionError) return error.toWire();
  log.error('unexpected error', {
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return { code: 'INTERNAL', message: errorMessage('INTERNAL', 'en') };
}
