/** @jsxImportSource preact */
// The consent and PIN screen: an extension page in its own popup window, so no web page can read
// or script it. It shows who asks, for what, with which card, and takes the PIN. The PIN is read
// from the field only when the user presses Doorgaan, sent once to the service worker, and the
// field is emptied at once; it is never kept in component state.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage, type ErrorCode } from '../../../shared/errors.js';
import { nextMissing, type MissingReaders } from './card-presence.js';
import { composeText, joinSentences } from '../../../shared/i18n/compose.js';
import { resolveLanguage } from '../../../shared/i18n/language.js';
import {
  CONSENT_MESSAGE_TYPES,
  type ConsentAskView,
  type ConsentCardEvent,
  type ConsentPageMessage,
  type ConsentView,
  type UziCardType,
} from '../../../shared/protocol/consent.js';

/** 'nl': Dutch only; 'both': Dutch first with English underneath (the PIN letter and the card are Dutch). */
export type ConsentLanguage = 'nl' | 'both';

/**
 * The one language rule of every page (shared/i18n/language.ts: the policy's language, else the
 * browser's first language; Dutch unless that says English). Where it says English the PIN window
 * keeps the Dutch words beside it, because the card's own texts and the PIN letter are Dutch.
 */
export function consentLanguage(
  policyLanguage: string | undefined,
  browserLanguages: readonly string[] | string,
): ConsentLanguage {
  return resolveLanguage(policyLanguage, browserLanguages) === 'en' ? 'both' : 'nl';
}

interface Text {
  nl: string;
  en: string;
}

const TEXT = {
  loading: { nl: 'Even geduld…', en: 'One moment…' },
  titleAuthenticate: { nl: 'Inloggen bij {origin}', en: 'Log in to {origin}' },
  titleSign: { nl: 'Ondertekenen voor {origin}', en: 'Sign for {origin}' },
  introAuthenticate: {
    nl: 'Deze website wil dat u inlogt met uw UZI-pas. Controleer de gegevens en ga door als u dat wilt.',
    en: 'This website asks you to log in with your UZI-pas. Check the details and continue if you agree.',
  },
  introSign: {
    nl: 'Deze website wil dat u ondertekent met uw UZI-pas. Controleer de gegevens en ga door als u dat wilt.',
    en: 'This website asks you to sign with your UZI-pas. Check the details and continue if you agree.',
  },
  holder: { nl: 'Naam', en: 'Name' },
  ura: { nl: 'URA', en: 'URA' },
  organisation: { nl: 'Organisatie', en: 'Organisation' },
  cardType: { nl: 'Soort pas', en: 'Card type' },
  pinLabel: { nl: 'Pincode', en: 'PIN' },
  pinHint: { nl: '6 tot 8 tekens', en: '6 to 8 characters' },
  pinpad: { nl: 'Voer uw pincode in op de kaartlezer.', en: 'Enter your PIN on the card reader.' },
  pinpadAfter: {
    nl: 'Klik op Doorgaan en voer daarna uw pincode in op de kaartlezer.',
    en: 'Click Continue, then enter your PIN on the card reader.',
  },
  triesMany: { nl: 'Nog {n} pogingen.', en: '{n} tries left.' },
  triesOne: { nl: 'Nog 1 poging.', en: '1 try left.' },
  triesUnknown: { nl: 'Nog meer dan één poging.', en: 'More than one try left.' },
  lastTryWarning: {
    nl: 'Let op: u heeft nog één poging. Bij een verkeerde pincode wordt uw pas geblokkeerd.',
    en: 'Careful: one try left. A wrong PIN blocks your card.',
  },
  lastTryConfirm: {
    nl: 'Ik weet dat mijn pas geblokkeerd wordt bij een verkeerde pincode',
    en: 'I understand that a wrong PIN blocks my card',
  },
  pinRequired: { nl: 'Vul uw pincode in.', en: 'Enter your PIN.' },
  pinIncorrect: { nl: 'De pincode is onjuist.', en: 'The PIN is incorrect.' },
  lastTryNeedsConfirm: {
    nl: 'Bevestig eerst dat u de laatste poging wilt gebruiken.',
    en: 'First confirm that you want to use the last try.',
  },
  cancel: { nl: 'Annuleren', en: 'Cancel' },
  approve: { nl: 'Doorgaan', en: 'Continue' },
  close: { nl: 'Sluiten', en: 'Close' },
  working: { nl: 'Bezig met uw UZI-pas…', en: 'Using your UZI-pas…' },
  blockedTitle: { nl: 'Uw pas is geblokkeerd', en: 'Your card is blocked' },
  failedTitle: { nl: 'Het is niet gelukt', en: 'It did not work' },
  expiredTitle: { nl: 'Dit verzoek is verlopen', en: 'This request has expired' },
  expired: {
    nl: 'Sluit dit venster en probeer het opnieuw op de website.',
    en: 'Close this window and try again on the website.',
  },
} satisfies Record<string, Text>;

