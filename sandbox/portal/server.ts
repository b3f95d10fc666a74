import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createVerifier } from '../../verifier/index.js';
import { Ctx, type App } from './context.js';
import { SqliteChallengeStore, openDatabase } from './db.js';
import { HttpError, send, sendHtml, sendJson } from './http.js';
import { layout, html } from './html.js';
import { CARD_STATUS_CSS, CARD_STATUS_SCRIPT, cardStatusPageHtml } from '../card-status/page.js';
import * as application from './routes/application.js';
import * as beheer from './routes/beheer.js';
import * as phone from './routes/phone.js';
import * as portal from './routes/portal.js';
import * as desktopApp from './routes/desktop-app.js';
import { handlePki } from './routes/pki.js';
import * as selfRegistration from './routes/self-registration.js';
import { DEFAULT_PORTS, type PortalOptions } from './types.js';
import { OCSP_PATH, PKI_PATH_PREFIX } from '../pki/urls.js';
import type { RevocationOptions } from '../../verifier/index.js';

const FIVE_MINUTES_MS = 5 * 60 * 1000;
const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
/** Without the extension's page bundle the page sees no ZorgIdCompanion, exactly as without the extension. */
const PAGE_API_STUB =
  '// ZORG-ID Companion page API not installed (sandbox stub): window.ZorgIdCompanion stays undefined.\n';

const DESKTOP_APP_PAGE_API = '/static/desktop-app/zorgid-page.js';

type Handler = (ctx: Ctx) => void | Promise<void>;

const ROUTES: Readonly<Record<string, Handler>> = {
  'GET /': (ctx) => {
    ctx.res.writeHead(303, { Location: '/portal' }).end();
  },
  // The smallest page on the page API: readers and card presence, live (also for the helpdesk).
  'GET /kaartstatus': (ctx) =>
    send(ctx.res, 200, 'text/html; charset=utf-8', cardStatusPageHtml(ctx.app.environment)),
  'GET /static/kaartstatus.mjs': (ctx) =>
    send(ctx.res, 200, 'text/javascript; charset=utf-8', CARD_STATUS_SCRIPT),
  'GET /static/kaartstatus.css': (ctx) => send(ctx.res, 200, 'text/css; charset=utf-8', CARD_STATUS_CSS),
  'GET /aanvraag': application.getApplicationForm,
  'POST /aanvraag': application.postApplicationForm,
  'GET /mailbox': application.getMailbox,
  'GET /backoffice': (ctx) => application.getBackoffice(ctx),
  'POST /backoffice/goedkeuren': application.postApprove,
  'GET /portal': portal.getPortalHome,
  'GET /portal/inloggen': portal.getLogin,
  'POST /portal/uitloggen': portal.postLogout,
  'GET /portal/organisatie': portal.getOrganisationPage,
  'POST /portal/organisatie': portal.postOrganisation,
  'GET /portal/mobile-app-id': portal.getMobileAppId,
  'POST /portal/mobile-app-id': portal.postMobileAppId,
  'GET /portal/activeren': portal.getActivate,
  'GET /portal/beheer': beheer.getBeheer,
  'POST /portal/beheer': beheer.postBeheer,
  'GET /api/wid/status': beheer.getWidStatus,
  'POST /api/challenge': portal.postChallenge,
  'POST /api/login/uzi': portal.postUziLogin,
  'GET /api/qr-login/status': portal.getQrLoginStatus,
  'GET /api/enrolment/status': portal.getEnrolmentStatus,
  'GET /sandbox/portaal': desktopApp.getVariant,
  'GET /desktop-app': portal.getDesktopApp,
  'POST /api/desktop-app/inloggen': desktopApp.postDesktopAppLogin,
  'GET /api/desktop-app/status': desktopApp.getDesktopAppStatus,
  'GET /api/organisatie/desktop-app': portal.getOrganisationDesktopAppStatus,
  'GET /uzi-portaal': selfRegistration.getSelfRegistration,
  'POST /uzi-portaal': selfRegistration.postSelfRegistration,
  'POST /api/uzi-portaal/start': selfRegistration.postStart,
  'POST /api/uzi-portaal/ondertekenen': selfRegistration.postSign,
  'GET /telefoon': phone.getPhone,
  'POST /telefoon/pincode': phone.postChoosePin,
  'POST /telefoon/ontgrendelen': phone.postUnlock,
  'POST /telefoon/scan': phone.postScan,
  'POST /telefoon/geboortedatum': phone.postBirthDate,
  'POST /telefoon/wid': phone.postWidScan,
};

