// @vitest-environment happy-dom
// The consent page's component: what it shows, the pinpad variant, the last-try checkbox that
// gates Doorgaan, Enter and Escape, and that the PIN leaves the field when it is sent.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConsentApp,
  ConsentScreen,
  type ConsentScreenProps,
} from '../../../extension/pages/consent/consent.js';
import type { ConsentAskView, ConsentPageMessage, ConsentView } from '../../../shared/protocol/consent.js';
import { errorMessage } from '../../../shared/errors.js';
import { PIN, SENDER_ORIGIN } from './fakes.js';

const ASK: ConsentAskView = {
  state: 'ask',
  operation: 'authenticate',
  origin: SENDER_ORIGIN,
  card: {
    holderName: 'J. de Vries',
    ura: '90000382',
    organisationName: 'Huisartsenpraktijk De Linde',
    cardType: 'Z',
    roleName: 'Huisarts',
  },
  pin: { pinpad: false, triesLeft: null, finalTry: false },
};

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

function show(view: ConsentView | undefined, overrides: Partial<ConsentScreenProps> = {}) {
  const props = { onApprove: vi.fn(), onCancel: vi.fn(), onClose: vi.fn() };
  root = document.createElement('main');
  document.body.append(root);
  void act(() => render(h(ConsentScreen, { view, language: 'nl', ...props, ...overrides }), root));
  return props;
}

const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E>(selector);
const text = (selector: string) => $(selector)?.textContent?.trim();

