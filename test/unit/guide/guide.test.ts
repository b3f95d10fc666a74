// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryProgressStore } from '../../../extension/content/guide/memory-progress-store.js';
import { startGuide } from '../../../extension/content/guide/start-guide.js';
import type { CardStatusSource, GuideEvent } from '../../../extension/content/guide/types.js';
import type { CardStatusView } from '../../../shared/steps/card-status.js';
import { emptyProgress, progressKey, type Progress } from '../../../shared/steps/progress.js';
import { DEFAULT_STEP_MAP } from '../../../shared/steps/step-map.js';
import { SANDBOX_ACCEPTANCE, readFixture } from './fixtures.js';

/** The card source the lead wires to the native host, here fed by the test. */
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
  const html = readFixture(file);
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(
    `${SANDBOX_ACCEPTANCE}${path}`,
  );
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function host(): HTMLElement {
  const el = document.querySelector('zorgid-companion-guide');
  if (!el) throw new Error('no guide host');
  return el as HTMLElement;
}

function start(
  store = new MemoryProgressStore(),
  card = new CardFeed(UZI_CARD),
  events: GuideEvent[] = [],
  helpdesk?: { name?: string; phone?: string },
) {
  const guide = startGuide({
    document,
    window: window,
    stepMap: DEFAULT_STEP_MAP,
    store,
    card,
    language: 'nl',
    helpdesk,
    log: (e) => events.push(e),
    debounceMs: 0,
  });
  return { guide, store, card, events };
}

function progressWith(done: Array<keyof Progress['steps']>): Progress {
  const p = emptyProgress('sandbox-acceptatie');
  for (const id of done) p.steps[id] = { status: 'done', by: 'user', at: 'x' };
  return p;
}

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
});

