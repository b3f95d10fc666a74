// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { detectStep } from '../../../extension/portal/detect-step.js';
import { accessibleName } from '../../../extension/portal/accessible-name.js';
import { DEFAULT_STEP_MAP } from '../../../shared/steps/step-map.js';
import { emptyProgress } from '../../../shared/steps/progress.js';
import { applyStepMapCorrections } from '../../../shared/steps/corrections.js';
import { SANDBOX_ACCEPTANCE, fixtureManifest, loadPage, readFixture } from './fixtures.js';

describe('detectStep on the portal snapshots and markup variants', () => {
  for (const entry of fixtureManifest()) {
    it(`${entry.file} → ${entry.step ?? 'no step'}`, () => {
      const url = `${SANDBOX_ACCEPTANCE}${entry.path}`;
      const { document } = loadPage(readFixture(entry.file), url);
      const result = detectStep(document, { href: url }, DEFAULT_STEP_MAP);
      expect(result.environment).toBe('sandbox-acceptatie');
      expect(result.stepId ?? null).toBe(entry.step);
      expect(result.pageId ?? null).toBe(entry.page);
      expect(result.missing.map((m) => m.name)).toEqual(entry.missing);
      if (entry.target === null) expect(result.target).toBeUndefined();
      else {
        expect(result.target).toBeDefined();
        expect(accessibleName(result.target!).toLowerCase()).toBe(entry.target.toLowerCase());
      }
    });
  }

  it('recognises the real portal by landmarks alone, where the path is unknown', () => {
    for (const [file, step] of [
      ['variants/organisatie-controle.html', 'validate-organisation'],
      ['variants/beheer.html', 'setup-management'],
      ['portal-inloggen.html', 'uzi-login'],
    ] as const) {
      const href = 'https://acceptatie.zorg-id.nl/portal/some/unknown/path';
      const html = readFixture(file).replace(/<meta name="zorgid-sandbox"[^>]*>/, '');
      const { document } = loadPage(html, href);
      const result = detectStep(document, { href }, DEFAULT_STEP_MAP);
      expect(result.environment).toBe('acceptatie');
      expect(result.stepId).toBe(step);
    }
  });

  it('a production page cannot pretend to be the sandbox with the meta tag', () => {
    const href = 'https://productie.zorg-id.nl/portal';
    const { document } = loadPage(readFixture('portal.html'), href);
    const result = detectStep(document, { href }, DEFAULT_STEP_MAP);
    expect(result.environment).toBe('productie');
    expect(result.stepId).toBe('portal-login');
  });

  it('reads organisation name and URA from the definition list in any order', () => {
    for (const file of ['organisatie-controle.html', 'variants/organisatie-controle.html']) {
      const url = `${SANDBOX_ACCEPTANCE}/portal/organisatie`;
      const { document } = loadPage(readFixture(file), url);
      const result = detectStep(document, { href: url }, DEFAULT_STEP_MAP);
      expect(result.page).toEqual({ organisationName: 'Huisartsenpraktijk De Linde', ura: '90000382' });
    }
  });

  it('captures what the user typed into the application form', () => {
    const url = `${SANDBOX_ACCEPTANCE}/aanvraag`;
    const { document } = loadPage(readFixture('variants/aanvraag.html'), url);
    const inputs = document.querySelectorAll('input[name]');
    (inputs[0] as HTMLInputElement).value = '90000382';
    (inputs[1] as HTMLInputElement).value = 'Huisartsenpraktijk De Linde';
    const result = detectStep(document, { href: url }, DEFAULT_STEP_MAP);
    expect(result.captured).toEqual({ ura: '90000382', organisationName: 'Huisartsenpraktijk De Linde' });
  });

  it('marks the application step done when the confirmation is in the mailbox, not before', () => {
    const url = `${SANDBOX_ACCEPTANCE}/mailbox`;
    const copy = detectStep(
      loadPage(readFixture('mailbox-kopie.html'), url).document,
      { href: url },
      DEFAULT_STEP_MAP,
    );
    expect(copy.waiting).toBe(true);
    expect(copy.doneSteps).not.toContain('application-form');
    const confirmed = detectStep(
      loadPage(readFixture('mailbox-bevestiging.html'), url).document,
      { href: url },
      DEFAULT_STEP_MAP,
    );
    expect(confirmed.waiting).toBe(false);
    expect(confirmed.doneSteps).toContain('application-form');
  });

  it('falls back to the progress step on a page it does not know, and reports nothing missing', () => {
    const url = `${SANDBOX_ACCEPTANCE}/telefoon`;
    const progress = { ...emptyProgress('sandbox-acceptatie'), current: 'create-mobile-id' as const };
    const result = detectStep(
      loadPage(readFixture('telefoon.html'), url).document,
      { href: url },
      DEFAULT_STEP_MAP,
      progress,
    );
    expect(result.match).toBe('none');
    expect(result.stepId).toBe('create-mobile-id');
    expect(result.missing).toEqual([]);
  });

  it('ignores the guide host element when looking for controls', () => {
    const url = `${SANDBOX_ACCEPTANCE}/portal/organisatie`;
    const { document } = loadPage(readFixture('organisatie-controle-zonder-volgende.html'), url);
    const host = document.createElement('zorgid-companion-guide');
    host.innerHTML = '<button>volgende</button>';
    document.documentElement.appendChild(host);
    const result = detectStep(document, { href: url }, DEFAULT_STEP_MAP, undefined, { exclude: host });
    expect(result.target).toBeUndefined();
    expect(result.missing.map((m) => m.name)).toEqual(['volgende']);
  });

  it('uses policy corrections: a renamed button is found after correction', () => {
    const url = `${SANDBOX_ACCEPTANCE}/portal/organisatie`;
    const html = readFixture('organisatie-controle.html').replace('>volgende<', '>Doorgaan<');
    const before = detectStep(loadPage(html, url).document, { href: url }, DEFAULT_STEP_MAP);
    expect(before.missing.map((m) => m.name)).toEqual(['volgende']);
    const { map, problems } = applyStepMapCorrections(DEFAULT_STEP_MAP, {
      steps: {
        'validate-organisation': {
          pages: [
            {
              id: 'organisation-check',
              urls: { 'sandbox-acceptatie': ['/portal/organisatie*'] },
              landmarks: [
                { role: 'term', name: 'Organisatienaam' },
                { role: 'term', name: 'URA-nummer' },
              ],
              next: { role: 'button', name: 'Doorgaan' },
            },
          ],
        },
      },
    });
    expect(problems).toEqual([]);
    const after = detectStep(loadPage(html, url).document, { href: url }, map);
    expect(after.missing).toEqual([]);
    expect(after.target?.textContent).toBe('Doorgaan');
  });

  it('done rules: the page shows what is proven, no more', () => {
    const doneOn = (file: string, path: string, edit: (html: string) => string = (h) => h) => {
      const url = `${SANDBOX_ACCEPTANCE}${path}`;
      return detectStep(loadPage(edit(readFixture(file)), url).document, { href: url }, DEFAULT_STEP_MAP)
        .doneSteps;
    };
    // The portal's home page: opening it is not step 3 done (the guide shows it with "Inloggen").
    expect(doneOn('portal.html', '/portal')).not.toContain('portal-login');
    // The login page is.
    expect(doneOn('portal-inloggen.html', '/portal/inloggen')).toContain('portal-login');
    // The portal moved on to the activation page after the app confirmed: step 7 is done.
    for (const file of ['activeren.html', 'variants/activeren.html']) {
      const done = doneOn(file, '/portal/activeren');
      expect(done).toContain('create-mobile-id');
      expect(done).not.toContain('activate-identity');
    }
    for (const file of ['beheer.html', 'variants/beheer.html']) {
      expect(doneOn(file, '/portal/beheer')).toEqual(
        expect.arrayContaining(['create-mobile-id', 'activate-identity']),
      );
    }
    expect(doneOn('mobile-app-id.html', '/portal/mobile-app-id')).not.toContain('create-mobile-id');
    // The portal's refusal page ("Beheer" heading only) proves nothing.
    const refusal = (html: string) =>
      html.replace(/<main>[\s\S]*<\/main>/, '<main><h1>Beheer</h1><p>Alleen voor beheerders.</p></main>');
    const refused = doneOn('beheer.html', '/portal/beheer', refusal);
    expect(refused).not.toContain('activate-identity');
    expect(refused).not.toContain('create-mobile-id');
  });
});
