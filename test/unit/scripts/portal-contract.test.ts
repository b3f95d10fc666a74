import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACT_DOC, renderContract, updatedContract } from '../../../scripts/portal-contract.js';
import { DEFAULT_STEP_MAP } from '../../../shared/steps/step-map.js';
import { LANDMARK_SOURCES, type Landmark } from '../../../shared/steps/types.js';

function allLandmarks(): Landmark[] {
  return DEFAULT_STEP_MAP.steps.flatMap((step) => [
    ...step.pages.flatMap((p) => [...p.landmarks, ...(p.unless ?? []), ...(p.next ? [p.next] : [])]),
    ...step.done.flatMap((d) => d.landmarks),
    ...(step.captures ?? []).flatMap((c) => c.landmarks),
  ]);
}

describe('docs/portal-contract.md, generated from the step map', () => {
  it('every landmark of the built-in step map names its source', () => {
    const landmarks = allLandmarks();
    expect(landmarks.length).toBeGreaterThan(20);
    const untagged = landmarks.filter(
      (l) => !(LANDMARK_SOURCES as readonly string[]).includes(l.source ?? ''),
    );
    expect(untagged).toEqual([]);
  });

  it('is up to date (else run: npx tsx scripts/portal-contract.ts)', () => {
    const doc = readFileSync(CONTRACT_DOC, 'utf8');
    expect(updatedContract(doc)).toBe(doc);
  });

  it('changes when a landmark changes (the check can fail)', () => {
    const map = structuredClone(DEFAULT_STEP_MAP);
    const page = map.steps.find((s) => s.id === 'uzi-login')!.pages[0]!;
    page.next = { role: 'link', name: 'Inloggen met UZI-pas', source: 'guess' };
    expect(renderContract(map)).not.toBe(renderContract());
    expect(renderContract(map)).toContain('link "Inloggen met UZI-pas" (guess)');
  });
});
