// What the commands share for the lifetime of one host process.
import { CompanionError } from '../../shared/errors.js';
import { CardSession } from './card/index.js';
import { tokenDeadlineCapMs } from './config.js';
import {
  resolveSystemPkcs11Module,
  TOKEN_DEADLINES,
  TokenWorkerClient,
  type TokenDeadlines,
} from './token/pkcs11/index.js';
import type { PcscMonitor } from './token/pcsc/pcsc-monitor.js';

export interface HostRuntime {
  version: string;
  pcsc: PcscMonitor;
  /** The PKCS#11 session, created on first use so `hello` and `status` never wait for the module. */
  card(): CardSession;
  pkcs11Module(): { path: string; source: string } | { error: CompanionError };
  /** Module paths from browser policy (highest precedence); a change takes effect on the next card call. */
  setPolicyModules(paths: readonly string[] | undefined): void;
  close(): void;
}

export function createRuntime(version: string, pcsc: PcscMonitor): HostRuntime {
  let session: CardSession | undefined;
  let resolved: { path: string; source: string } | undefined;
  let policyModules: readonly string[] | undefined;
  const resolveModule = () => {
    resolved ??= resolveSystemPkcs11Module(policyModules?.length ? { policy: policyModules } : {});
    return resolved;
  };
  // A removed card invalidates the certificate cache and frees a token call that may hang on it.
  pcsc.on('event', (event) => {
    if (event.event === 'card-removed' || event.event === 'reader-removed') session?.cardRemoved();
  });
  return {
    version,
    pcsc,
    card() {
      if (!session)
        session = new CardSession({
          token: new TokenWorkerClient({ modulePath: resolveModule().path, deadlines: cappedDeadlines() }),
          presence: pcsc,
        });
      return session;
    },
    setPolicyModules(paths) {
      const same =
        (paths ?? []).length === (policyModules ?? []).length &&
        (paths ?? []).every((path, index) => policyModules?.[index] === path);
      if (same) return;
      policyModules = paths;
      resolved = undefined;
      void session?.close();
      session = undefined;
    },
    pkcs11Module() {
      try {
        return resolveModule();
      } catch (error) {
        return {
          error: error instanceof CompanionError ? error : new CompanionError('PKCS11_MODULE_NOT_FOUND'),
        };
      }
    },
    close() {
      void session?.close();
    },
  };
}

/** The card-call deadlines, shortened when ZORGID_TOKEN_DEADLINE_MS asks for it (tests). */
function cappedDeadlines(): Partial<TokenDeadlines> {
  const cap = tokenDeadlineCapMs(process.env);
  if (cap === undefined) return {};
  const capped: Partial<TokenDeadlines> = {};
  for (const key of ['listTokensMs', 'readCertificatesMs', 'pinStatusMs', 'signMs'] as const) {
    capped[key] = Math.min(TOKEN_DEADLINES[key], cap);
  }
  return capped;
}
