import { describe, expect, it } from 'vitest';
import { GUIDE_STRINGS } from '../../../shared/i18n/guide-strings.js';
import { applyStepMapCorrections, validateStepMap } from '../../../shared/steps/corrections.js';
import { detectEnvironment } from '../../../shared/steps/environment.js';
import { DEFAULT_STEP_MAP, ROLE_CHECKLISTS } from '../../../shared/steps/step-map.js';
import { STEP_IDS } from '../../../shared/steps/types.js';

describe('the default step map', () => {
  it('is valid: ids unique and in order, every text in Dutch and English', () => {
    expect(validateStepMap(DEFAULT_STEP_MAP)).toEqual([]);
    expect(DEFAULT_STEP_MAP.steps.map((s) => s.id)).toEqual([...STEP_IDS]);
    for (const step of DEFAULT_STEP_MAP.steps) {
      expect(step.title.nl.length).toBeGreaterThan(0);
      expect(step.title.en.length).toBeGreaterThan(0);
      expect(step.instructions.nl.length).toBe(step.instructions.en.length);
    }
  });

  it('numbers steps 1..9 as VZVZ’s plan does (Voorbereiding is 1)', () => {
    expect(DEFAULT_STEP_MAP.steps.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('lists the four roles with their needs in the prepare step', () => {
    const prepare = DEFAULT_STEP_MAP.steps[0]!;
    expect(prepare.checklist?.map((r) => r.role)).toEqual([
      'portal-administrator',
      'portal-manager',
      'care-worker',
      'care-provider-representative',
    ]);
    const ids = ROLE_CHECKLISTS.flatMap((r) => r.items.map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('phone and offline steps ask the user to confirm; browser-visible steps do not', () => {
    const manual = DEFAULT_STEP_MAP.steps.filter((s) => s.manualConfirm).map((s) => s.id);
    expect(manual).toEqual([
      'prepare',
      'application-form',
      'install-app',
      'create-mobile-id',
      'setup-management',
    ]);
  });

  it('has the same UI string keys in Dutch and English', () => {
    expect(Object.keys(GUIDE_STRINGS.en).sort()).toEqual(Object.keys(GUIDE_STRINGS.nl).sort());
  });
});

describe('environment detection', () => {
  const origins = DEFAULT_STEP_MAP.origins;
  const cases: Array<[string, string | null, string]> = [
    ['https://acceptatie.zorg-id.nl/portal', null, 'acceptatie'],
    ['https://productie.zorg-id.nl/portal/x', null, 'productie'],
    [
      'https://fd2.formdesk.com/vzvz/Aanvraagformulier_ZORG-ID_Mobiel_UZI-pas_validatie',
      null,
      'application-form',
    ],
    ['http://127.0.0.1:4410/portal', 'acceptatie', 'sandbox-acceptatie'],
    ['http://127.0.0.1:4411/portal', 'productie', 'sandbox-productie'],
    ['http://127.0.0.1:4411/portal', null, 'sandbox-productie'],
    ['http://127.0.0.1:5000/portal', 'productie', 'sandbox-productie'],
    ['http://127.0.0.1:5000/portal', null, 'unknown'],
    ['https://productie.zorg-id.nl/portal', 'acceptatie', 'productie'],
    ['https://evil.example/portal', 'acceptatie', 'unknown'],
    ['not a url', null, 'unknown'],
  ];
  for (const [url, meta, env] of cases) {
    it(`${url} (meta ${String(meta)}) → ${env}`, () =>
      expect(detectEnvironment(url, meta, origins)).toBe(env));
  }
});

describe('applyStepMapCorrections', () => {
  it('applies valid parts, reports and ignores invalid ones, leaves the input map alone', () => {
    const before = JSON.stringify(DEFAULT_STEP_MAP);
    const { map, problems } = applyStepMapCorrections(DEFAULT_STEP_MAP, {
      origins: [
        { environment: 'application-form', origin: 'https://forms.vzvz.nl' },
        { environment: 'nope', origin: 'x' },
      ],
      steps: {
        'portal-login': { title: { nl: 'Portaal openen', en: 'Open the portal' } },
        'uzi-login': { checks: ['card-present', 'no-such-check'] },
        'no-such-step': { title: { nl: 'x', en: 'y' } },
        'validate-organisation': { manualConfirm: 'yes', removePages: ['organisation-start'] },
        'setup-management': { pages: [{ id: 'management', landmarks: [{ role: 'heading' }] }] },
      },
      extra: true,
    });
    expect(JSON.stringify(DEFAULT_STEP_MAP)).toBe(before);
    expect(map.origins[0]).toEqual({ environment: 'application-form', origin: 'https://forms.vzvz.nl' });
    expect(map.steps.find((s) => s.id === 'portal-login')?.title.nl).toBe('Portaal openen');
    expect(map.steps.find((s) => s.id === 'uzi-login')?.checks).toEqual(DEFAULT_STEP_MAP.steps[4]!.checks);
    const validate = map.steps.find((s) => s.id === 'validate-organisation')!;
    expect(validate.manualConfirm).toBe(false);
    expect(validate.pages.map((p) => p.id)).toEqual([
      'organisation-confirm',
      'organisation-confirm-desktop-app',
      'organisation-check',
    ]);
    expect(map.steps.find((s) => s.id === 'setup-management')?.pages[0]?.landmarks.length).toBe(3);
    expect(problems.join('\n')).toMatch(/origins\[1\]/);
    expect(problems.join('\n')).toMatch(/no-such-check/);
    expect(problems.join('\n')).toMatch(/no-such-step: unknown step/);
    expect(problems.join('\n')).toMatch(/manualConfirm: expected a boolean/);
    expect(problems.join('\n')).toMatch(/setup-management\.pages\[0\]\.landmarks\[0\]/);
    expect(problems.join('\n')).toMatch(/corrections\.extra: unknown field/);
    expect(validateStepMap(map)).toEqual([]);
  });

  it('ignores corrections that are not an object', () => {
    for (const bad of ['x', 42, [1], true]) {
      const { map, problems } = applyStepMapCorrections(DEFAULT_STEP_MAP, bad);
      expect(map).toEqual(DEFAULT_STEP_MAP);
      expect(problems.length).toBe(1);
    }
    expect(applyStepMapCorrections(DEFAULT_STEP_MAP, undefined).problems).toEqual([]);
  });

  it('rejects an origin pattern with a path', () => {
    const { problems, map } = applyStepMapCorrections(DEFAULT_STEP_MAP, {
      origins: [{ environment: 'productie', origin: 'https://x.nl/portal' }],
    });
    expect(problems.length).toBe(1);
    expect(map.origins).toEqual(DEFAULT_STEP_MAP.origins);
  });
});
