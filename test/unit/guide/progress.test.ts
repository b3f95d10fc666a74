import { describe, expect, it } from 'vitest';
import { MemoryProgressStore } from '../../../extension/content/guide/memory-progress-store.js';
import { ProgressSession } from '../../../extension/content/guide/progress-session.js';
import type { GuideEvent, ProgressStore } from '../../../extension/content/guide/types.js';
import {
  emptyProgress,
  exportProgress,
  importProgress,
  isProgressKey,
  mergeProgress,
  progressKey,
  validateProgress,
  type Progress,
} from '../../../shared/steps/progress.js';

const clock = () => new Date('2025-01-02T03:04:05Z');

describe('progress validation and export', () => {
  it('round-trips through export and import', () => {
    const p: Progress = { ...emptyProgress('productie', clock()), ura: '90000382', current: 'uzi-login' };
    p.steps.prepare = { status: 'done', by: 'user', at: clock().toISOString() };
    p.checklist['admin-uzi-card'] = true;
    const back = importProgress(exportProgress(p));
    expect(back).toEqual({ ok: true, progress: p });
  });

  it('rejects corrupt data with the reasons', () => {
    for (const bad of [
      null,
      'x',
      [],
      { version: 99 },
      { ...emptyProgress('productie'), steps: { prepare: { status: 'maybe' } } },
    ]) {
      const r = validateProgress(bad);
      expect(r.ok).toBe(false);
    }
    expect(importProgress('{not json').ok).toBe(false);
    expect(importProgress('{"format":"other"}').ok).toBe(false);
  });

  it('keys per environment, and per URA once known (URA normalised)', () => {
    expect(progressKey('productie')).toBe('zorgid-guide-progress:productie');
    expect(progressKey('productie', '9000 0382')).toBe('zorgid-guide-progress:productie:90000382');
    expect(progressKey('acceptatie', '90000382')).not.toBe(progressKey('productie', '90000382'));
  });
});

describe('ProgressSession', () => {
  it('starts fresh, with a logged reason, when stored data is corrupt', async () => {
    const store = new MemoryProgressStore();
    store.data.set(progressKey('productie'), { version: 1, environment: 'productie', steps: 'garbage' });
    const events: GuideEvent[] = [];
    const session = new ProgressSession(store, 'productie', (e) => events.push(e), clock);
    expect(await session.load()).toBe('unreadable');
    expect(session.progress).toEqual(emptyProgress('productie', clock()));
    expect(events[0]?.type).toBe('progress-unreadable');
  });

  it('treats progress of another environment as unreadable', async () => {
    const store = new MemoryProgressStore();
    store.data.set(progressKey('productie'), emptyProgress('acceptatie'));
    const session = new ProgressSession(store, 'productie', () => {}, clock);
    expect(await session.load()).toBe('unreadable');
  });

  it('never throws when storage fails', async () => {
    const broken: ProgressStore = {
      load: () => Promise.reject(new Error('quota')),
      save: () => Promise.reject(new Error('quota')),
      merge: () => Promise.reject(new Error('quota')),
      clear: () => Promise.reject(new Error('quota')),
    };
    const events: GuideEvent[] = [];
    const session = new ProgressSession(broken, 'acceptatie', (e) => events.push(e), clock);
    expect(await session.load()).toBe('storage-failed');
    await session.update((p) => (p.current = 'prepare'));
    await session.reset();
    expect(events.map((e) => e.type)).toEqual(['storage-failed', 'storage-failed', 'storage-failed']);
  });

  it('moves to a per-URA key when the URA becomes known, and finds it again on the next page', async () => {
    const store = new MemoryProgressStore();
    const a = new ProgressSession(store, 'productie', () => {}, clock);
    await a.load();
    await a.update((p) => (p.steps.prepare = { status: 'done', by: 'user', at: 'x' }));
    expect(await a.adoptUra('90000382', 'application')).toBe('adopted');
    expect(store.data.has(progressKey('productie', '90000382'))).toBe(true);

    const b = new ProgressSession(store, 'productie', () => {}, clock);
    expect(await b.load()).toBe('loaded');
    expect(b.progress.ura).toBe('90000382');
    expect(b.progress.steps.prepare?.status).toBe('done');
  });

  it('keeps organisations apart: a new application URA switches to its own progress', async () => {
    const store = new MemoryProgressStore();
    const s = new ProgressSession(store, 'productie', () => {}, clock);
    await s.load();
    await s.adoptUra('90000382', 'application');
    await s.update((p) => (p.steps['application-form'] = { status: 'done', by: 'page', at: 'x' }));
    expect(await s.adoptUra('90000999', 'card')).toBe('same');
    expect(await s.adoptUra('90000999', 'application')).toBe('switched');
    expect(s.progress.ura).toBe('90000999');
    expect(s.progress.steps['application-form']).toBeUndefined();
    const first = await store.load(progressKey('productie', '90000382'));
    expect(first?.steps['application-form']?.status).toBe('done');
  });

  it('reset clears both keys', async () => {
    const store = new MemoryProgressStore();
    const s = new ProgressSession(store, 'acceptatie', () => {}, clock);
    await s.load();
    await s.adoptUra('90000382', 'card');
    await s.reset();
    expect(store.data.size).toBe(0);
    expect(s.progress.ura).toBeUndefined();
  });
});