describe('ConsentScreen', () => {
  it('shows who asks, for what, with which card, and a masked PIN field with focus', () => {
    show(ASK);
    expect(text('h1')).toBe(`Inloggen bij ${SENDER_ORIGIN}`);
    expect(text('#holder')).toBe('J. de Vries');
    expect(text('#ura')).toBe('90000382');
    expect(text('#organisation')).toBe('Huisartsenpraktijk De Linde');
    expect(text('#card-type')).toContain('Zorgverlenerpas');
    const pin = $<HTMLInputElement>('#pin');
    expect(pin?.type).toBe('password');
    expect(pin?.getAttribute('autocomplete')).toBe('off');
    expect(root.querySelector('label[for="pin"]')?.textContent).toContain('Pincode');
    expect(text('#pin-hint')).toContain('6 tot 8 tekens');
    expect(text('#tries')).toBe('Nog meer dan één poging.');
    expect(document.activeElement).toBe(pin);
    expect(text('#cancel')).toBe('Annuleren');
    expect(text('#approve')).toBe('Doorgaan');
    expect($('#problem')?.getAttribute('aria-live')).toBe('assertive');
  });

  it('says "Ondertekenen voor" for a signature, and adds English when the browser is not Dutch', () => {
    show({ ...ASK, operation: 'sign' }, { language: 'both' });
    expect(text('h1')).toContain(`Ondertekenen voor ${SENDER_ORIGIN}`);
    expect($('h1 [lang="en"]')?.textContent).toBe(`Sign for ${SENDER_ORIGIN}`);
  });

  it('on Enter sends the PIN and empties the field; Escape cancels', () => {
    const props = show(ASK);
    const pin = $<HTMLInputElement>('#pin')!;
    pin.value = PIN;
    void act(() => {
      $<HTMLFormElement>('form')!.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
    });
    expect(props.onApprove).toHaveBeenCalledWith(PIN, false);
    expect(pin.value).toBe('');
    void act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    });
    expect(props.onCancel).toHaveBeenCalledTimes(1);
  });

  it('refuses an empty PIN locally', () => {
    const props = show(ASK);
    void act(() => $<HTMLButtonElement>('#approve')!.click());
    expect(props.onApprove).not.toHaveBeenCalled();
    expect(text('#problem')).toBe('Vul uw pincode in.');
  });

  it('shows the wrong-PIN error with tries left', () => {
    show({ ...ASK, pin: { ...ASK.pin, triesLeft: 2 }, problem: { code: 'PIN_INCORRECT', triesLeft: 2 } });
    expect(text('#problem')).toBe('De pincode is onjuist. Nog 2 pogingen.');
    expect($('#problem')?.getAttribute('role')).toBe('alert');
  });

  it('on a pinpad reader has no PIN field and says to use the reader', () => {
    const props = show({ ...ASK, pin: { ...ASK.pin, pinpad: true } });
    expect($('#pin')).toBeNull();
    expect(text('#pinpad')).toContain('Voer uw pincode in op de kaartlezer');
    void act(() => $<HTMLButtonElement>('#approve')!.click());
    expect(props.onApprove).toHaveBeenCalledWith(undefined, false);
  });

  it('on the final try warns; Enter before ticking the box says why and goes to the box', () => {
    const props = show({ ...ASK, pin: { pinpad: false, triesLeft: 1, finalTry: true } });
    expect(text('#last-try')).toContain('Bij een verkeerde pincode wordt uw pas geblokkeerd');
    const approve = $<HTMLButtonElement>('#approve')!;
    // Not `disabled`: a disabled default button swallows Enter without a word (WCAG 3.3.1).
    expect(approve.disabled).toBe(false);
    expect(approve.getAttribute('aria-disabled')).toBe('true');
    $<HTMLInputElement>('#pin')!.value = PIN;
    void act(() => {
      $<HTMLFormElement>('form')!.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
    });
    expect(props.onApprove).not.toHaveBeenCalled();
    expect(text('#problem')).toBe('Bevestig eerst dat u de laatste poging wilt gebruiken.');
    const box = $<HTMLInputElement>('#confirm-last-try')!;
    expect(document.activeElement).toBe(box);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(box.getAttribute('aria-describedby')).toBe('problem');
    // Not the PIN's fault: the field is not marked invalid.
    expect($('#pin')?.getAttribute('aria-invalid')).toBeNull();

    expect(box.closest('label')?.textContent).toContain(
      'Ik weet dat mijn pas geblokkeerd wordt bij een verkeerde pincode',
    );
    void act(() => box.click());
    expect(approve.getAttribute('aria-disabled')).toBeNull();
    expect(text('#problem')).toBe('');
    $<HTMLInputElement>('#pin')!.value = PIN;
    void act(() => approve.click());
    expect(props.onApprove).toHaveBeenCalledWith(PIN, true);
  });

  it('on the final try the field is described by the blocking warning, and the box comes after the field', () => {
    show({ ...ASK, pin: { pinpad: false, triesLeft: 1, finalTry: true } });
    const pin = $<HTMLInputElement>('#pin')!;
    const ids = pin.getAttribute('aria-describedby')!.split(' ');
    expect(ids).toContain('last-try-warning');
    expect(text('#last-try-warning')).toContain('wordt uw pas geblokkeerd');
    const box = $('#confirm-last-try')!;
    expect(pin.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(document.activeElement).toBe(pin);
  });

  it('after a wrong PIN the field is aria-invalid and the error is in its description', () => {
    show({ ...ASK, pin: { ...ASK.pin, triesLeft: 2 }, problem: { code: 'PIN_INCORRECT', triesLeft: 2 } });
    const pin = $<HTMLInputElement>('#pin')!;
    expect(pin.getAttribute('aria-invalid')).toBe('true');
    expect(pin.getAttribute('aria-describedby')!.split(' ')[0]).toBe('problem');
  });

  it('names only description targets that exist, in every state of the form', () => {
    const states: ConsentAskView[] = [
      ASK,
      { ...ASK, pin: { ...ASK.pin, triesLeft: 3 } },
      { ...ASK, pin: { ...ASK.pin, triesLeft: 2 }, problem: { code: 'PIN_INCORRECT', triesLeft: 2 } },
      { ...ASK, problem: { code: 'PIN_REQUIRED', triesLeft: null } },
      { ...ASK, pin: { pinpad: false, triesLeft: 1, finalTry: true } },
      {
        ...ASK,
        pin: { pinpad: false, triesLeft: 1, finalTry: true },
        problem: { code: 'PIN_INCORRECT', triesLeft: 1 },
      },
      {
        ...ASK,
        pin: { pinpad: false, triesLeft: 1, finalTry: true },
        problem: { code: 'PIN_LAST_TRY', triesLeft: 1 },
      },
    ];
    for (const view of states) {
      show(view);
      const described = root.querySelectorAll('[aria-describedby]');
      expect(described.length).toBeGreaterThan(0);
      for (const el of Array.from(described)) {
        for (const id of el.getAttribute('aria-describedby')!.split(/\s+/)) {
          expect(root.querySelector(`#${id}`), `${JSON.stringify(view.pin)} → #${id}`).not.toBeNull();
          expect(root.querySelector(`#${id}`)?.textContent?.trim()).not.toBe('');
        }
      }
      render(null, root);
      root.remove();
    }
    show(ASK);
  });

  it('on a pinpad reader starts on Annuleren, never on Doorgaan: a stray Enter cannot approve', () => {
    show({ ...ASK, pin: { ...ASK.pin, pinpad: true } });
    expect(document.activeElement).toBe($('#cancel'));
    expect(document.activeElement).not.toBe($('#approve'));
    render(null, root);
    root.remove();
    show({ ...ASK, pin: { pinpad: true, triesLeft: 1, finalTry: true } });
    expect(document.activeElement?.id).toBe('cancel');
  });

  it('explains how to unblock a blocked card', () => {
    const props = show({ state: 'finished', code: 'PIN_BLOCKED' });
    expect(text('h1')).toBe('Uw pas is geblokkeerd');
    expect(root.textContent).toContain('PUK-code');
    // The UZI-register's own path and its warning, in the one text the guide shows as well (shared/errors.ts).
    expect(root.textContent).toContain('SafeSign Standaard → Token Administratie');
    expect(root.textContent).toContain('na drie foute PUK-codes is de pas voorgoed geblokkeerd');
    expect(root.textContent).toContain(errorMessage('PIN_BLOCKED', 'nl'));
    // No second, different menu name beside it.
    expect(root.textContent).not.toContain('PIN deblokkeren');
    expect(root.textContent.split('PUK-code uit').length - 1).toBe(1);
    void act(() => $<HTMLButtonElement>('#close')!.click());
    expect(props.onClose).toHaveBeenCalled();
  });

  it('tells the user an expired request must be tried again', () => {
    show({ state: 'expired' });
    expect(root.textContent).toContain('probeer het opnieuw');
  });
});