const CARD_TYPES: Readonly<Record<UziCardType, Text>> = Object.freeze({
  Z: { nl: 'Zorgverlenerpas', en: 'Healthcare professional card' },
  N: { nl: 'Medewerkerpas op naam', en: 'Named employee card' },
  M: { nl: 'Medewerkerpas niet op naam', en: 'Unnamed employee card' },
  S: { nl: 'Servercertificaat', en: 'Server certificate' },
});

function fill(text: Text, values: Record<string, string | number>): Text {
  const apply = (s: string) => s.replace(/\{(\w+)\}/g, (_m, key: string) => String(values[key] ?? ''));
  return { nl: apply(text.nl), en: apply(text.en) };
}

function T(props: { text: Text; language: ConsentLanguage }) {
  return (
    <>
      {props.text.nl}
      {props.language === 'both' && (
        <span class="en" lang="en">
          {props.text.en}
        </span>
      )}
    </>
  );
}

function triesText(triesLeft: number | null): Text {
  if (triesLeft === null) return TEXT.triesUnknown;
  return triesLeft === 1 ? TEXT.triesOne : fill(TEXT.triesMany, { n: triesLeft });
}

function errorText(code: ErrorCode): Text {
  return { nl: errorMessage(code, 'nl'), en: errorMessage(code, 'en') };
}

/** The window's title on a final screen: what happened and why, as one message. */
export function finalWindowTitle(view: ConsentView, language: ConsentLanguage): string | undefined {
  if (view.state !== 'finished') return undefined;
  const title = view.code === 'PIN_BLOCKED' ? TEXT.blockedTitle : TEXT.failedTitle;
  const message = composeText(title, errorText(view.code));
  return language === 'nl' ? message.nl : joinSentences(message.nl, message.en);
}

export interface ConsentScreenProps {
  /** undefined while the worker has not answered yet. */
  view: ConsentView | undefined;
  language: ConsentLanguage;
  /** The card was pulled while the window asks: say so at once and take no PIN until it is back. */
  cardMissing?: boolean;
  onApprove: (pin: string | undefined, confirmLastTry: boolean) => void;
  onCancel: () => void;
  onClose: () => void;
}

export function ConsentScreen(props: ConsentScreenProps) {
  const { view, language } = props;
  const onEscape = view?.state === 'ask' ? props.onCancel : props.onClose;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onEscape();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onEscape]);
  useEffect(() => {
    const title = view && finalWindowTitle(view, language);
    if (title) document.title = title;
  }, [view, language]);

  if (!view) return <p role="status">{<T text={TEXT.loading} language={language} />}</p>;
  switch (view.state) {
    case 'ask':
      return <AskScreen {...props} view={view} />;
    case 'working':
      return (
        <section aria-live="polite" data-state="working">
          <h1>
            <T text={TEXT.working} language={language} />
          </h1>
          {view.pinpad && (
            <p class="pinpad">
              <T text={TEXT.pinpad} language={language} />
            </p>
          )}
        </section>
      );
    case 'finished':
      return (
        <Final
          state="finished"
          code={view.code}
          title={view.code === 'PIN_BLOCKED' ? TEXT.blockedTitle : TEXT.failedTitle}
          language={language}
          onClose={props.onClose}
        >
          <p role="alert">
            <T text={errorText(view.code)} language={language} />
          </p>
          {/* PIN_BLOCKED: how to unblock (the UZI-register's path, the three-PUK warning) is part of the
              one error text in shared/errors.ts, which the guide shows too. */}
        </Final>
      );
    case 'expired':
      return (
        <Final state="expired" title={TEXT.expiredTitle} language={language} onClose={props.onClose}>
          <p role="alert">
            <T text={TEXT.expired} language={language} />
          </p>
        </Final>
      );
  }
}

