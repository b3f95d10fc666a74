import type { OrganisationFacts } from '../../shared/steps/checks.js';
import type { CaptureRule } from '../../shared/steps/types.js';
import { normaliseName } from './accessible-name.js';
import type { PageQuery } from './query.js';
import { elementRole } from './roles.js';

// Values the page shows (organisation name and URA in the portal's definition list) and values
// typed into the application form. Read by role and name, like everything else.

export const FACT_TERMS: Record<keyof OrganisationFacts, string[]> = {
  organisationName: ['Organisatienaam', 'Naam organisatie'],
  ura: ['URA-nummer', 'URA'],
};

export const FACT_ROLES = ['term', 'definition'] as const;

function definitionFor(term: Element): Element | undefined {
  for (let el = term.nextElementSibling; el !== null; el = el.nextElementSibling) {
    const role = elementRole(el);
    if (role === 'definition') return el;
    if (role === 'term') return undefined;
  }
  return undefined;
}

export function readOrganisationFacts(query: PageQuery): OrganisationFacts {
  const facts: OrganisationFacts = {};
  for (const field of Object.keys(FACT_TERMS) as Array<keyof OrganisationFacts>) {
    for (const name of FACT_TERMS[field]) {
      const term = query.find({ role: 'term', name });
      const definition = term && definitionFor(term);
      const value = definition && normaliseName(definition.textContent ?? '');
      if (value) {
        facts[field] = value;
        break;
      }
    }
  }
  return facts;
}

/** Values the user typed into the application form, for comparison at validation. */
export function readCapturedFields(query: PageQuery, captures: readonly CaptureRule[]): OrganisationFacts {
  const facts: OrganisationFacts = {};
  for (const capture of captures) {
    for (const landmark of capture.landmarks) {
      const el = query.find(landmark);
      const value = el && 'value' in el ? normaliseName(String((el as HTMLInputElement).value)) : '';
      if (value) {
        facts[capture.field] = value;
        break;
      }
    }
  }
  return facts;
}
