// Data shapes of the registration guide. Pure data: no DOM, no Node, so the step map can be
// shipped in policy, validated in the service worker and tested in Node alike.

export const STEP_IDS = [
  'prepare',
  'application-form',
  'portal-login',
  'install-app',
  'uzi-login',
  'validate-organisation',
  'create-mobile-id',
  'activate-identity',
  'setup-management',
] as const;

export type StepId = (typeof STEP_IDS)[number];

export const ENVIRONMENTS = [
  'acceptatie',
  'productie',
  'sandbox-acceptatie',
  'sandbox-productie',
  'application-form',
  'unknown',
] as const;

export type Environment = (typeof ENVIRONMENTS)[number];

export const STEP_ROLES = [
  'portal-administrator',
  'portal-manager',
  'care-worker',
  'care-provider-representative',
] as const;

export type StepRole = (typeof STEP_ROLES)[number];

export const STEP_PLACES = ['offline', 'application-form', 'mailbox', 'portal', 'phone'] as const;

export type StepPlace = (typeof STEP_PLACES)[number];

export const CHECK_IDS = [
  'reader-present',
  'card-present',
  'card-type-z-or-n',
  'card-not-expired',
  'ura-matches-page',
  'organisation-matches-page',
  'ura-matches-application',
  'organisation-matches-application',
  'pin-tries-left',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface LocalText {
  nl: string;
  en: string;
}

/**
 * A control or heading the guide looks for, by ARIA role and accessible name. Names compare
 * case-insensitively with collapsed whitespace; `role` may list alternatives ("button or link").
 */
export interface Landmark {
  role: string | string[];
  name: string;
  /**
   * Where the name comes from, so a policy correction knows what to doubt first: `seed` (VZVZ's step
   * plan, docs/background/seed), `eu-005` (VZVZ's public use case ZID-UC-EU-005), `guess` (our wording,
   * the real portal's is unknown), `sandbox` (only the sandbox has it). Corrections from policy carry none.
   */
  source?: LandmarkSource;
}

export const LANDMARK_SOURCES = ['seed', 'eu-005', 'guess', 'sandbox'] as const;
export type LandmarkSource = (typeof LANDMARK_SOURCES)[number];

/**
 * URL patterns per environment. A pattern is a path (`/portal/inloggen`) or a full URL; `*`
 * matches any run of characters. An environment without patterns means "path unknown":
 * the page is then recognised by its landmarks alone.
 */
export type UrlPatterns = Partial<Record<Environment, string[]>>;

/** One recognisable page (or state of a page) that belongs to a step. */
export interface PageRule {
  id: string;
  urls: UrlPatterns;
  /** All must be present to recognise the page. */
  landmarks: Landmark[];
  /** The page is NOT this one when any of these is present (e.g. "Uitloggen" on the login page). */
  unless?: Landmark[];
  /** The control the user should use next; highlighted, and reported when missing. */
  next?: Landmark;
  /** Shown as "waiting" (e.g. application sent, confirmation not yet received). */
  waiting?: boolean;
  /**
   * What to do on this page when it differs from the step's usual instructions (the login page that
   * opens the ZORG-ID Desktop App instead of offering the page API): replaces the step's instructions.
   */
  instructions?: { nl: string[]; en: string[] };
  /** The checks on this page, when they differ from the step's. */
  checks?: CheckId[];
}

/** The step counts as done when a page shows all these landmarks (and matches `urls`, if given). */
export interface DoneRule {
  urls?: UrlPatterns;
  landmarks: Landmark[];
}

/** Where the application form's values are read, so validation can compare with them later. */
export interface CaptureRule {
  field: 'ura' | 'organisationName';
  landmarks: Landmark[];
}

export interface ChecklistItem {
  id: string;
  text: LocalText;
}

export interface RoleChecklist {
  role: StepRole;
  title: LocalText;
  summary: LocalText;
  items: ChecklistItem[];
}

export interface StepDefinition {
  id: StepId;
  /**
   * "Stap k van 9". We follow VZVZ's own plan (the seed), where Voorbereiding is step 1, so
   * the helpdesk, the PDF and the panel always name the same number.
   */
  number: number;
  title: LocalText;
  instructions: { nl: string[]; en: string[] };
  role: StepRole;
  where: StepPlace[];
  pages: PageRule[];
  done: DoneRule[];
  checks: CheckId[];
  /** The browser cannot see the result (phone, mailbox, offline): the user confirms with "gedaan". */
  manualConfirm: boolean;
  captures?: CaptureRule[];
  checklist?: RoleChecklist[];
  links?: Array<{ id: string; url: string; label: LocalText }>;
}

/**
 * How a URL maps to an environment. `origin` is an origin pattern (`https://*.formdesk.com`);
 * `sandboxMeta` also requires `<meta name="zorgid-sandbox" content="...">` with that value.
 */
export interface OriginRule {
  environment: Environment;
  origin: string;
  sandboxMeta?: 'acceptatie' | 'productie';
}

export interface StepMap {
  version: number;
  origins: OriginRule[];
  steps: StepDefinition[];
}
