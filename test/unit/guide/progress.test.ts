import { describe, expect, it } from 'vitest';
import { MemoryProgressStore } from '../../../extension/content/guide/memory-progress-store.js';
import { ProgressSession } from '../../../extension/content/guide/progress-session.js';
import type { GuideEvent, ProgressStore } from '../../../extension/content/guide/types.js';
import {
  emptyProgress,
  exportProgress,
  importProgress,
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
