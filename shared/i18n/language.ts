// The one "automatic language" rule of every extension page (guide, diagnostics, popup): the product
// speaks Dutch first, so it is Dutch unless the language policy says English, or, with the policy on
// "auto" (or absent), the browser's first language is English. A German or French browser gets Dutch:
// the portal it guides through is Dutch only.
export type UiLanguage = 'nl' | 'en';

export function resolveLanguage(
  /** The policy's value; anything but 'nl' or 'en' counts as 'auto'. */
  setting: string | undefined,
  browserLanguages: readonly string[] | string,
): UiLanguage {
  if (setting === 'nl' || setting === 'en') return setting;
  const first = (typeof browserLanguages === 'string' ? browserLanguages : browserLanguages[0]) ?? '';
  return first.toLowerCase().startsWith('en') ? 'en' : 'nl';
}
