import type {
  Landmark,
  LandmarkSource,
  RoleChecklist,
  StepDefinition,
  StepMap,
  UrlPatterns,
} from './types.js';

// The default step map, written from VZVZ's plan (docs/background/seed) and docs/portal-contract.md.
// Real portal paths are unknown except /portal: there the pages are recognised by landmarks
// alone, and browser policy can add paths later (applyStepMapCorrections).

export const STEP_MAP_VERSION = 1;

export const APP_STORE_URL = 'https://apps.apple.com/nl/app/zorg-id/id1645526564';
export const GOOGLE_PLAY_URL = 'https://play.google.com/store/apps/details?id=nl.vzvz.zorgid';
export const PORTAL_URL_PRODUCTION = 'https://productie.zorg-id.nl/portal';
export const PORTAL_URL_ACCEPTANCE = 'https://acceptatie.zorg-id.nl/portal';
export const VZVZ_CONNECT_URL =
  'https://www.vzvz.nl/diensten/gemeenschappelijke-diensten/zorg-id/zorgaanbieders/aansluiten';
// Self-registration with a UZI-pas (EU-005, vzvznl/ZORG-ID gebruikersscenarios/end-user/zid-uc-eu-005…).
export const UZI_PORTAL_URL_PRODUCTION = 'https://productie.zorg-id.nl/uzi-portaal';
export const UZI_PORTAL_URL_ACCEPTANCE = 'https://acceptatie.zorg-id.nl/uzi-portaal';
export const APPLICATION_FORM_URL =
  'https://fd2.formdesk.com/vzvz/Aanvraagformulier_ZORG-ID_Mobiel_UZI-pas_validatie';

const SANDBOX_ORIGIN_ACCEPTANCE = 'http://127.0.0.1:4410';
const SANDBOX_ORIGIN_PRODUCTION = 'http://127.0.0.1:4411';

// Every name says where it comes from (LandmarkSource); the portal contract lists them (docs/portal-contract.md).
const landmark = (role: string | string[], name: string, source: LandmarkSource): Landmark => ({
  role,
  name,
  source,
});
const BUTTON_OR_LINK = ['button', 'link'];

/** Same paths on both sandbox instances. */
function sandbox(...paths: string[]): UrlPatterns {
  return { 'sandbox-acceptatie': paths, 'sandbox-productie': paths };
}

const PORTAL_HOME_PATHS = ['/portal', '/portal/'];

const LOGGED_IN = landmark('button', 'Uitloggen', 'guess');
const LOGIN_PAGE_LANDMARKS = [
  landmark('heading', 'Inloggen', 'guess'),
  landmark('button', 'Inloggen met UZI-pas', 'seed'),
];
/** Today's real portal: "Inloggen met UZI-pas" is a link that asks the browser to open the ZORG-ID Desktop App. */
const DESKTOP_APP_LOGIN_PAGE_LANDMARKS = [
  landmark('heading', 'Inloggen', 'guess'),
  landmark('link', 'Inloggen met UZI-pas', 'seed'),
];
const ACTIVATE_PAGE_LANDMARKS = [
  landmark('heading', 'Identiteit activeren', 'seed'),
  landmark('img', 'QR-code om in te loggen met ZORG-ID Mobiel', 'guess'),
];
const MANAGEMENT_PAGE_LANDMARKS = [
  landmark('heading', 'Beheer', 'guess'),
  landmark('heading', 'Beheerders', 'guess'),
  landmark('heading', 'Zorgmedewerkers', 'guess'),
];

