// The guide panel's own texts. Dutch first; English mirrors it key for key (a test checks).
import { resolveLanguage } from './language.js';

export type GuideLanguage = 'nl' | 'en';

const nl = {
  panelTitle: 'ZORG-ID registratiehulp',
  stepOf: 'Stap {k} van {n}',
  collapse: 'Inklappen',
  expand: 'Uitklappen',
  back: 'Vorige stap',
  forward: 'Volgende stap',
  confirmDone: 'Gedaan',
  confirmedDone: 'U heeft deze stap afgerond.',
  seenDone: 'Deze stap is afgerond.',
  resetProgress: 'Voortgang wissen',
  resetConfirm: 'Weet u het zeker? Klik nog eens om de voortgang te wissen.',
  exportProgress: 'Voortgang downloaden',
  copyProgress: 'Voortgang kopiëren',
  copied: 'Gekopieerd.',
  copyFailed: 'Kopiëren lukte niet. Gebruik “Voortgang downloaden”.',
  printChecklist: 'Checklist afdrukken',
  mailChecklist: 'Checklist mailen',
  mailSubject: 'ZORG-ID Mobiel: rollen en benodigdheden',
  mailIntro:
    'Voor de registratie van ZORG-ID Mobiel hebben we deze rollen nodig. Wilt u nagaan of u alles heeft?',
  checklistTitle: 'Rollen en wat iedereen nodig heeft',
  waitingQuestion: 'Heeft u de bevestiging ontvangen?',
  waitingYes: 'Ja, bevestiging ontvangen',
  waitingHint:
    'Ga pas verder als de bevestiging van VZVZ binnen is. De kopie van uw aanvraag is nog geen bevestiging.',
  confirmationSeen: 'De bevestiging staat in de mailbox. U kunt verder.',
  pinAdvice:
    'Kies een pincode van 6 cijfers die niet makkelijk te raden is (dus niet 123456 of uw geboortedatum) en schrijf hem niet op uw telefoon.',
  qrAppStore: 'QR-code voor de App Store (iPhone)',
  qrGooglePlay: 'QR-code voor Google Play (Android)',
  cardTitle: 'Uw UZI-pas',
  cardReader: 'Kaartlezer',
  cardPresent: 'Pas in lezer',
  cardType: 'Type pas',
  cardHolder: 'Naam',
  cardUra: 'URA-nummer',
  cardOrganisation: 'Organisatie',
  cardExpiry: 'Geldig tot',
  cardExpired: 'verlopen',
  yes: 'ja',
  no: 'nee',
  unknown: 'onbekend',
  noReader: 'geen lezer gevonden',
  checksTitle: 'Controles',
  envAcceptance: 'Acceptatie-omgeving',
  envProduction: 'Productie-omgeving',
  envSandboxAcceptance: 'Oefenomgeving (acceptatie)',
  envSandboxProduction: 'Oefenomgeving (productie)',
  envApplicationForm: 'Aanvraagformulier',
  acceptanceWarning:
    'Acceptatie is voor leveranciers die testen. Bent u een zorgaanbieder? Registreer dan in productie: {url}',
  iAmSupplier: 'Ik ben leverancier en test',
  missingControl: 'Ik zie {what} “{name}” niet op deze pagina.',
  // No public VZVZ phone number we could cite here: without a policy helpdesk, name whom to ask, not a number.
  missingHint:
    'Misschien is het portaal veranderd. Volg de tekst in het portaal, of vraag de helpdesk van uw organisatie of VZVZ (vzvz.nl) om hulp.',
  missingHintHelpdesk:
    'Misschien is het portaal veranderd. Volg de tekst in het portaal, of neem contact op met {helpdesk}.',
  pageUnknown: 'Deze pagina herken ik niet. De hulp blijft bij de stap waar u was.',
  highlightHint: 'Klik op “{name}” (omlijnd).',
  firstDo: 'Eerst nog: {title}. Daarna: {next}.',
  progressFresh: 'De opgeslagen voortgang was onleesbaar. We beginnen opnieuw.',
  progressReset: 'De voortgang is gewist.',
  stepAnnounce: 'Stap {k} van {n}: {title}',
  allDone: 'Klaar! Uw organisatie is geregistreerd voor ZORG-ID Mobiel.',
  newOrganisation: 'Nieuwe organisatie (URA {ura}): voortgang apart bijgehouden.',
  language: 'English',
  roleWhat: {
    button: 'de knop',
    link: 'de link',
    heading: 'de kop',
    img: 'de afbeelding',
    term: 'het veld',
    textbox: 'het invoerveld',
    other: 'het element',
  },
};

