// The phone: the sandbox's stand-in for the ZORG-ID app on /telefoon. One device = one cookie jar
// (the portal keeps the device id in a cookie on /telefoon), so each person in a scenario gets
// their own phone. Two ways to drive it, same steps:
// - phone(page): a browser page, best in its own browser context (openPhonePage) so its cookies
//   are its own. The tester sees (and screenshots) the app's screens; the walkthrough uses this.
// - phone(origin): plain HTTP with a private cookie jar. No browser needed; fast for scripts.
import type { Browser, Page } from 'puppeteer-core';
import { decodeQrImage } from '../sandbox/portal/qr.js';
import { SANDBOX_ORIGINS } from '../shared/origins.js';

export interface PhoneScreen {
  /** The screen's heading, e.g. "Kies een nieuwe pincode", "Mobile App ID activeren". */
  heading: string;
  /** Messages on the screen: errors ("De geboortedatum klopt niet…") and confirmations. */
  errors: string[];
  notices: string[];
  /** Names the app shows before asking for the date of birth. */
  names: string[];
  /** "ZORG-ID Mobiel identiteit: …" once the phone holds an identity. */
  identity: string | undefined;
}

export interface Phone {
  /** Opens the app; on a new phone it asks for a new PIN. */
  open(): Promise<PhoneScreen>;
  /** First start: chooses the 6-digit PIN (typed twice). An existing phone is unlocked with it instead. */
  choosePin(pin: string): Promise<PhoneScreen>;
  unlock(pin: string): Promise<PhoneScreen>;
  /** "Scan", then "Scan QR" with this QR content. */
  scan(content: string): Promise<PhoneScreen>;
  /** Scans the QR code the portal page shows now (decoded from its image). */
  scanFrom(portal: Page): Promise<PhoneScreen>;
  /** Enters the date of birth (YYYY-MM-DD) and confirms ("Bevestigen"). */
  confirmDateOfBirth(date: string): Promise<PhoneScreen>;
  /**
   * Step 9's WID check, after scanning its QR code: chooses the identity document ("paspoort",
   * "identiteitskaart", "rijbewijs") and holds one of the sandbox's documents against the phone:
   * "geldig", "verlopen", "ander-persoon", "andere-geboortedatum" or "onleesbaar".
   */
  scanDocument(document: string, chip: string): Promise<PhoneScreen>;
  screen(): Promise<PhoneScreen>;
}

const PHONE_PATH = '/telefoon';
const QR_IMAGE = 'img[alt^="QR-code"]';

// --- Reading a screen (same HTML for both transports) -------------------------------------------

const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const plain = (s: string) =>
  decodeEntities(s.replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
const all = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((m) => plain(m[1] ?? ''));

export function parsePhoneScreen(html: string): PhoneScreen {
  const main = /<main>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html;
  const identity = /ZORG-ID Mobiel identiteit:\s*<strong>([\s\S]*?)<\/strong>/.exec(main)?.[1];
  return {
    heading: all(main, /<h2[^>]*>([\s\S]*?)<\/h2>/g)[0] ?? '',
    errors: all(main, /<p class="notice fout"[^>]*>([\s\S]*?)<\/p>/g),
    notices: all(main, /<p class="notice (?:ok|info)"[^>]*>([\s\S]*?)<\/p>/g),
    names: all(main, /<dd>([\s\S]*?)<\/dd>/g),
    identity: identity === undefined ? undefined : plain(identity),
  };
}

/** The QR code the portal page shows, decoded from its image (as a phone camera would) and checked against the sandbox's text copy. */
export async function readPortalQr(portal: Page, timeoutMs = 15_000): Promise<string> {
  const image = await portal.waitForSelector(QR_IMAGE, { timeout: timeoutMs });
  if (!image) throw new Error('Geen QR-code op de pagina / no QR code on the page');
  const src = await image.evaluate((img) => img.getAttribute('src') ?? '');
  await image.dispose();
  const base64 = /^data:image\/png;base64,(.+)$/.exec(src)?.[1];
  const text = await portal
    .$eval('code[data-qr-content]', (e) => (e.textContent ?? '').trim())
    .catch(() => undefined);
  if (!base64) {
    if (text) return text;
    throw new Error('De QR-afbeelding is geen PNG-data-URL / QR image is not a PNG data URL');
  }
  const decoded = decodeQrImage(Buffer.from(base64, 'base64'));
  if (!decoded.ok) throw new Error(`QR-code niet leesbaar / QR code unreadable: ${decoded.message}`);
  if (text !== undefined && text !== decoded.content)
    throw new Error(
      `QR-afbeelding en tekst verschillen / QR image and text differ: ${decoded.content} vs ${text}`,
    );
  return decoded.content;
}

// --- Over a browser page -----------------------------------------------------------------------

/** A page in its own browser context: a phone of its own (close the context when done). */
export async function openPhonePage(browser: Browser): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 420, height: 760 });
  return page;
}

