// The holder's name as shown to a person (consent window, diagnostics, the portal's header): first and
// last name, as the portal shows them in step 7 (EU-005 reads "first and last name" from the card), and
// the certificate's commonName only when both are missing. One rule, so the helpdesk, the consent
// window and the portal never show the same card under two names.

export interface HolderNameParts {
  givenName?: string | null | undefined;
  surname?: string | null | undefined;
  commonName?: string | null | undefined;
}

/** '' when the certificate names nobody. */
export function holderDisplayName(identity: HolderNameParts): string {
  const parts = [identity.givenName, identity.surname].map((part) => part?.trim() ?? '').filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : (identity.commonName?.trim() ?? '');
}
