import type { StepDefinition } from './types.js';

// A step can read differently on one of its pages: the login page that opens the ZORG-ID Desktop App
// gets other instructions and checks than the one that offers the page API. Pure, so the guide's
// state function calls it with the page it detected.

/**
 * Which way of using the UZI-pas the page offers (the login of step 5, "afronden" of step 6), by the page
 * rule the guide recognised.
 */
export type LoginOffer = 'page-api' | 'desktop-app';

export const LOGIN_OFFER_BY_PAGE: Readonly<Record<string, LoginOffer>> = {
  'portal-login-choice': 'page-api',
  'portal-login-desktop-app': 'desktop-app',
  'organisation-confirm': 'page-api',
  'organisation-confirm-desktop-app': 'desktop-app',
};

export function loginOfferOf(pageId: string | undefined): LoginOffer | undefined {
  return pageId === undefined ? undefined : LOGIN_OFFER_BY_PAGE[pageId];
}

/** The step as shown on `pageId`: that page's own instructions and checks, when it has them and belongs to the step. */
export function stepForPage(step: StepDefinition, pageId: string | undefined): StepDefinition {
  const page = pageId === undefined ? undefined : step.pages.find((p) => p.id === pageId);
  if (!page || (page.instructions === undefined && page.checks === undefined)) return step;
  return {
    ...step,
    ...(page.instructions ? { instructions: page.instructions } : {}),
    ...(page.checks ? { checks: page.checks } : {}),
  };
}