export const ROLE_CHECKLISTS: RoleChecklist[] = [
  {
    role: 'portal-administrator',
    title: { nl: 'Rol 1: ZORG-ID Portaal administrator', en: 'Role 1: ZORG-ID Portal administrator' },
    summary: {
      nl: 'Vult het aanvraagformulier in, registreert de organisatie één keer en wijst daarna beheerders aan.',
      en: 'Fills in the application form, registers the organisation once, then appoints managers.',
    },
    items: [
      { id: 'admin-uzi-card', text: { nl: 'Heeft een UZI-pas', en: 'Has a UZI-pas' } },
      {
        id: 'admin-smartphone',
        text: {
          nl: 'Heeft een eigen smartphone met internet',
          en: 'Has a personal smartphone with internet',
        },
      },
      {
        id: 'admin-second-device',
        text: {
          nl: 'Heeft een tweede apparaat met internet en een groter scherm (computer)',
          en: 'Has a second device with internet and a larger screen (computer)',
        },
      },
      {
        id: 'admin-id-document',
        text: { nl: 'Heeft een geldig identiteitsbewijs', en: 'Has a valid ID document' },
      },
      { id: 'admin-email', text: { nl: 'Heeft een e-mailadres', en: 'Has an e-mail address' } },
    ],
  },
  {
    role: 'portal-manager',
    title: { nl: 'Rol 2: ZORG-ID Portaal beheerder', en: 'Role 2: ZORG-ID Portal manager' },
    summary: {
      nl: 'Wordt door de administrator in het portaal aangewezen; doet de WID-controle en maakt, wijzigt en verwijdert accounts van zorgmedewerkers.',
      en: 'Appointed by the administrator in the portal; does the ID check (WID) and creates, changes and deletes care workers’ accounts.',
    },
    items: [
      {
        id: 'manager-smartphone',
        text: {
          nl: 'Heeft een eigen smartphone met internet',
          en: 'Has a personal smartphone with internet',
        },
      },
      {
        id: 'manager-id-document',
        text: { nl: 'Heeft een geldig identiteitsbewijs', en: 'Has a valid ID document' },
      },
    ],
  },
  {
    role: 'care-worker',
    title: { nl: 'Rol 3: Zorgmedewerker', en: 'Role 3: Care worker' },
    summary: {
      nl: 'Gebruikt ZORG-ID Mobiel in het werk.',
      en: 'Uses ZORG-ID Mobile at work.',
    },
    items: [
      {
        id: 'worker-smartphone-nfc',
        text: {
          nl: 'Heeft een eigen smartphone met NFC en actuele iOS- of Android-software',
          en: 'Has a personal smartphone with NFC and up-to-date iOS or Android',
        },
      },
      {
        id: 'worker-id',
        text: {
          nl: 'Heeft een geldig identiteitsbewijs of een geldige UZI-pas',
          en: 'Has a valid ID document or a valid UZI-pas',
        },
      },
      { id: 'worker-internet', text: { nl: 'Heeft internet', en: 'Has internet access' } },
    ],
  },
  {
    role: 'care-provider-representative',
    title: {
      nl: 'Rol 4: Zorgaanbieder of vertegenwoordiger',
      en: 'Role 4: Care provider or representative',
    },
    summary: {
      nl: 'Krijgt e-mail over de status van de aanvraag.',
      en: 'Receives e-mail about the status of the application.',
    },
    items: [{ id: 'provider-email', text: { nl: 'Heeft een e-mailadres', en: 'Has an e-mail address' } }],
  },
];