function pagePhone(page: Page, origin: string): Phone {
  const screen = async () => parsePhoneScreen(await page.content());
  const submit = async (formSelector: string) => {
    // A click on a tab that is not in front never lands (no frames are drawn behind).
    await page.bringToFront();
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.click(`${formSelector} button[type="submit"]`),
    ]);
    return screen();
  };
  const fill = async (selector: string, value: string) => {
    await page.bringToFront();
    await page.$eval(selector, (e) => {
      (e as unknown as { value: string }).value = '';
    });
    await page.type(selector, value);
  };
  const phone: Phone = {
    async open() {
      await page.goto(`${origin}${PHONE_PATH}`);
      return screen();
    },
    async choosePin(pin) {
      await phone.open();
      if (!(await page.$('form[action="/telefoon/pincode"]'))) return phone.unlock(pin);
      await fill('#pincode', pin);
      await fill('#pincode2', pin);
      return submit('form[action="/telefoon/pincode"]');
    },
    async unlock(pin) {
      if (!page.url().includes(PHONE_PATH)) await phone.open();
      if (!(await page.$('form[action="/telefoon/ontgrendelen"]'))) return screen();
      await fill('#pincode', pin);
      return submit('form[action="/telefoon/ontgrendelen"]');
    },
    async scan(content) {
      await phone.open();
      if (await page.$('form[action="/telefoon/ontgrendelen"]'))
        throw new Error('De telefoon is vergrendeld: eerst unlock(pin) / phone is locked: unlock(pin) first');
      await submit(`form[action="${PHONE_PATH}"]`); // "Scan"
      await fill('#qr-inhoud', content);
      return submit('form[action="/telefoon/scan"]'); // "Scan QR"
    },
    async scanFrom(portal) {
      return phone.scan(await readPortalQr(portal));
    },
    async confirmDateOfBirth(date) {
      if (!(await page.$('#geboortedatum'))) await phone.open();
      // A date input takes typed digits in the locale's order; setting the value is locale-proof.
      await page.$eval(
        '#geboortedatum',
        (e, value) => {
          (e as unknown as { value: string }).value = value;
        },
        date,
      );
      return submit('form[action="/telefoon/geboortedatum"]');
    },
    async scanDocument(document, chip) {
      await phone.open();
      await page.bringToFront();
      await page.click(`#document-${document}`);
      await submit(`form[action="${PHONE_PATH}"]`); // "Verder"
      await page.bringToFront();
      await page.click(`#chip-${chip}`);
      return submit('form[action="/telefoon/wid"]'); // "Document lezen"
    },
    screen,
  };
  return phone;
}

// --- Over HTTP ---------------------------------------------------------------------------------

function httpPhone(origin: string): Phone {
  const jar = new Map<string, string>();
  let last = '';
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      if (index > 0) jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  };
  const request = async (path: string, body?: FormData | URLSearchParams): Promise<PhoneScreen> => {
    let url = `${origin}${path}`;
    let init: RequestInit = body ? { method: 'POST', body } : { method: 'GET' };
    for (let hops = 0; hops < 5; hops++) {
      const response = await fetch(url, { ...init, redirect: 'manual', headers: { cookie: cookieHeader() } });
      remember(response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url).href;
        init = { method: 'GET' };
        continue;
      }
      last = await response.text();
      return parsePhoneScreen(last);
    }
    throw new Error('te veel doorverwijzingen / too many redirects');
  };
  const csrf = () => /<meta name="csrf-token" content="([^"]*)"/.exec(last)?.[1] ?? '';
  const has = (action: string) => last.includes(`action="${action}"`);
  const form = (fields: Record<string, string>) => new URLSearchParams({ _csrf: csrf(), ...fields });
  const phone: Phone = {
    open: () => request(PHONE_PATH),
    async choosePin(pin) {
      await phone.open();
      if (!has('/telefoon/pincode')) return phone.unlock(pin);
      return request('/telefoon/pincode', form({ pincode: pin, pincode2: pin }));
    },
    async unlock(pin) {
      await phone.open();
      if (!has('/telefoon/ontgrendelen')) return parsePhoneScreen(last);
      return request('/telefoon/ontgrendelen', form({ pincode: pin }));
    },
    async scan(content) {
      await request(`${PHONE_PATH}?scherm=scan`);
      if (!has('/telefoon/scan'))
        throw new Error('De telefoon is vergrendeld: eerst unlock(pin) / phone is locked: unlock(pin) first');
      const body = new FormData();
      body.set('_csrf', csrf());
      body.set('qr', content);
      return request('/telefoon/scan', body);
    },
    async scanFrom(portal) {
      return phone.scan(await readPortalQr(portal));
    },
    async confirmDateOfBirth(date) {
      if (!has('/telefoon/geboortedatum')) await phone.open();
      return request('/telefoon/geboortedatum', form({ geboortedatum: date }));
    },
    async scanDocument(document, chip) {
      await request(`${PHONE_PATH}?document=${encodeURIComponent(document)}`);
      if (!has('/telefoon/wid'))
        throw new Error(
          'Geen WID-controle op deze telefoon: scan eerst de QR-code / no WID check: scan its QR code first',
        );
      return request('/telefoon/wid', form({ document, chip }));
    },
    screen: async () => (last ? parsePhoneScreen(last) : phone.open()),
  };
  return phone;
}

/**
 * A phone on this page (its origin must be the portal's) or, given an origin such as
 * 'http://127.0.0.1:4410', a phone over HTTP with its own cookie jar.
 */
export function phone(target: Page | string, origin?: string): Phone {
  if (typeof target === 'string') return httpPhone(new URL(target).origin);
  return pagePhone(target, origin ?? SANDBOX_ORIGINS.acceptatie);
}