describe('ConsentApp', () => {
  it('asks the worker what to show, sends the decision with the PIN, and shows the next screen', async () => {
    const sent: ConsentPageMessage[] = [];
    const answers: ConsentView[] = [ASK, { ...ASK, problem: { code: 'PIN_INCORRECT', triesLeft: 2 } }];
    const send = (message: ConsentPageMessage) => {
      sent.push(structuredClone(message));
      return Promise.resolve(answers.shift());
    };
    root = document.createElement('main');
    document.body.append(root);
    await act(async () => {
      render(h(ConsentApp, { requestId: 'r-1', language: 'nl', send, closeWindow: vi.fn() }), root);
      await Promise.resolve();
    });
    expect(sent[0]).toEqual({ type: 'consent-get', requestId: 'r-1' });
    await vi.waitFor(() => expect($('#pin')).not.toBeNull());
    $<HTMLInputElement>('#pin')!.value = '000000';
    await act(async () => {
      $<HTMLButtonElement>('#approve')!.click();
      await Promise.resolve();
    });
    expect(sent[1]).toEqual({
      type: 'consent-decision',
      requestId: 'r-1',
      approved: true,
      confirmLastTry: false,
      pin: '000000',
    });
    await vi.waitFor(() => expect(text('#problem')).toContain('De pincode is onjuist'));
    expect($<HTMLInputElement>('#pin')?.value).toBe('');
  });

  it('treats a worker that is gone as an expired request', async () => {
    root = document.createElement('main');
    document.body.append(root);
    await act(async () => {
      render(
        h(ConsentApp, {
          requestId: 'r-2',
          language: 'nl',
          send: () => Promise.reject(new Error('Could not establish connection')),
          closeWindow: vi.fn(),
        }),
        root,
      );
      await Promise.resolve();
    });
    await vi.waitFor(() => expect($('[data-state="expired"]')).not.toBeNull());
  });
});