const STEPS: StepDefinition[] = [
  {
    id: 'prepare',
    number: 1,
    title: { nl: 'Voorbereiding', en: 'Preparation' },
    instructions: {
      nl: [
        'Lees het hele stappenplan door voordat u begint.',
        'Wijs de vier rollen toe aan collega’s en vink per rol af wat er nodig is.',
        'Controleer op de website van VZVZ (de lijst van applicaties die ZORG-ID ondersteunen) of bij uw softwareleverancier of uw zorgapplicatie ZORG-ID Mobiel accepteert.',
        'Laat iedereen weten welke rol hij of zij krijgt. Klik daarna op “Gedaan”.',
      ],
      en: [
        'Read the whole plan before you start.',
        'Assign the four roles to colleagues and tick what each role needs.',
        'Check on VZVZ’s website (the list of applications that support ZORG-ID) or with your software supplier whether your care application accepts ZORG-ID Mobile.',
        'Tell everyone which role they get. Then click “Done”.',
      ],
    },
    role: 'care-provider-representative',
    where: ['offline'],
    pages: [],
    done: [],
    checks: [],
    manualConfirm: true,
    checklist: ROLE_CHECKLISTS,
    links: [
      {
        id: 'vzvz-connect',
        url: VZVZ_CONNECT_URL,
        label: { nl: 'Stappenplan bij VZVZ', en: 'Plan at VZVZ' },
      },
    ],
  },
  {
    id: 'application-form',
    number: 2,
    title: { nl: 'Aanvraagformulier invullen', en: 'Fill in the application form' },
    instructions: {
      nl: [
        'Vul het aanvraagformulier in met de gegevens van uw UZI-pas en uw organisatie.',
        'Klik op “Aanvraag versturen”. U krijgt direct een kopie per e-mail.',
        'Wacht op de bevestiging van VZVZ. Ga pas daarna verder.',
      ],
      en: [
        'Fill in the application form with the details of your UZI-pas and your organisation.',
        'Click “Aanvraag versturen” (send). A copy arrives by e-mail at once.',
        'Wait for VZVZ’s confirmation. Only then continue.',
      ],
    },
    role: 'portal-administrator',
    where: ['application-form', 'mailbox'],
    pages: [
      {
        id: 'application-form',
        urls: { ...sandbox('/aanvraag'), 'application-form': ['*/Aanvraagformulier_ZORG-ID_Mobiel*'] },
        landmarks: [landmark('heading', 'Aanvraagformulier ZORG-ID Mobiel', 'seed')],
        next: landmark('button', 'Aanvraag versturen', 'guess'),
      },
      {
        id: 'application-sent',
        urls: { ...sandbox('/aanvraag*'), 'application-form': ['*'] },
        landmarks: [landmark('heading', 'Aanvraag ontvangen', 'guess')],
        waiting: true,
      },
      {
        id: 'mailbox',
        urls: sandbox('/mailbox*'),
        landmarks: [landmark('heading', 'Sandbox mailbox', 'sandbox')],
        waiting: true,
      },
    ],
    done: [{ landmarks: [landmark('heading', 'Bevestiging van uw aanvraag', 'guess')] }],
    checks: [],
    manualConfirm: true,
    captures: [
      {
        field: 'ura',
        landmarks: [landmark('textbox', 'URA-nummer', 'guess'), landmark('textbox', 'URA', 'guess')],
      },
      {
        field: 'organisationName',
        landmarks: [
          landmark('textbox', 'Organisatienaam', 'guess'),
          landmark('textbox', 'Naam organisatie', 'seed'),
          landmark('textbox', 'Naam zorgaanbieder', 'guess'),
          // The sandbox's form (sandbox/portal/routes/application.ts) says which name it wants.
          landmark('textbox', 'Naam zorgaanbieder (organisatie)', 'sandbox'),
        ],
      },
    ],
    links: [
      {
        id: 'application-form',
        url: APPLICATION_FORM_URL,
        label: { nl: 'Aanvraagformulier openen', en: 'Open the application form' },
      },
    ],
  },
  {
    id: 'portal-login',
    number: 3,
    title: { nl: 'ZORG-ID Portaal openen', en: 'Open the ZORG-ID Portal' },
    instructions: {
      nl: [
        'Open het ZORG-ID Portaal op uw computer. Zorgaanbieders gebruiken productie.',
        'Test u als leverancier? Gebruik dan de acceptatie-omgeving.',
      ],
      en: [
        'Open the ZORG-ID Portal on your computer. Care providers use production.',
        'Testing as a supplier? Use the acceptance environment.',
      ],
    },
    role: 'portal-administrator',
    where: ['portal'],
    pages: [
      {
        id: 'portal-home',
        urls: {
          ...sandbox(...PORTAL_HOME_PATHS),
          acceptatie: PORTAL_HOME_PATHS,
          productie: PORTAL_HOME_PATHS,
        },
        landmarks: [landmark('heading', 'ZORG-ID Portaal', 'seed')],
        unless: [landmark('button', 'Uitloggen', 'guess')],
        next: landmark(BUTTON_OR_LINK, 'Inloggen', 'seed'),
      },
    ],
    // Opened is not enough: the step is done once the user reached the login page or is logged in,
    // so on the portal's home page the guide shows this step together with its "Inloggen".
    done: [
      { landmarks: LOGIN_PAGE_LANDMARKS },
      { landmarks: DESKTOP_APP_LOGIN_PAGE_LANDMARKS },
      { landmarks: [LOGGED_IN] },
    ],
    checks: [],
    manualConfirm: false,
    links: [
      {
        id: 'portal-production',
        url: PORTAL_URL_PRODUCTION,
        label: { nl: 'Portaal (productie)', en: 'Portal (production)' },
      },
      {
        id: 'portal-acceptance',
        url: PORTAL_URL_ACCEPTANCE,
        label: { nl: 'Portaal (acceptatie, voor leveranciers)', en: 'Portal (acceptance, for suppliers)' },
      },
    ],
  },
  {
    id: 'install-app',
    number: 4,
    title: { nl: 'ZORG-ID app installeren', en: 'Install the ZORG-ID app' },
    instructions: {
      nl: [
        'Installeer op uw eigen smartphone de gratis app “ZORG-ID”: scan een QR-code hieronder of zoek op ZORG-ID.',
        'Open de app en kies een nieuwe pincode van 6 cijfers.',
        'Klik op “Gedaan” als de app klaar is.',
      ],
      en: [
        'Install the free “ZORG-ID” app on your own smartphone: scan a QR code below or search for ZORG-ID.',
        'Open the app and choose a new 6-digit PIN.',
        'Click “Done” when the app is ready.',
      ],
    },
    role: 'portal-administrator',
    where: ['phone'],
    pages: [],
    done: [],
    checks: [],
    manualConfirm: true,
    links: [
      { id: 'app-store', url: APP_STORE_URL, label: { nl: 'App Store (iPhone)', en: 'App Store (iPhone)' } },
      {
        id: 'google-play',
        url: GOOGLE_PLAY_URL,
        label: { nl: 'Google Play (Android)', en: 'Google Play (Android)' },
      },
    ],
  },
  {
    id: 'uzi-login',
    number: 5,
    title: { nl: 'Inloggen met UZI-pas', en: 'Log in with your UZI-pas' },
    instructions: {
      nl: [
        'Steek uw UZI-pas in de kaartlezer.',
        'Klik op “Inloggen” en daarna op “Inloggen met UZI-pas”.',
        'Voer de pincode van uw UZI-pas in als daarom gevraagd wordt: die uit de pincodebrief van het UZI-register, niet de pincode van de ZORG-ID app.',
      ],
      en: [
        'Insert your UZI-pas into the card reader.',
        'Click “Inloggen” (log in), then “Inloggen met UZI-pas”.',
        'Enter your UZI-pas PIN when asked: the one from the UZI-register’s PIN letter, not the ZORG-ID app’s PIN.',
      ],
    },
    role: 'portal-administrator',
    where: ['portal'],
    // Which of the two the login page offers decides the instructions: a button the page handles with
    // the page API (the companion asks the PIN), or, as on today's real portal, a link that asks the
    // browser to open the ZORG-ID Desktop App (seed step 5). The roles tell them apart.
    pages: [
      {
        id: 'portal-login-choice',
        urls: sandbox('/portal/inloggen*'),
        landmarks: LOGIN_PAGE_LANDMARKS,
        next: landmark('button', 'Inloggen met UZI-pas', 'seed'),
        instructions: {
          nl: [
            'Dit portaal werkt met de ZORG-ID Companion: u heeft de ZORG-ID Desktop App niet nodig.',
            'Steek uw UZI-pas in de kaartlezer en klik op “Inloggen met UZI-pas”.',
            'Voer in het venster van de Companion de pincode van uw UZI-pas in: die uit de pincodebrief van het UZI-register, niet de pincode van de ZORG-ID app.',
          ],
          en: [
            'This portal works with the ZORG-ID Companion: you do not need the ZORG-ID Desktop App.',
            'Insert your UZI-pas into the card reader and click “Inloggen met UZI-pas”.',
            'In the Companion’s window, enter your UZI-pas PIN: the one from the UZI-register’s PIN letter, not the ZORG-ID app’s PIN.',
          ],
        },
      },
      {
        id: 'portal-login-desktop-app',
        urls: sandbox('/portal/inloggen*'),
        landmarks: DESKTOP_APP_LOGIN_PAGE_LANDMARKS,
        next: landmark('link', 'Inloggen met UZI-pas', 'seed'),
        instructions: {
          nl: [
            'Dit portaal opent voor de UZI-pas de ZORG-ID Desktop App (nog niet de ZORG-ID Companion). De Companion controleert uw pas hieronder alvast.',
            'Is de ZORG-ID Desktop App nog niet geïnstalleerd? Installeer hem eerst (Windows of macOS; VZVZ of uw ICT-beheerder levert hem).',
            'Steek uw UZI-pas in de kaartlezer en klik op “Inloggen met UZI-pas”.',
            'De browser vraagt of hij de ZORG-ID Desktop App mag openen: sta dat toe.',
            'Voer in de Desktop App de pincode van uw UZI-pas in: die uit de pincodebrief van het UZI-register, niet de pincode van de ZORG-ID app. Volg daarna de stappen van de Desktop App; het portaal logt u daarna in.',
          ],
          en: [
            'For the UZI-pas this portal opens the ZORG-ID Desktop App (not yet the ZORG-ID Companion). The Companion checks your card below beforehand.',
            'Is the ZORG-ID Desktop App not installed yet? Install it first (Windows or macOS; from VZVZ or your IT administrator).',
            'Insert your UZI-pas into the card reader and click “Inloggen met UZI-pas”.',
            'The browser asks whether it may open the ZORG-ID Desktop App: allow it.',
            'In the Desktop App, enter your UZI-pas PIN: the one from the UZI-register’s PIN letter, not the ZORG-ID app’s PIN. Then follow the Desktop App’s steps; the portal then logs you in.',
          ],
        },
        // Beside the Desktop App the host still reads the card (no PIN): reader, card, PIN tries left,
        // and the card's URA and organisation against the application, before the user starts.
        checks: [
          'reader-present',
          'card-present',
          'card-type-z-or-n',
          'card-not-expired',
          'pin-tries-left',
          'ura-matches-application',
          'organisation-matches-application',
        ],
      },
    ],
    done: [{ landmarks: [LOGGED_IN] }],
    checks: ['reader-present', 'card-present', 'card-type-z-or-n', 'card-not-expired', 'pin-tries-left'],
    manualConfirm: false,
  },
  {
    id: 'validate-organisation',
    number: 6,
    title: { nl: 'Organisatie valideren', en: 'Validate your organisation' },
    instructions: {
      nl: [
        'Kies “Organisatie registratie afronden”.',
        'Houd uw UZI-pas in de kaartlezer en klik op “afronden”.',
        'Controleer de naam en het URA-nummer van de organisatie en klik op “volgende”.',
      ],
      en: [
        'Choose “Organisatie registratie afronden” (complete organisation registration).',
        'Keep your UZI-pas in the reader and click “afronden” (complete).',
        'Check the organisation name and URA number, then click “volgende” (next).',
      ],
    },
    role: 'portal-administrator',
    where: ['portal'],
    pages: [
      {
        id: 'organisation-start',
        urls: sandbox('/portal/organisatie*'),
        landmarks: [landmark(BUTTON_OR_LINK, 'Organisatie registratie afronden', 'seed')],
        next: landmark(BUTTON_OR_LINK, 'Organisatie registratie afronden', 'seed'),
      },
      {
        id: 'organisation-confirm',
        urls: sandbox('/portal/organisatie*'),
        landmarks: [landmark('button', 'afronden', 'seed')],
        next: landmark('button', 'afronden', 'seed'),
      },
      // Today's real portal has no page API here either: "afronden" is a link that asks the browser to
      // open the ZORG-ID Desktop App, which uses the card, as at the login (a guess: the seed names only
      // the control). The role tells the two apart, as for step 5.
      {
        id: 'organisation-confirm-desktop-app',
        urls: sandbox('/portal/organisatie*'),
        landmarks: [landmark('link', 'afronden', 'seed')],
        next: landmark('link', 'afronden', 'seed'),
        instructions: {
          nl: [
            'Ook hier gebruikt dit portaal de ZORG-ID Desktop App voor uw UZI-pas.',
            'Houd uw UZI-pas in de kaartlezer en klik op “afronden”.',
            'De browser vraagt of hij de ZORG-ID Desktop App mag openen: sta dat toe.',
            'Voer in de Desktop App de pincode van uw UZI-pas in: die uit de pincodebrief van het UZI-register, niet de pincode van de ZORG-ID app. Het portaal gaat daarna vanzelf verder.',
            'Controleer de naam en het URA-nummer van de organisatie en klik op “volgende”.',
          ],
          en: [
            'Here too this portal uses the ZORG-ID Desktop App for your UZI-pas.',
            'Keep your UZI-pas in the reader and click “afronden” (complete).',
            'The browser asks whether it may open the ZORG-ID Desktop App: allow it.',
            'In the Desktop App, enter your UZI-pas PIN: the one from the UZI-register’s PIN letter, not the ZORG-ID app’s PIN. The portal then moves on by itself.',
            'Check the organisation name and URA number, then click “volgende” (next).',
          ],
        },
        // The Desktop App asks the PIN here, so the PIN tries left count too.
        checks: [
          'reader-present',
          'card-present',
          'card-type-z-or-n',
          'card-not-expired',
          'pin-tries-left',
          'ura-matches-application',
          'organisation-matches-application',
        ],
      },
      {
        id: 'organisation-check',
        urls: sandbox('/portal/organisatie*'),
        landmarks: [landmark('term', 'Organisatienaam', 'guess'), landmark('term', 'URA-nummer', 'seed')],
        next: landmark('button', 'volgende', 'seed'),
      },
    ],
    done: [],
    checks: [
      'card-present',
      'card-type-z-or-n',
      'card-not-expired',
      'ura-matches-page',
      'organisation-matches-page',
      'ura-matches-application',
      'organisation-matches-application',
    ],
    manualConfirm: false,
  },
  {
    id: 'create-mobile-id',
    number: 7,
    title: { nl: 'Mobile App ID aanmaken', en: 'Create your Mobile App ID' },
    // Seed step 7, both columns: first the portal (name shown, date of birth, confirm, QR code), then
    // the phone (open the app, PIN, Scan, Scan QR, scan: that activates the identity). EU-005 step 6 agrees.
    instructions: {
      nl: [
        'Het portaal toont uw voor- en achternaam. Vul uw geboortedatum in en klik op “Bevestigen”.',
        'Er verschijnt een QR-code. Open de ZORG-ID app op uw smartphone en voer de pincode van de app in.',
        'Tik op “Scan” en daarna op “Scan QR”, en scan de QR-code op deze pagina. Daarmee activeert u uw ZORG-ID Mobiel identiteit.',
        'Het portaal gaat daarna vanzelf naar “Identiteit activeren”. Gebeurt dat niet, klik dan op “Gedaan”.',
      ],
      en: [
        'The portal shows your first and last name. Enter your date of birth and click “Bevestigen” (confirm).',
        'A QR code appears. Open the ZORG-ID app on your smartphone and enter the app’s PIN.',
        'Tap “Scan”, then “Scan QR”, and scan the QR code on this page. That activates your ZORG-ID Mobile identity.',
        'The portal then moves on to “Identiteit activeren” by itself. If it does not, click “Done”.',
      ],
    },
    role: 'portal-administrator',
    where: ['portal', 'phone'],
    pages: [
      {
        id: 'mobile-app-id-birth-date',
        urls: sandbox('/portal/mobile-app-id*'),
        landmarks: [
          landmark('heading', 'Mobile App ID aanmaken', 'seed'),
          landmark('button', 'Bevestigen', 'guess'),
        ],
        next: landmark('button', 'Bevestigen', 'guess'),
      },
      {
        id: 'mobile-app-id',
        urls: sandbox('/portal/mobile-app-id*'),
        landmarks: [
          landmark('heading', 'Mobile App ID aanmaken', 'seed'),
          landmark('img', 'QR-code voor de ZORG-ID app', 'guess'),
        ],
        next: landmark('img', 'QR-code voor de ZORG-ID app', 'guess'),
      },
    ],
    // The portal moves on to the activation page by itself once the app confirmed: that page (or
    // any later one) is the evidence; "Gedaan" stays for a portal that does not move on.
    done: [{ landmarks: ACTIVATE_PAGE_LANDMARKS }, { landmarks: MANAGEMENT_PAGE_LANDMARKS }],
    checks: [],
    manualConfirm: true,
  },
  {
    id: 'activate-identity',
    number: 8,
    title: { nl: 'Identiteit activeren', en: 'Activate your identity' },
    instructions: {
      nl: [
        'Uw ZORG-ID Mobiel identiteit staat nu in de app. Log daarmee in op het portaal: tik in de app op “Scan” en “Scan QR” en scan de QR-code op deze pagina.',
        'Daarna bent u aangemeld als ZORG-ID Portaal administrator.',
      ],
      en: [
        'Your ZORG-ID Mobile identity is now in the app. Use it to log in to the portal: tap “Scan” and “Scan QR” in the app and scan the QR code on this page.',
        'You are then logged in as ZORG-ID Portal administrator.',
      ],
    },
    role: 'portal-administrator',
    where: ['portal', 'phone'],
    pages: [
      {
        id: 'activate',
        urls: sandbox('/portal/activeren*'),
        landmarks: ACTIVATE_PAGE_LANDMARKS,
        next: landmark('img', 'QR-code om in te loggen met ZORG-ID Mobiel', 'guess'),
      },
    ],
    // The management page itself, not any "Beheer" heading: the portal's refusal page has one too.
    done: [{ landmarks: MANAGEMENT_PAGE_LANDMARKS }],
    checks: [],
    manualConfirm: false,
  },
  {
    id: 'setup-management',
    number: 9,
    title: { nl: 'Beheer inrichten', en: 'Set up management' },
    instructions: {
      nl: [
        'Wijs één of meer Portaal beheerders aan met “Beheerder toevoegen”. Hoe dat gaat staat in de handleiding voor ZORG-ID administrators (VZVZ).',
        'Zorgmedewerkers registreren zichzelf met hun UZI-pas op productie.zorg-id.nl/uzi-portaal (geef dit adres aan hen door), of een beheerder registreert hen met “Zorgmedewerker registreren”. Daarna doet de zorgmedewerker de WID-controle: met de ZORG-ID app op de eigen smartphone (met NFC) de QR-code scannen en het identiteitsbewijs tegen de telefoon houden; de beheerder klikt dan op “Registratie afronden”.',
        'Let op: één persoon kan niet zowel ZORG-ID Smartcard als ZORG-ID Mobiel hebben.',
        'Klik op “Gedaan” als het beheer is ingericht.',
      ],
      en: [
        'Appoint one or more portal managers with “Beheerder toevoegen” (add manager). VZVZ’s manual for ZORG-ID administrators explains how.',
        'Care workers register themselves with their UZI-pas at productie.zorg-id.nl/uzi-portaal (pass this address on to them), or a manager registers them with “Zorgmedewerker registreren”. The care worker then does the ID check (WID): scan the QR code with the ZORG-ID app on their own smartphone (with NFC) and hold the identity document against the phone; the manager then clicks “Registratie afronden” (complete registration).',
        'Note: one person cannot have both ZORG-ID Smartcard and ZORG-ID Mobile.',
        'Click “Done” when management is set up.',
      ],
    },
    role: 'portal-administrator',
    where: ['portal'],
    pages: [
      {
        id: 'management',
        urls: sandbox('/portal/beheer*'),
        landmarks: MANAGEMENT_PAGE_LANDMARKS,
        next: landmark('button', 'Beheerder toevoegen', 'guess'),
      },
    ],
    done: [],
    checks: [],
    manualConfirm: true,
    links: [
      {
        id: 'uzi-portal-production',
        url: UZI_PORTAL_URL_PRODUCTION,
        label: { nl: 'UZI-portaal voor zorgmedewerkers', en: 'UZI portal for care workers' },
      },
      {
        id: 'uzi-portal-acceptance',
        url: UZI_PORTAL_URL_ACCEPTANCE,
        label: {
          nl: 'UZI-portaal (acceptatie, voor leveranciers)',
          en: 'UZI portal (acceptance, for suppliers)',
        },
      },
    ],
  },
];

export const DEFAULT_STEP_MAP: StepMap = {
  version: STEP_MAP_VERSION,
  origins: [
    { environment: 'acceptatie', origin: 'https://acceptatie.zorg-id.nl' },
    { environment: 'productie', origin: 'https://productie.zorg-id.nl' },
    { environment: 'application-form', origin: 'https://*.formdesk.com' },
    { environment: 'sandbox-acceptatie', origin: SANDBOX_ORIGIN_ACCEPTANCE },
    { environment: 'sandbox-productie', origin: SANDBOX_ORIGIN_PRODUCTION },
    { environment: 'sandbox-acceptatie', origin: 'http://127.0.0.1:*', sandboxMeta: 'acceptatie' },
    { environment: 'sandbox-productie', origin: 'http://127.0.0.1:*', sandboxMeta: 'productie' },
    { environment: 'sandbox-acceptatie', origin: 'http://localhost:*', sandboxMeta: 'acceptatie' },
    { environment: 'sandbox-productie', origin: 'http://localhost:*', sandboxMeta: 'productie' },
  ],
  steps: STEPS,
};

export const STEP_COUNT = STEPS.length;