export type GuideStrings = typeof nl;

const en: GuideStrings = {
  panelTitle: 'ZORG-ID registration helper',
  stepOf: 'Step {k} of {n}',
  collapse: 'Collapse',
  expand: 'Expand',
  back: 'Previous step',
  forward: 'Next step',
  confirmDone: 'Done',
  confirmedDone: 'You completed this step.',
  seenDone: 'This step is complete.',
  resetProgress: 'Clear progress',
  resetConfirm: 'Are you sure? Click again to clear the progress.',
  exportProgress: 'Download progress',
  copyProgress: 'Copy progress',
  copied: 'Copied.',
  copyFailed: 'Copying failed. Use “Download progress”.',
  printChecklist: 'Print checklist',
  mailChecklist: 'E-mail checklist',
  mailSubject: 'ZORG-ID Mobile: roles and requirements',
  mailIntro: 'To register for ZORG-ID Mobile we need these roles. Could you check that you have everything?',
  checklistTitle: 'Roles and what each needs',
  waitingQuestion: 'Have you received the confirmation?',
  waitingYes: 'Yes, confirmation received',
  waitingHint:
    'Only continue once VZVZ’s confirmation has arrived. The copy of your application is not a confirmation.',
  confirmationSeen: 'The confirmation is in the mailbox. You can continue.',
  pinAdvice:
    'Choose a 6-digit PIN that is hard to guess (not 123456 or your date of birth) and do not write it down on your phone.',
  qrAppStore: 'QR code for the App Store (iPhone)',
  qrGooglePlay: 'QR code for Google Play (Android)',
  cardTitle: 'Your UZI-pas',
  cardReader: 'Card reader',
  cardPresent: 'Card in reader',
  cardType: 'Card type',
  cardHolder: 'Name',
  cardUra: 'URA number',
  cardOrganisation: 'Organisation',
  cardExpiry: 'Valid until',
  cardExpired: 'expired',
  yes: 'yes',
  no: 'no',
  unknown: 'unknown',
  noReader: 'no reader found',
  checksTitle: 'Checks',
  envAcceptance: 'Acceptance environment',
  envProduction: 'Production environment',
  envSandboxAcceptance: 'Practice environment (acceptance)',
  envSandboxProduction: 'Practice environment (production)',
  envApplicationForm: 'Application form',
  acceptanceWarning:
    'Acceptance is for suppliers who test. Are you a care provider? Then register in production: {url}',
  iAmSupplier: 'I am a supplier testing',
  missingControl: 'I can’t see {what} “{name}” on this page.',
  missingHint:
    'The portal may have changed. Follow the text in the portal, or ask your organisation’s helpdesk or VZVZ (vzvz.nl) for help.',
  missingHintHelpdesk: 'The portal may have changed. Follow the text in the portal, or contact {helpdesk}.',
  pageUnknown: 'I do not recognise this page. The helper stays at the step you were at.',
  highlightHint: 'Click “{name}” (outlined).',
  firstDo: 'First: {title}. Then: {next}.',
  progressFresh: 'The saved progress could not be read. We start again.',
  progressReset: 'The progress was cleared.',
  stepAnnounce: 'Step {k} of {n}: {title}',
  allDone: 'Done! Your organisation is registered for ZORG-ID Mobile.',
  newOrganisation: 'New organisation (URA {ura}): progress kept separately.',
  language: 'Nederlands',
  roleWhat: {
    button: 'the button',
    link: 'the link',
    heading: 'the heading',
    img: 'the image',
    term: 'the field',
    textbox: 'the input field',
    other: 'the element',
  },
};

export const GUIDE_STRINGS: Record<GuideLanguage, GuideStrings> = { nl, en };

type FlatKey = { [K in keyof GuideStrings]: GuideStrings[K] extends string ? K : never }[keyof GuideStrings];

/** A text with `{name}` placeholders filled in. */
export function t(
  language: GuideLanguage,
  key: FlatKey,
  params: Record<string, string | number> = {},
): string {
  return GUIDE_STRINGS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** How a missing landmark is named in a sentence ("de knop", "the button"). */
export function roleWhat(language: GuideLanguage, role: string | string[]): string {
  const first = Array.isArray(role) ? role[0] : role;
  const table = GUIDE_STRINGS[language].roleWhat;
  return first !== undefined && first in table ? table[first as keyof typeof table] : table.other;
}

/** Dutch unless the setting or the browser's first language says English. */
export function pickLanguage(
  setting: string | undefined,
  browserLanguages: readonly string[],
): GuideLanguage {
  return resolveLanguage(setting, browserLanguages);
}
