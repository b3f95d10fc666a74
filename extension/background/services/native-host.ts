// One native messaging port to the host, with an explicit state, a version handshake and a
// map of requests in flight. When the host exits, every waiting request gets a clear error
// and the next request starts a fresh host.
import { hostErrorCode } from '../../../shared/diagnostics/browser-errors.js';
import { CompanionError, isErrorCode, type ErrorCode } from '../../../shared/errors.js';
import {
  HOST_NAME,
  HOST_PROTOCOL_VERSION,
  type HostCommand,
  type HostEvent,
  type HostHello,
  type HostRequestArguments,
  type HostResponseResult,
} from '../../../shared/protocol/host.js';
import { isPlainObject } from '../../../shared/validate.js';
import { WORKER_TIMEOUTS } from '../config.js';

export type NativeHostState = 'disconnected' | 'connecting' | 'ready' | 'incompatible';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: CompanionError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class NativeHost {
  private port: chrome.runtime.Port | undefined;
  private state: NativeHostState = 'disconnected';
  private hello: HostHello | undefined;
  private ready: Promise<HostHello> | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private readonly listeners = new Set<(event: HostEvent) => void>();
  private connectedHook: ((send: NativeHost['send']) => Promise<void>) | undefined;
  private connectFailedListener: ((error: CompanionError) => void) | undefined;
  /** Someone listens to pushed events: every host process, a restarted one too, is subscribed on connect. */
  private eventsWanted = false;
  /** The port whose host process was subscribed: the subscription dies with that process. */
  private subscribedPort: chrome.runtime.Port | undefined;

  get currentState(): NativeHostState {
    return this.state;
  }

  get hostVersion(): string | undefined {
    return this.hello?.version;
  }

  /** Called with every failed connection attempt, so the event log shows why the host is not there. */
  onConnectFailed(listener: (error: CompanionError) => void): void {
    this.connectFailedListener = listener;
  }

  private connectFailed(error: CompanionError): void {
    try {
      this.connectFailedListener?.(error);
    } catch {
      // Logging a failure must never become one.
    }
  }

  onEvent(listener: (event: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async request<C extends HostCommand>(
    command: C,
    args: HostRequestArguments<C>,
    timeoutMs: number = WORKER_TIMEOUTS.cardOperationTimeoutMs,
  ): Promise<HostResponseResult<C>> {
    await this.connect();
    return this.send(command, args, timeoutMs);
  }

  /**
   * Asks the host to push reader and card events. The subscription belongs to the connection: a host
   * that exits takes it along, so every later connect subscribes the fresh host again before it counts
   * as ready (a flag outside the connection once made events stop after a host restart).
   */
  async subscribe(): Promise<void> {
    this.eventsWanted = true;
    await this.connect();
    const port = this.port;
    if (port === undefined || this.subscribedPort === port) return;
    await this.send('subscribe', {});
    if (this.port === port) this.subscribedPort = port;
  }

  /** Whether the host process behind the current connection pushes events. */
  get subscribed(): boolean {
    return this.subscribedPort !== undefined && this.subscribedPort === this.port;
  }

  /**
   * Runs after every (re)connect, before any other request goes out: the service worker sends the
   * host its policy there (`configure`). A failure is not fatal: the host keeps its defaults.
   */
  onConnected(hook: (send: NativeHost['send']) => Promise<void>): void {
    this.connectedHook = hook;
  }

  private send<C extends HostCommand>(
    command: C,
    args: HostRequestArguments<C>,
    timeoutMs: number = WORKER_TIMEOUTS.cardOperationTimeoutMs,
  ): Promise<HostResponseResult<C>> {
    const port = this.port;
    if (!port) return Promise.reject(new CompanionError('HOST_DISCONNECTED'));
    const id = `sw-${this.nextId++}`;
    return new Promise<HostResponseResult<C>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CompanionError('TIMEOUT', `The card helper did not answer ${command} in time`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      port.postMessage({ id, command, arguments: args });
    });
  }

  /** Connects if needed and waits for a compatible `hello`. */
  connect(): Promise<HostHello> {
    if (this.state === 'ready' && this.hello) return Promise.resolve(this.hello);
    if (this.ready) return this.ready;
    this.ready = new Promise<HostHello>((resolve, reject) => {
      this.state = 'connecting';
      let port: chrome.runtime.Port;
      try {
        port = chrome.runtime.connectNative(HOST_NAME);
      } catch (error) {
        this.reset();
        const code = hostErrorCode(String(error));
        const failure = new CompanionError(
          code === 'HOST_DISCONNECTED' ? 'HOST_NOT_INSTALLED' : code,
          String(error),
        );
        this.connectFailed(failure);
        reject(failure);
        return;
      }
      this.port = port;
      const timer = setTimeout(() => {
        port.disconnect();
        this.reset();
        reject(new CompanionError('HOST_DISCONNECTED', 'The card helper did not greet in time'));
      }, WORKER_TIMEOUTS.handshakeTimeoutMs);
      // The first message must be the hello; answers to what the connect hook sends (configure,
      // subscribe) arrive while the state is still 'connecting' and are ordinary replies.
      let greeted = false;
      port.onMessage.addListener((message: unknown) => {
        if (!greeted) {
          greeted = true;
          clearTimeout(timer);
          const hello = parseHello(message);
          if (!hello) {
            port.disconnect();
            this.reset();
            reject(new CompanionError('HOST_INCOMPATIBLE', 'The card helper did not greet with hello'));
            return;
          }
          if (hello.protocol !== HOST_PROTOCOL_VERSION) {
            this.state = 'incompatible';
            port.disconnect();
            this.port = undefined;
            this.ready = undefined;
            const update = hello.protocol < HOST_PROTOCOL_VERSION ? 'card helper (host)' : 'extension';
            reject(
              new CompanionError(
                'HOST_INCOMPATIBLE',
                `Protocol ${hello.protocol} ≠ ${HOST_PROTOCOL_VERSION}: update the ${update}`,
                {
                  hostVersion: hello.version,
                  hostProtocol: hello.protocol,
                  extensionProtocol: HOST_PROTOCOL_VERSION,
                  update,
                },
              ),
            );
            return;
          }
          this.hello = hello;
          const hook = this.connectedHook;
          void (
            hook ? hook((command, args, timeoutMs) => this.send(command, args, timeoutMs)) : Promise.resolve()
          )
            .catch(() => undefined)
            .then(() => this.resubscribe(port))
            .then(() => {
              if (this.port !== port) return;
              this.state = 'ready';
              resolve(hello);
            });
          return;
        }
        this.onMessage(message);
      });
      port.onDisconnect.addListener((closed: chrome.runtime.Port) => {
        clearTimeout(timer);
        const reason = disconnectReason(closed);
        // The browser's own words name the cause (not found, forbidden, exited): each has its own fix.
        const wasConnecting = this.state === 'connecting';
        // "Native host has exited." after a hello is a crash mid-session (a new host is started on the
        // next request); only before the hello does it mean the launcher or node is broken.
        const cause: ErrorCode = hostErrorCode(reason);
        const code: ErrorCode = cause === 'HOST_EXITED' && !wasConnecting ? 'HOST_DISCONNECTED' : cause;
        this.failPending(new CompanionError(code, reason));
        this.reset();
        if (wasConnecting) {
          const failure = new CompanionError(code, reason);
          this.connectFailed(failure);
          reject(failure);
        }
      });
    });
    return this.ready;
  }

  /** A fresh host knows no subscription: give it the one the worker's listeners rely on. */
  private async resubscribe(port: chrome.runtime.Port): Promise<void> {
    if (!this.eventsWanted || this.port !== port) return;
    try {
      await this.send('subscribe', {});
      if (this.port === port) this.subscribedPort = port;
    } catch {
      // The next subscribe() (a new listener) tries again; requests work without events.
    }
  }

  disconnect(): void {
    this.port?.disconnect();
    this.failPending(new CompanionError('HOST_DISCONNECTED'));
    this.reset();
  }

  private onMessage(message: unknown): void {
    if (!isPlainObject(message)) return;
    if (message.type === 'event') {
      for (const listener of this.listeners) listener(message as unknown as HostEvent);
      return;
    }
    const id = typeof message.id === 'string' ? message.id : undefined;
    const waiting = id ? this.pending.get(id) : undefined;
    if (!id || !waiting) return;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    if ('error' in message && isPlainObject(message.error)) {
      const error = message.error as { code?: unknown; message?: unknown; details?: unknown };
      waiting.reject(
        new CompanionError(
          isErrorCode(error.code) ? error.code : 'INTERNAL',
          typeof error.message === 'string' ? error.message : undefined,
          isPlainObject(error.details) ? error.details : undefined,
        ),
      );
    } else {
      waiting.resolve(message.result);
    }
  }

  private failPending(error: CompanionError): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
      this.pending.delete(id);
    }
  }

  private reset(): void {
    this.port = undefined;
    this.subscribedPort = undefined;
    this.hello = undefined;
    this.ready = undefined;
    if (this.state !== 'incompatible') this.state = 'disconnected';
  }
}

/**
 * Why the browser closed the port: Chromium sets `runtime.lastError`; Firefox leaves it empty and
 * puts the reason in `port.error` (MDN, runtime.Port: "error").
 */
function disconnectReason(port: chrome.runtime.Port): string {
  const firefoxError = (port as chrome.runtime.Port & { error?: { message?: unknown } | null }).error;
  return (
    chrome.runtime.lastError?.message ??
    (typeof firefoxError?.message === 'string' ? firefoxError.message : undefined) ??
    'disconnected'
  );
}

function parseHello(message: unknown): HostHello | undefined {
  if (!isPlainObject(message) || message.type !== 'hello') return undefined;
  if (typeof message.version !== 'string' || typeof message.protocol !== 'number') return undefined;
  return { type: 'hello', version: message.version, protocol: message.protocol };
}
