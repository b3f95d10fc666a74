import { HOST_PROTOCOL_VERSION, type HostStatus } from '../../../shared/protocol/host.js';
import type { HostRuntime } from '../runtime.js';

export async function status(runtime: HostRuntime): Promise<HostStatus> {
  await runtime.pcsc.settled();
  const error = runtime.pcsc.error;
  const module = runtime.pkcs11Module();
  return {
    version: runtime.version,
    protocol: HOST_PROTOCOL_VERSION,
    pcsc: runtime.pcsc.pcscAvailable
      ? { available: true }
      : { available: false, ...(error ? { error } : {}) },
    readers: runtime.pcsc.snapshot(),
    // Tokens are listed by `readCard`/diagnostics, not here: status must not touch the card.
    pkcs11: 'error' in module ? { error: module.error.code } : { module: module.path, source: module.source },
  };
}