function Final(props: {
  state: string;
  code?: ErrorCode;
  title: Text;
  language: ConsentLanguage;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <section data-state={props.state} data-code={props.code}>
      <h1>
        <T text={props.title} language={props.language} />
      </h1>
      {props.children}
      <div class="buttons">
        <button ref={button} type="button" class="primary" id="close" onClick={() => props.onClose()}>
          <T text={TEXT.close} language={props.language} />
        </button>
      </div>
    </section>
  );
}

function AskScreen(props: ConsentScreenProps & { view: ConsentAskView }) {
  const { view, language } = props;
  const pinInput = useRef<HTMLInputElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const confirmBox = useRef<HTMLInputElement>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [localProblem, setLocalProblem] = useState<Text | undefined>(undefined);
  const finalTry = view.pin.finalTry;

  // Each time the worker shows the screen (again), start clean and put the cursor in the PIN field.
  // Never on Doorgaan: on a pinpad reader a stray Enter would approve; Cancel is the safe default.
  useEffect(() => {
    setConfirmed(false);
    setLocalProblem(undefined);
    if (pinInput.current) {
      pinInput.current.value = '';
      pinInput.current.focus();
    } else cancelButton.current?.focus();
  }, [view]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (finalTry && !confirmed) {
      // Enter in the PIN field lands here too: say why nothing happens, and go where the answer is.
      setLocalProblem(TEXT.lastTryNeedsConfirm);
      confirmBox.current?.focus();
      return;
    }
    let pin: string | undefined;
    if (!view.pin.pinpad) {
      const input = pinInput.current;
      pin = input?.value ?? '';
      if (input) input.value = '';
      if (pin.length === 0) {
        setLocalProblem(TEXT.pinRequired);
        input?.focus();
        return;
      }
    }
    props.onApprove(pin, finalTry && confirmed);
    pin = undefined;
  };

  const problem: Text | undefined = props.cardMissing
    ? errorText('NO_CARD')
    : (localProblem ??
      (view.problem?.code === 'PIN_INCORRECT'
        ? composeText(TEXT.pinIncorrect, triesText(view.problem.triesLeft))
        : view.problem?.code === 'PIN_REQUIRED'
          ? TEXT.pinRequired
          : view.problem?.code === 'PIN_LAST_TRY'
            ? TEXT.lastTryNeedsConfirm
            : undefined));
  const confirmProblem = problem === TEXT.lastTryNeedsConfirm;
  const pinProblem = problem !== undefined && !confirmProblem;
  // Every id named here exists in this state (checked per state by the tests).
  const describedBy = [
    problem ? 'problem' : undefined,
    'pin-hint',
    'tries',
    finalTry ? 'last-try-warning' : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const title = view.operation === 'authenticate' ? TEXT.titleAuthenticate : TEXT.titleSign;
  const intro = view.operation === 'authenticate' ? TEXT.introAuthenticate : TEXT.introSign;
  const card = view.card;

  return (
    <form data-state="ask" onSubmit={submit} noValidate>
      <h1>
        <T text={fill(title, { origin: view.origin })} language={language} />
      </h1>
      <p class="origin" id="origin">
        {view.origin}
      </p>
      <p>
        <T text={intro} language={language} />
      </p>
      <dl>
        <dt>
          <T text={TEXT.holder} language={language} />
        </dt>
        <dd id="holder">{card.holderName}</dd>
        <dt>
          <T text={TEXT.ura} language={language} />
        </dt>
        <dd id="ura">{card.ura}</dd>
        <dt>
          <T text={TEXT.organisation} language={language} />
        </dt>
        <dd id="organisation">{card.organisationName}</dd>
        <dt>
          <T text={TEXT.cardType} language={language} />
        </dt>
        <dd id="card-type">
          {CARD_TYPES[card.cardType].nl} ({card.cardType})
        </dd>
      </dl>

      <div id="problem" class="problem" role="alert" aria-live="assertive">
        {problem && <T text={problem} language={language} />}
      </div>

      {view.pin.pinpad ? (
        <p class="pinpad" id="pinpad">
          <T text={TEXT.pinpad} language={language} />
          <span class="hint">
            <T text={TEXT.pinpadAfter} language={language} />
          </span>
        </p>
      ) : (
        <>
          <label for="pin">
            <T text={TEXT.pinLabel} language={language} />
          </label>
          <input
            ref={pinInput}
            id="pin"
            name="pin"
            type="password"
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            minLength={4}
            maxLength={16}
            aria-invalid={pinProblem ? 'true' : undefined}
            aria-describedby={describedBy}
          />
          <p class="hint" id="pin-hint">
            <T text={TEXT.pinHint} language={language} />
          </p>
        </>
      )}
      <p class="tries" id="tries">
        <T text={triesText(view.pin.triesLeft)} language={language} />
      </p>

      {finalTry && (
        <div class="warning" id="last-try">
          <p id="last-try-warning">
            <strong>
              <T text={TEXT.lastTryWarning} language={language} />
            </strong>
          </p>
          <label class="checkbox">
            <input
              ref={confirmBox}
              type="checkbox"
              id="confirm-last-try"
              checked={confirmed}
              aria-invalid={confirmProblem ? 'true' : undefined}
              aria-describedby={confirmProblem ? 'problem' : undefined}
              onChange={(event) => {
                setConfirmed(event.currentTarget.checked);
                if (event.currentTarget.checked && localProblem === TEXT.lastTryNeedsConfirm)
                  setLocalProblem(undefined);
              }}
            />
            <span>
              <T text={TEXT.lastTryConfirm} language={language} />
            </span>
          </label>
        </div>
      )}

      <div class="buttons">
        <button ref={cancelButton} type="button" id="cancel" onClick={() => props.onCancel()}>
          <T text={TEXT.cancel} language={language} />
        </button>
        {/* aria-disabled, not disabled: a disabled default button swallows Enter without a word. */}
        <button
          type="submit"
          class="primary"
          id="approve"
          disabled={props.cardMissing === true}
          aria-disabled={finalTry && !confirmed ? 'true' : undefined}
        >
          <T text={TEXT.approve} language={language} />
        </button>
      </div>
    </form>
  );
}

export interface ConsentAppProps {
  requestId: string;
  language: ConsentLanguage;
  /** chrome.runtime.sendMessage in the page; a fake in tests. */
  send: (message: ConsentPageMessage) => Promise<ConsentView | undefined>;
  closeWindow: () => void;
  /** Card removal and insertion while the window is open (watchCardEvents in the page). */
  watchCard?: (onEvent: (event: ConsentCardEvent) => void) => () => void;
}

/** The page's state: what the worker last said to show. */
export function ConsentApp(props: ConsentAppProps) {
  const [view, setView] = useState<ConsentView | undefined>(undefined);
  const [missing, setMissing] = useState<MissingReaders>(new Set());
  const cardReader = view?.state === 'ask' ? view.card.reader : undefined;
  useEffect(
    () => props.watchCard?.((event) => setMissing((before) => nextMissing(before, event, cardReader))),
    [props.watchCard, cardReader],
  );
  const ask = (message: ConsentPageMessage) =>
    props.send(message).then(
      (answer) => answer ?? ({ state: 'expired' } as const),
      // The worker was stopped while we waited: the request is gone with it.
      () => ({ state: 'expired' }) as const,
    );

  useEffect(() => {
    void ask({ type: CONSENT_MESSAGE_TYPES.get, requestId: props.requestId }).then(setView);
  }, [props.requestId]);

  return (
    <ConsentScreen
      view={view}
      language={props.language}
      cardMissing={missing.size > 0}
      onApprove={(pin, confirmLastTry) => {
        setView({ state: 'working', pinpad: view?.state === 'ask' && view.pin.pinpad });
        const message: ConsentPageMessage = {
          type: CONSENT_MESSAGE_TYPES.decision,
          requestId: props.requestId,
          approved: true,
          confirmLastTry,
          ...(pin === undefined ? {} : { pin }),
        };
        const answer = ask(message);
        // Strings cannot be wiped in JS; drop our last reference once the message is on its way.
        if ('pin' in message) message.pin = undefined;
        void answer.then(setView);
      }}
      onCancel={() => {
        void ask({ type: CONSENT_MESSAGE_TYPES.decision, requestId: props.requestId, approved: false }).then(
          () => props.closeWindow(),
        );
      }}
      onClose={() => props.closeWindow()}
    />
  );
}
