// Starts the sandbox's services for tests and `npm start`: pcscd (with the TCP_NODELAY shim),
// the card daemon holding the virtual UZI-pas, and the sandbox pages. `stop()` ends exactly
// these processes, by PID, in reverse order.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { insertCard, listCards, spawnCardDaemon } from '../../sandbox/card/client.js';
import { startCardStatusServer } from '../../sandbox/card-status/server.js';
import { sandboxPki } from '../../sandbox/card/pki-profiles.js';
import { ISSUING_CAS } from '../../sandbox/pki/index.js';
import { createRevocationService } from '../../sandbox/pki/revocation-service.js';
import { startPortal } from '../../sandbox/portal/index.js';
import { startPcscd } from '../../sandbox/services/pcscd.js';
import { serveRigPcscdControl } from '../../sandbox/services/pcscd-control.js';
import { stopWithParent } from '../../sandbox/services/watchdog.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import { OPENSC_PKCS11_MODULE, PAGE_API_DIST, SANDBOX_STATE_DIR } from './paths.js';

export interface SandboxServicesOptions {
  card?: boolean;
  cardProfile?: string;
  portal?: boolean;
  /** Where both portal instances keep their SQLite files; default `.sandbox/portal` (kept between runs). */
  portalDataDir?: string;
  /** Both portals as today's real one: the login opens the ZORG-ID Desktop App, no page API (sandbox/portal/routes/desktop-app.ts). */
  realPortal?: boolean;
  /** Use a pcscd that is already running (a desktop's own) instead of refusing; it is then left running. */
  reusePcscd?: boolean;
}

export interface SandboxServices {
  /** Environment for processes that use these services (tests, the host). */
  env: Record<string, string>;
  urls: Record<string, string>;
  startUrl: string;
  stop(): Promise<void>;
}

export const CARD_SOCKET = path.join(SANDBOX_STATE_DIR, 'card.sock');
export const DEFAULT_PORTAL_DATA_DIR = path.join(SANDBOX_STATE_DIR, 'portal');
/** The built CLI's card daemon runs on plain node, which cannot load the .ts resolver: use the built one. */
const PROFILE_RESOLVER = fileURLToPath(
  new URL(
    `../../sandbox/card/pki-profiles.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
    import.meta.url,
  ),
);

export async function startSandboxServices(options: SandboxServicesOptions = {}): Promise<SandboxServices> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) {
      await stopOne().catch((error: unknown) => console.error(`[sandbox] stop: ${String(error)}`));
    }
  };
  try {
    const pcscdOptions = { logFile: path.join(SANDBOX_STATE_DIR, 'pcscd.log') };
    const pcscd = await startPcscd({ ...pcscdOptions, reuseRunning: options.reusePcscd ?? false });
    // Tests stop and start the rig's pcscd through its owner (fault matrix: pcscd stopped, no driver).
    const rigPcscd = pcscd.reused
      ? undefined
      : await serveRigPcscdControl(pcscd, pcscdOptions).catch(async (error: unknown) => {
          await pcscd.stop();
          throw error;
        });
    stops.push(() => rigPcscd?.close() ?? pcscd.stop());
    console.error(
      `[sandbox] pcscd pid ${pcscd.pid}${pcscd.nodelay ? ' (TCP_NODELAY)' : ''}${pcscd.reused ? ' (already running)' : ''}`,
    );

    const daemon = await spawnCardDaemon({ socketPath: CARD_SOCKET, resolverModule: PROFILE_RESOLVER });
    // A crash of this process (even SIGKILL) must not leave the daemon running (pcscd: startPcscd).
    const daemonWatchdog = stopWithParent(daemon.pid);
    stops.push(() => daemon.stop().finally(() => daemonWatchdog.release()));
    console.error(`[sandbox] card daemon pid ${daemon.pid}, socket ${CARD_SOCKET}`);
    if (options.card !== false) {
      const present = await listCards(CARD_SOCKET);
      if (!present.some((card) => card.reader === 0)) {
        await insertCard(CARD_SOCKET, { reader: 0, profile: options.cardProfile ?? 'zorgverlener' });
      }
    }

    const urls: Record<string, string> = {};
    if (options.portal === false) {
      const server = await startCardStatusServer({
        port: Number(new URL(SANDBOX_ORIGINS.acceptatie).port),
        pageApiDir: PAGE_API_DIST,
      });
      stops.push(() => server.close());
      urls.kaartstatus = `${server.url}/kaartstatus`;
    } else {
      const pki = await sandboxPki();
      const crls = ISSUING_CAS.map((ca) => pki.crlDer(ca));
      // Both instances serve /pki/ (CRL, OCSP, CA certificates) and check OCSP at their own responder.
      const revocationService = createRevocationService(pki);
      for (const environment of ['acceptatie', 'productie'] as const) {
        const portal = await startPortal({
          environment,
          port: Number(new URL(SANDBOX_ORIGINS[environment]).port),
          dataDir: options.portalDataDir ?? DEFAULT_PORTAL_DATA_DIR,
          pki,
          trustedCaPems: [pki.chainPem()],
          crlDers: crls,
          revocationService,
          ocsp: {},
          pageApiPath: path.join(PAGE_API_DIST, 'zorgid-page.js'),
          ...(options.realPortal ? { realPortal: true } : {}),
        });
        stops.push(() => portal.close());
        urls[`portaal ${environment}`] = `${portal.url}/portal`;
      }
      const acceptatie = SANDBOX_ORIGINS.acceptatie;
      urls.aanvraag = `${acceptatie}/aanvraag`;
      urls.mailbox = `${acceptatie}/mailbox`;
      urls.telefoon = `${acceptatie}/telefoon`;
      urls.kaartstatus = `${acceptatie}/kaartstatus`;
    }

    return {
      env: {
        ZORGID_CARD_SOCKET: CARD_SOCKET,
        ZORGID_PKCS11_MODULE: OPENSC_PKCS11_MODULE,
      },
      urls,
      startUrl: urls.kaartstatus ?? `${SANDBOX_ORIGINS.acceptatie}/kaartstatus`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