describe('the guide on a page', () => {
  it('shows preparation first on a fresh start, with the four roles and a live region', async () => {
    showPage('aanvraag.html', '/aanvraag');
    const { guide } = start();
    stop = guide.stop;
    await guide.ready;
    expect(host().parentElement).toBe(document.documentElement);
    expect(host().hasAttribute('data-zorgid-guide')).toBe(true);
    expect(host().getAttribute('data-step')).toBe('prepare');
    expect(host().getAttribute('data-state')).toBe('active');
    const shadow = host().shadowRoot!;
    expect(shadow.textContent).toContain('Stap 1 van 9');
    expect(shadow.querySelectorAll('fieldset').length).toBe(4);
    const live = shadow.querySelector('[aria-live="polite"]');
    // Announced once things settle (debounced), in the guide's language.
    await vi.waitFor(() => expect(live?.textContent).toBe('Stap 1 van 9: Voorbereiding'));
    expect(live?.getAttribute('lang')).toBe('nl');
    expect(shadow.querySelector('a[href^="mailto:"]')?.getAttribute('href')).toContain('UZI-pas');
  });

  it('after "Gedaan" moves to the application form, highlights "Aanvraag versturen" without touching it', async () => {
    showPage('aanvraag.html', '/aanvraag');
    const button = document.querySelector('button')!;
    const before = {
      attrs: button.getAttributeNames().map((n) => `${n}=${button.getAttribute(n)}`),
      style: button.getAttribute('style'),
    };
    const { guide, store } = start();
    stop = guide.stop;
    await guide.ready;
    const done = Array.from(host().shadowRoot!.querySelectorAll('button')).find(
      (b) => b.textContent === 'Gedaan',
    )!;
    done.click();
    await flush();
    expect(host().getAttribute('data-step')).toBe('application-form');
    const overlay = host().shadowRoot!.querySelector('.highlight') as HTMLElement;
    expect(overlay.style.display).toBe('block');
    expect(button.getAttributeNames().map((n) => `${n}=${button.getAttribute(n)}`)).toEqual(before.attrs);
    expect(button.getAttribute('style')).toBe(before.style);
    expect(document.activeElement).not.toBe(done);
    const saved = await store.load(progressKey('sandbox-acceptatie'));
    expect(saved?.steps.prepare).toMatchObject({ status: 'done', by: 'user' });
  });

  it('waits for the confirmation after the application is sent, and stops waiting when the mailbox shows it', async () => {
    const store = new MemoryProgressStore();
    await store.save(progressKey('sandbox-acceptatie'), progressWith(['prepare']));
    showPage('mailbox-kopie.html', '/mailbox');
    const { guide } = start(store);
    stop = guide.stop;
    await guide.ready;
    expect(host().getAttribute('data-step')).toBe('application-form');
    expect(host().getAttribute('data-state')).toBe('waiting');
    expect(host().shadowRoot!.textContent).toContain('Heeft u de bevestiging ontvangen?');
    document.body.innerHTML = new DOMParser().parseFromString(
      readFixture('mailbox-bevestiging.html'),
      'text/html',
    ).body.innerHTML;
    guide.refresh();
    await flush();
    await flush();
    expect(host().getAttribute('data-state')).not.toBe('waiting');
    expect((await store.load(progressKey('sandbox-acceptatie')))?.steps['application-form']?.by).toBe('page');
  });

  it('compares card, page and application on the validation page and warns on a different URA', async () => {
    const store = new MemoryProgressStore();
    const p = progressWith(['prepare', 'application-form', 'install-app']);
    p.application = { ura: '90000382', organisationName: 'Huisartsenpraktijk De Linde' };
    await store.save(progressKey('sandbox-acceptatie'), p);
    showPage('organisatie-controle.html', '/portal/organisatie');
    const card = new CardFeed(UZI_CARD);
    const { guide } = start(store, card);
    stop = guide.stop;
    await guide.ready;
    expect(host().getAttribute('data-step')).toBe('validate-organisation');
    const status = (id: string) =>
      host().shadowRoot!.querySelector(`[data-check="${id}"]`)?.getAttribute('data-status');
    expect(status('ura-matches-page')).toBe('ok');
    expect(status('organisation-matches-application')).toBe('ok');
    expect(host().getAttribute('data-state')).toBe('active');
    card.push({ ...UZI_CARD, identity: { ...UZI_CARD.identity!, ura: '90000999', cardType: 'M' } });
    await flush();
    expect(status('ura-matches-page')).toBe('warning');
    expect(status('card-type-z-or-n')).toBe('warning');
    expect(host().getAttribute('data-state')).toBe('warning');
    expect(host().shadowRoot!.textContent).toContain('90000999');
  });

  it('reports a missing control in the panel and in diagnostics instead of guessing', async () => {
    const store = new MemoryProgressStore();
    await store.save(progressKey('sandbox-acceptatie'), progressWith(['prepare', 'install-app']));
    showPage('organisatie-controle-zonder-volgende.html', '/portal/organisatie');
    const { guide, events } = start(store);
    stop = guide.stop;
    await guide.ready;
    expect(host().getAttribute('data-state')).toBe('warning');
    expect(host().shadowRoot!.textContent).toContain('Ik zie de knop “volgende” niet op deze pagina.');
    expect(
      guide.diagnostics().some((d) => d.kind === 'missing-control' && d.landmark?.name === 'volgende'),
    ).toBe(true);
    expect(events.some((e) => e.type === 'missing-control')).toBe(true);
    expect((host().shadowRoot!.querySelector('.highlight') as HTMLElement).style.display).toBe('none');
  });

  it('names the policy helpdesk where it says whom to contact about a missing control', async () => {
    const store = new MemoryProgressStore();
    await store.save(progressKey('sandbox-acceptatie'), progressWith(['prepare', 'install-app']));
    showPage('organisatie-controle-zonder-volgende.html', '/portal/organisatie');
    const { guide } = start(store, undefined, [], { name: 'ICT-servicedesk', phone: '010 123 4567' });
    stop = guide.stop;
    await guide.ready;
    expect(host().shadowRoot!.textContent).toContain('neem contact op met ICT-servicedesk, 010 123 4567');
  });

  it('on the portal home shows step 3 with "Inloggen" outlined: the step shown and the outline agree', async () => {
    const store = new MemoryProgressStore();
    await store.save(progressKey('sandbox-acceptatie'), progressWith(['prepare', 'application-form']));
    showPage('portal.html', '/portal');
    const { guide } = start(store);
    stop = guide.stop;
    await guide.ready;
    expect(host().getAttribute('data-step')).toBe('portal-login');
    expect(host().shadowRoot!.textContent).toContain('Klik op “Inloggen” (omlijnd).');
    expect((host().shadowRoot!.querySelector('.highlight') as HTMLElement).style.display).toBe('block');
  });

  it('on the login page shows install-app (with QR codes) without outlining the login step’s control', async () => {
    const store = new MemoryProgressStore();
    await store.save(progressKey('sandbox-acceptatie'), progressWith(['prepare', 'application-form']));
    showPage('portal-inloggen.html', '/portal/inloggen');
    const { guide } = start(store);
    stop = guide.stop;
    await guide.ready;
    expect(host().getAttribute('data-step')).toBe('install-app');
    await new Promise((r) => setTimeout(r, 50));
    const shadow = host().shadowRoot!;
    expect(shadow.querySelectorAll('.qr svg').length).toBe(2);
    expect(shadow.textContent).toContain('pincode van 6 cijfers');
    expect(shadow.textContent).not.toContain('(omlijnd)');
    expect((shadow.querySelector('.highlight') as HTMLElement).style.display).toBe('none');
    const done = Array.from(shadow.querySelectorAll('button')).find((b) => b.textContent === 'Gedaan')!;
    done.click();
    await flush();
    // Reaching the login page was step 3; after the app, step 5 and its own control.
    expect(host().getAttribute('data-step')).toBe('uzi-login');
    expect(shadow.textContent).toContain('Klik op “Inloggen met UZI-pas” (omlijnd).');
    expect((shadow.querySelector('.highlight') as HTMLElement).style.display).toBe('block');
  });

  it('shows an earlier unfinished step first, naming the page’s step', async () => {
    showPage('portal-inloggen.html', '/portal/inloggen');
    const { guide } = start(new MemoryProgressStore());
    stop = guide.stop;
    await guide.ready;
    expect(host().getAttribute('data-step')).toBe('prepare');
    expect(host().shadowRoot!.textContent).toContain('Daarna: Inloggen met UZI-pas');
  });

  it('starts fresh with a message when stored progress is corrupt', async () => {
    const store = new MemoryProgressStore();
    store.data.set(progressKey('sandbox-acceptatie'), {
      version: 1,
      environment: 'sandbox-acceptatie',
      steps: 42,
    });
    showPage('portal.html', '/portal');
    const { guide } = start(store);
    stop = guide.stop;
    await guide.ready;
    expect(host().shadowRoot!.textContent).toContain('De opgeslagen voortgang was onleesbaar');
    expect(host().getAttribute('data-step')).toBe('prepare');
  });

  it('switches to English and ignores its own mutations; stop removes everything', async () => {
    showPage('beheer.html', '/portal/beheer');
    const { guide, events } = start();
    await guide.ready;
    const toggle = Array.from(host().shadowRoot!.querySelectorAll('button')).find(
      (b) => b.textContent === 'English',
    )!;
    toggle.click();
    await flush();
    expect(host().shadowRoot!.textContent).toContain('Step 1 of 9');
    const detections = events.filter((e) => e.type === 'detection').length;
    await new Promise((r) => setTimeout(r, 30));
    expect(events.filter((e) => e.type === 'detection').length).toBe(detections);
    guide.stop();
    expect(document.querySelector('zorgid-companion-guide')).toBeNull();
  });
});