const STATIC_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/static/portal.css': { file: 'portal.css', type: 'text/css; charset=utf-8' },
  '/static/portal-page.mjs': { file: 'portal-page.mjs', type: 'text/javascript; charset=utf-8' },
};

export interface RunningPortal {
  url: string;
  environment: PortalOptions['environment'];
  close(): Promise<void>;
}

/**
 * The verifier's revocation settings: fail closed with whatever the caller configured. A portal started
 * with neither CRLs nor OCSP (the portal tests that are about other things) opts out by name.
 */
function revocationOptions(options: PortalOptions, origin: string): RevocationOptions {
  if (!options.crlDers && !options.crlFetch && !options.ocsp) return { mode: 'off-i-accept-the-risk' };
  return {
    ocsp: options.ocsp ? { responderUrl: options.ocsp.responderUrl ?? origin + OCSP_PATH } : false,
    ...(options.crlDers || options.crlFetch
      ? { crl: { ...(options.crlDers ? { ders: options.crlDers } : {}), fetch: options.crlFetch === true } }
      : {}),
  };
}

export async function startPortal(options: PortalOptions): Promise<RunningPortal> {
  const host = options.host ?? '127.0.0.1';
  const db = openDatabase(options.dataDir, options.environment);
  const now = options.now ?? (() => new Date());
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORTS[options.environment], host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;
  const app: App = {
    db,
    environment: options.environment,
    origin,
    options,
    now,
    enrolmentTtlMs: options.enrolmentTtlMs ?? FIVE_MINUTES_MS,
    qrLoginTtlMs: options.qrLoginTtlMs ?? FIVE_MINUTES_MS,
    timers: new Set(),
    verifier: createVerifier({
      trustedCaPems: options.trustedCaPems,
      expectedOrigin: origin,
      challengeStore: new SqliteChallengeStore(db),
      now,
      challengeTtlMs: options.challengeTtlMs ?? FIVE_MINUTES_MS,
      revocation: revocationOptions(options, origin),
      // The sandbox PKI's cards are test cards: accepted here only because the sandbox says so.
      allowTestCertificates: true,
    }),
  };
  application.resumeApprovals(app);

  server.on('request', (req, res) => {
    const ctx = new Ctx(app, req, res);
    void handle(ctx).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message =
        error instanceof HttpError ? error.message : 'Er ging iets mis in de sandbox. Probeer het opnieuw.';
      if (status === 500) console.error('[portal]', error);
      if (res.headersSent) return res.end();
      if (req.url?.startsWith('/api/'))
        return sendJson(res, status, { ok: false, code: 'HTTP_' + status, message });
      sendHtml(
        res,
        status,
        layout({
          title: 'Fout',
          environment: app.environment,
          csrf: '',
          body: html`<h1>Er ging iets mis</h1>
            <p role="alert">${message}</p>
            <p><a href="/portal">Naar het portaal</a></p>`,
        }),
      );
    });
  });

  async function handle(ctx: Ctx): Promise<void> {
    const path = ctx.url.pathname;
    // The real-portal variant's pages have no page API; the Desktop App stand-in's path always has it.
    const pageApiRequest =
      path === DESKTOP_APP_PAGE_API ||
      (path === '/static/zorgid-page.js' && !desktopApp.isDesktopAppVariant(ctx));
    if (ctx.req.method === 'GET' && path === '/static/zorgid-page.js' && !pageApiRequest)
      return send(ctx.res, 200, 'text/javascript; charset=utf-8', PAGE_API_STUB);
    if (ctx.req.method === 'GET' && pageApiRequest) {
      const file = options.pageApiPath;
      const body = file && existsSync(file) ? readFileSync(file) : PAGE_API_STUB;
      return send(ctx.res, 200, 'text/javascript; charset=utf-8', body);
    }
    if (path.startsWith(PKI_PATH_PREFIX)) return handlePki(ctx);
    const asset = STATIC_FILES[path];
    if (ctx.req.method === 'GET' && asset)
      return send(ctx.res, 200, asset.type, readFileSync(STATIC_DIR + asset.file));
    const handler = ROUTES[`${ctx.req.method} ${path}`];
    if (!handler) throw new HttpError(404, 'Deze pagina bestaat niet.');
    await handler(ctx);
  }

  return {
    url: origin,
    environment: options.environment,
    async close() {
      for (const timer of app.timers) clearTimeout(timer);
      app.timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
