// Entry of the shipped command line as one script (dist/cli/zorgid-companion.cjs) and of the
// host executable built from it (Node SEA). The same file is the CLI, the native host (when a
// browser starts it or with `host`) and the PKCS#11 worker (when the host starts it again with
// the worker flag in its environment and an IPC channel).
import { isSea } from 'node:sea';
import { setTokenWorkerEntry } from '../native-host/src/token/pkcs11/worker-client.js';
import { main } from './main.js';
import { setSelf } from './self.js';

/** Set only by the host for its own worker child, which also gets an IPC channel (process.send). */
export const TOKEN_WORKER_ENV = 'ZORGID_COMPANION_TOKEN_WORKER';

declare const __filename: string;

const executable = isSea();
// In a single executable, process.argv[1] repeats the executable: arguments start at 2 either way.
const argv = process.argv.slice(2);
const self = executable ? process.execPath : __filename;

async function run(): Promise<void> {
  if (process.env[TOKEN_WORKER_ENV] === '1' && process.send) {
    await import('../native-host/src/token/pkcs11/worker.js');
    return;
  }
  setSelf({ command: process.execPath, args: executable ? ['host'] : [self, 'host'], executable });
  setTokenWorkerEntry({ path: self, execArgv: [], env: { [TOKEN_WORKER_ENV]: '1' } });
  const code = await main(argv);
  if (code >= 0) process.exitCode = code;
}

// A CommonJS bundle (what Node's SEA runs) has no top-level await.
run().catch((error: unknown) => {
  process.stderr.write(`zorgid-companion: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 70;
});
