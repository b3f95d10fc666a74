// A fake host runtime for host command unit tests: the real PcscMonitor on a fake pcsclite (readers
// plugged, cards inserted and removed by the test), a PKCS#11 module answer of the test's choice and
// an optional card session. The commands and the monitor run for real; only the PC/SC driver and the
// token are stand-ins. The same paths are covered for real by test/integration/host (pcscd + vpcd,
// OpenSC).
import { EventEmitter } from 'node:events';
import { CompanionError, type ErrorCode } from '../../shared/errors.js';
import type { HostEvent } from '../../shared/protocol/host.js';
import type { CardSession } from '../../native-host/src/card/index.js';
import type { HostRuntime } from '../../native-host/src/runtime.js';
import { PcscMonitor } from '../../native-host/src/token/pcsc/pcsc-monitor.js';

/** PC/SC reader state bits (winscard.h), as pcsclite reports them. */
const SCARD_STATE = { EMPTY: 0x0010, PRESENT: 0x0020 } as const;

/** One reader as pcsclite hands it out: the test drives its status. */
export class FakeReader extends EventEmitter {
  constructor(readonly name: string) {
    super();
  }
  insert(atrHex: string): this {
    this.emit('status', { state: SCARD_STATE.PRESENT, atr: Buffer.from(atrHex, 'hex') });
    return this;
  }
  remove(): this {
    this.emit('status', { state: SCARD_STATE.EMPTY, atr: Buffer.alloc(0) });
    return this;
  }
  unplug(): void {
    this.emit('end');
  }
  close(): void {}
}

/** The pcsclite context: `plug` adds a reader, `fail` is pcscd going away. */
export class FakePcsc extends EventEmitter {
  plug(name: string): FakeReader {
    const reader = new FakeReader(name);
    this.emit('reader', reader);
    return reader;
  }
  fail(message = 'SCardEstablishContext error: Service not available'): void {
    this.emit('error', new Error(message));
  }
  close(): void {}
}

export interface FakeRuntimeOptions {
  version?: string;
  /** The PKCS#11 module the resolver finds, or the error code it fails with. */
  pkcs11?: { path: string; source: string } | ErrorCode;
  /**
   * The card session commands get, or a factory given the monitor (pass it as the session's
   * `presence`, as the real runtime does); absent: card() throws (the test did not expect a card call).
   */
  card?: CardSession | ((pcsc: PcscMonitor) => CardSession);
}

export interface FakeRuntime {
  runtime: HostRuntime;
  pcsc: FakePcsc;
  /** Every event the monitor emitted, in order. */
  events: HostEvent[];
  /** Module paths the extension's policy set through `configure`. */
  policyModules: (readonly string[] | undefined)[];
  stop(): void;
}

export function fakeHostRuntime(options: FakeRuntimeOptions = {}): FakeRuntime {
  const pcsc = new FakePcsc();
  // pcsclite's factory: calling it opens a context.
  const monitor = new PcscMonitor(() => () => pcsc);
  const events: HostEvent[] = [];
  monitor.on('event', (event) => events.push(event));
  monitor.start();
  const policyModules: (readonly string[] | undefined)[] = [];
  const pkcs11 = options.pkcs11 ?? { path: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', source: 'env' };
  const session = typeof options.card === 'function' ? options.card(monitor) : options.card;
  const runtime: HostRuntime = {
    version: options.version ?? '0.1.0',
    pcsc: monitor,
    card() {
      if (!session) throw new Error('fakeHostRuntime: this test gave no card session');
      return session;
    },
    pkcs11Module: () => (typeof pkcs11 === 'string' ? { error: new CompanionError(pkcs11) } : pkcs11),
    setPolicyModules: (paths) => void policyModules.push(paths),
    close: () => monitor.stop(),
  };
  return { runtime, pcsc, events, policyModules, stop: () => monitor.stop() };
}