describe('two tabs of the same portal', () => {
  const at = clock().toISOString();

  it("mergeProgress keeps each writer's own changes, per step, per checklist item and per field", () => {
    const base: Progress = { ...emptyProgress('acceptatie', clock()), ura: '90000001' };
    base.steps.prepare = { status: 'done', by: 'user', at };
    const mine = structuredClone(base);
    mine.steps['install-app'] = { status: 'done', by: 'user', at };
    mine.checklist.a = true;
    delete mine.steps.prepare; // an undo in this tab
    const theirs = structuredClone(base);
    theirs.application = { ura: '90000001', organisationName: 'Zorg BV' };
    theirs.checklist.b = true;
    theirs.current = 'application-form';
    const merged = mergeProgress(base, mine, theirs);
    expect(merged.application).toEqual({ ura: '90000001', organisationName: 'Zorg BV' });
    expect(Object.keys(merged.steps)).toEqual(['install-app']);
    expect(merged.checklist).toEqual({ a: true, b: true });
    expect(merged.current).toBe('application-form');
    expect(mergeProgress(undefined, mine, undefined)).toEqual(mine);
  });

  it('a tab that loaded before another tab saved does not drop that save (the reported bug)', async () => {
    const store = new MemoryProgressStore();
    const portal = new ProgressSession(store, 'acceptatie', () => {}, clock);
    const application = new ProgressSession(store, 'acceptatie', () => {}, clock);
    await portal.load();
    await application.load();
    await application.update((p) => (p.application = { ura: '90000001', organisationName: 'Zorg BV' }));
    await portal.update((p) => (p.steps.prepare = { status: 'done', by: 'user', at }));
    const stored = await store.load(progressKey('acceptatie'));
    expect(stored?.application.ura).toBe('90000001');
    expect(stored?.steps.prepare?.status).toBe('done');
    expect(portal.progress.application.organisationName).toBe('Zorg BV');
  });

  it('concurrent writes from two tabs lose nothing, and each tab follows the other', async () => {
    const store = new MemoryProgressStore();
    const [a, b] = [0, 1].map(() => new ProgressSession(store, 'acceptatie', () => {}, clock));
    await Promise.all([a!.load(), b!.load()]);
    let followed = 0;
    b!.follow(() => followed++);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      writes.push(a!.update((p) => (p.checklist[`a${i}`] = true)));
      writes.push(b!.update((p) => (p.checklist[`b${i}`] = true)));
    }
    await Promise.all(writes);
    const stored = await store.load(progressKey('acceptatie'));
    expect(Object.keys(stored?.checklist ?? {})).toHaveLength(40);
    expect(Object.keys(b!.progress.checklist)).toHaveLength(40);
    expect(followed).toBeGreaterThan(0);
  });

  it('only progress keys are progress keys', () => {
    expect(isProgressKey(progressKey('productie', '90000382'))).toBe(true);
    expect(isProgressKey(progressKey('sandbox-acceptatie'))).toBe(true);
    for (const bad of [
      'zorgid-settings',
      'zorgid-guide-progress:mars',
      'zorgid-guide-progress:productie:x:y',
      1,
    ])
      expect(isProgressKey(bad)).toBe(false);
  });
});
