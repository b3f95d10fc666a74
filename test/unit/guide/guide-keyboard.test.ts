// @vitest-environment happy-dom
// Issue 21, what axe does not see, at unit level: the live region announces check changes
// (debounced, in the guide's language, `lang` following the switch); a control that removes itself
// does not drop focus to <body>; the keyboard command focuses the panel's heading and Escape
// collapses the panel and gives focus back. The browser suite checks the same on real pages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryProgressStore } from '../../../extension/content/guide/memory-progress-store.js';
import { startGuide } from '../../../extension/content/guide/start-guide.js';
import type { CardStatusSource } from '../../../extension/content/guide/types.js';
import { NO_CARD_STATUS, type CardStatusView } from '../../../shared/steps/card-status.js';
import { emptyProgress, progressKey } from '../../../shared/steps/progress.js';
import { DEFAULT_STEP_MAP } from '../../../shared/steps/step-map.js';
import { SANDBOX_ACCEPTANCE, readFixture } from './fixtures.js';

class CardFeed implements CardStatusSource {
  private listeners = new Set<(s: CardStatusView) => void>();
  constructor(public status: CardStatusView) {}
  get() {
    return Promise.resolve(this.status);
  }
  subscribe(cb: (s: CardStatusView) => void) {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  push(status: CardStatusView) {
    this.status = status;
    this.listeners.forEach((cb) => cb(status));
  }
}

const UZI_CARD: CardStatusView = {
  readerName: 'Virtual PCD 00 00',
  cardPresent: true,
  cardKind: 'uzi',
  identity: {
    name: 'J. de Vries',
    uziNumberMasked: '9000•••28',
    cardType: 'Z',
    ura: '90000382',
    organisationName: 'Huisartsenpraktijk De Linde',
    roleName: 'Huisarts',
    notAfter: '2027-01-01T00:00:00Z',
    expired: false,
  },
};

function showPage(file: string, path: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(
    `${SANDBOX_ACCEPTANCE}${path}`,
  );
  const parsed = new DOMParser().parseFromString(readFixture(file), 'text/html');
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
}

const shadow = () => document.querySelector('zorgid-companion-guide')!.shadowRoot!;
const live = () => shadow().querySelector('[aria-live="polite"]')!;
const button = (name: string) =>
  Array.from(shadow().querySelectorAll('button')).find((b) => b.textContent?.trim() === name);

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
});

async function startOn(file: string, path: string, done: string[], card = new CardFeed(UZI_CARD)) {
  const store = new MemoryProgressStore();
  const p = emptyProgress('sandbox-acceptatie');
  for (const id of done) p.steps[id as keyof typeof p.steps] = { status: 'done', by: 'user', at: 'x' };
  await store.save(progressKey('sandbox-acceptatie'), p);
  showPage(file, path);
  const guide = startGuide({
    document,
    window,
    stepMap: DEFAULT_STEP_MAP,
    store,
    card,
    language: 'nl',
    log: () => undefined,
    debounceMs: 0,
  });
  stop = guide.stop;
  await guide.ready;
  return { guide, card };
}

describe('live region', () => {
  it('announces a check that changes (card pulled), once, after it settles, in the guide language', async () => {
    const { card } = await startOn('organisatie-controle.html', '/portal/organisatie', [
      'prepare',
      'application-form',
      'install-app',
    ]);
    await vi.waitFor(() => expect(live().textContent).toContain('Stap 6 van 9'));
    card.push({ ...NO_CARD_STATUS });
    card.push({ ...NO_CARD_STATUS });
    await vi.waitFor(() => expect(live().textContent).toContain('Geen kaart'));
    const said = live().textContent;
    expect(said.match(/Geen kaart/g)?.length).toBe(1);
    expect(live().getAttribute('lang')).toBe('nl');

    button('English')!.click();
    await new Promise((r) => setTimeout(r, 0));
    expect(live().getAttribute('lang')).toBe('en');
    card.push(UZI_CARD);
    await vi.waitFor(() => expect(live().textContent).toContain('A card is in the reader.'));
    expect(live().getAttribute('lang')).toBe('en');
  });
});

describe('focus', () => {
  it('ticking "Ik ben leverancier en test" removes the box but keeps focus in the panel, not on <body>', async () => {
    await startOn('aanvraag.html', '/aanvraag', []);
    const box = Array.from(shadow().querySelectorAll<HTMLInputElement>('input[type="checkbox"]')).find((b) =>
      b.closest('label')?.textContent?.includes('leverancier'),
    )!;
    expect(box).toBeDefined();
    box.focus();
    expect(shadow().activeElement).toBe(box);
    box.click();
    await vi.waitFor(() => expect(box.isConnected).toBe(false));
    expect(shadow().activeElement?.id).toBe('zorgid-guide-step-title');
    expect(document.activeElement).not.toBe(document.body);
  });

  it('the command focuses the heading; Escape collapses the panel and returns focus to the page', async () => {
    const { guide } = await startOn('aanvraag.html', '/aanvraag', []);
    const field = document.querySelector<HTMLElement>('main input, main button, main a[href]')!;
    field.focus();
    expect(document.activeElement).toBe(field);
    guide.focusPanel();
    expect(shadow().activeElement?.id).toBe('zorgid-guide-heading');
    expect(shadow().querySelector('.panel')?.getAttribute('data-collapsed')).toBe('false');
    shadow().activeElement!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    expect(shadow().querySelector('.panel')?.getAttribute('data-collapsed')).toBe('true');
    expect(document.activeElement).toBe(field);
  });

  it('Escape with nowhere to go back to keeps focus in the panel', async () => {
    const { guide } = await startOn('aanvraag.html', '/aanvraag', []);
    (document.activeElement as HTMLElement | null)?.blur();
    guide.focusPanel();
    shadow().activeElement!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    expect(shadow().querySelector('.panel')?.getAttribute('data-collapsed')).toBe('true');
    expect(shadow().activeElement).not.toBeNull();
  });
});
