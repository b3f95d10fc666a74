// TokenApi over Pkcs11Token in this process: the real token code against the simulated module,
// without a child process, so unit tests can look inside both.
import { Pkcs11Token, type Pkcs11Api } from '../../../native-host/src/token/pkcs11/pkcs11-token.js';
import type { TokenApi } from '../../../native-host/src/token/pkcs11/worker-client.js';
import type { SignRequest } from '../../../native-host/src/token/pkcs11/worker-protocol.js';
import type { SimulatedModule } from './simulated-module.js';

export class InProcessToken implements TokenApi {
  readonly token: Pkcs11Token;
  readonly signRequests: SignRequest[] = [];
  removedCalls = 0;

  constructor(module: SimulatedModule) {
    this.token = new Pkcs11Token(module as unknown as Pkcs11Api);
  }

  listTokens = () => Promise.resolve(this.token.listTokens());
  readCertificates = (slotId: string) => Promise.resolve(this.token.readCertificates(slotId));
  pinStatus = (slotId: string) => Promise.resolve(this.token.pinStatus(slotId));

  sign(request: SignRequest): Promise<Uint8Array> {
    this.signRequests.push(request);
    return new Promise((resolve) => resolve(this.token.sign(request)));
  }

  cardRemoved(): void {
    this.removedCalls++;
  }

  close = () => Promise.resolve();
}
