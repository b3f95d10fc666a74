export type PortalEnvironment = 'acceptatie' | 'productie';

/** What the portal needs from the sandbox PKI: the date of birth that goes with each card (structural, so no import). */
export interface PortalPkiView {
  cards(): ReadonlyArray<{ identity: { uziNumber: string }; dateOfBirth: string }>;
}

/** The sandbox PKI's revocation endpoints (structural: sandbox/pki/revocation-service.ts implements it). */
export interface PortalRevocationService {
  crl(ca: string): Promise<Uint8Array | undefined>;
  ocsp(requestDer: Uint8Array): Uint8Array;
  caCertificate(name: string): Uint8Array | undefined;
}

export interface PortalOptions {
  environment: PortalEnvironment;
  /** 0 picks a free port. Defaults: acceptatie 4410, productie 4411. */
  port?: number;
  host?: string;
  /** The instance keeps its database at `<dataDir>/portal-<environment>.sqlite`. */
  dataDir: string;
  pki?: PortalPkiView;
  trustedCaPems: string[];
  crlDers?: Uint8Array[];
  /** Fetch CRLs from the card certificate's distribution point (this sandbox's /pki/crl/), cached. */
  crlFetch?: boolean;
  /** Serves the PKI's CRLs, OCSP responder and CA certificates under /pki/ (see sandbox/pki/urls.ts). */
  revocationService?: PortalRevocationService;
  /** Ask an OCSP responder about every card certificate; default responder: this instance's /pki/ocsp. */
  ocsp?: { responderUrl?: string };
  /** Approve applications automatically after this delay; absent: only via /backoffice. */
  approveDelayMs?: number;
  /** The page API bundle served at /static/zorgid-page.js; absent or missing: a stub without ZorgIdCompanion. */
  pageApiPath?: string;
  /** Time limits (ms) for challenges, enrolment QR codes and login QR codes. Default 5 minutes each. */
  challengeTtlMs?: number;
  enrolmentTtlMs?: number;
  qrLoginTtlMs?: number;
  /**
   * The real-portal variant for every browser (`npm start -- --real-portal`): "Inloggen met UZI-pas" opens
   * the ZORG-ID Desktop App (a stand-in at /desktop-app) and pages get no page API. One browser can also
   * choose it with /sandbox/portaal?variant=desktop-app (routes/desktop-app.ts).
   */
  realPortal?: boolean;
  /** Test clock. */
  now?: () => Date;
}

export const DEFAULT_PORTS: Readonly<Record<PortalEnvironment, number>> = {
  acceptatie: 4410,
  productie: 4411,
};
