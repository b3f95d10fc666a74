// The sandbox portal for a tester's script, read like Playwright: controls by role and accessible
// name (what docs/portal-contract.md promises), waiting until they are there, clicking only what
// nothing covers, and always on a tab brought to front (a tab in the background may never paint,
// and clicks on it hang). Plus the application (/aanvraag) and its approval (/backoffice).
import type { ElementHandle, Page } from 'puppeteer-core';
import { SANDBOX_ORIGINS } from '../shared/origins.js';
import { waitUntil, type WaitOptions } from './wait.js';

export type Role = 'button' | 'link' | 'checkbox' | 'textbox' | 'heading' | 'radio' | 'combobox';

/** What the application form (/aanvraag) asks; the sandbox checks the URA against the card later. */
export interface ApplicationData {
  organisationName: string;
  /** 8 digits; the sandbox card of profile `zorgverlener` has URA 90000001. */
  ura: string;
  kvk: string;
  givenName: string;
  surname: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  email: string;
  phone: string;
  /** The administrator's UZI number (on the card). */
  uziNumber: string;
  representativeName: string;
  representativeEmail: string;
}

const APPLICATION_FIELDS: Record<keyof ApplicationData, string> = {
  organisationName: 'veld-organisatienaam',
  ura: 'veld-ura',
  kvk: 'veld-kvk',
  givenName: 'veld-voornaam',
  surname: 'veld-achternaam',
  dateOfBirth: 'veld-geboortedatum',
  email: 'veld-email',
  phone: 'veld-telefoon',
  uziNumber: 'veld-uzinummer',
  representativeName: 'veld-vertegenwoordiger_naam',
  representativeEmail: 'veld-vertegenwoordiger_email',
};

/** A control found by role and accessible name, inside the page's <main> unless told otherwise. */
export interface Control {
  /** Waits until it is there and nothing covers it, then clicks it like a user. */
  click(options?: WaitOptions): Promise<void>;
  /** Clicks and waits for the page it loads. */
  follow(options?: WaitOptions): Promise<void>;
  /** Types into it (a date field gets its value set). */
  fill(value: string, options?: WaitOptions): Promise<void>;
  /** The element, once there. */
  handle(options?: WaitOptions): Promise<ElementHandle>;
}

export interface Portal {
  page: Page;
  origin: string;
  goto(path: string, options?: WaitOptions): Promise<void>;
  getByRole(role: Role, name: string, where?: { scope?: 'main' | 'page' | 'header' }): Control;
  /** Fills and sends the application form; resolves to the application number. */
  submitApplication(data: ApplicationData, options?: WaitOptions): Promise<string>;
  /** Approves an application in the back office; the confirmation mail then arrives. */
  approveApplication(applicationNumber: string, options?: WaitOptions): Promise<void>;
  /** The body of the newest mail with this subject to this address (/mailbox). */
  mail(subject: string, recipient: string, options?: WaitOptions): Promise<string>;
}

export function portal(page: Page, origin: string = SANDBOX_ORIGINS.acceptatie): Portal {
  const self: Portal = {
    page,
    origin,
    async goto(path, options = {}) {
      await page.bringToFront();
      await page.goto(`${origin}${path}`, { timeout: options.timeoutMs ?? 30_000 });
    },
    getByRole(role, name, where = {}) {
      return control(page, role, name, where.scope ?? 'main');
    },
    async submitApplication(data, options = {}) {
      await self.goto('/aanvraag', options);
      for (const [key, id] of Object.entries(APPLICATION_FIELDS) as [keyof ApplicationData, string][]) {
        await fillField(page, `#${id}`, data[key], options);
      }
      await self.getByRole('checkbox', 'Ik ga akkoord met de voorwaarden van ZORG-ID').click(options);
      await self.getByRole('button', 'Aanvraag versturen').follow(options);
      const main = await page.$eval('main', (e) => (e.textContent ?? '').replace(/\s+/g, ' '));
      const number = /nummer (\d+)/.exec(main)?.[1];
      if (!number)
        throw new Error(
          `Geen aanvraagnummer / no application number on ${page.url()}: ${main.slice(0, 200)}`,
        );
      return number;
    },
    async approveApplication(applicationNumber, options = {}) {
      await self.goto('/backoffice', options);
      const xpath = `::-p-xpath(//article[h2[starts-with(normalize-space(.), "Aanvraag ${applicationNumber}:")]])`;
      const article = await waitFor(page, xpath, options, `aanvraag ${applicationNumber} in de backoffice`);
      const button = await waitFor(
        article,
        `::-p-aria([name="Goedkeuren"][role="button"])`,
        options,
        'Goedkeuren',
      );
      await Promise.all([
        page.waitForNavigation({ timeout: options.timeoutMs ?? 30_000 }),
        clickCovered(page, button, 'Goedkeuren', options),
      ]);
    },
    async mail(subject, recipient, options = {}) {
      return waitUntil(
        `mail "${subject}" aan / to ${recipient}`,
        async () => {
          await self.goto('/mailbox', options);
          return page.$$eval(
            'article.mail',
            (articles, s, r) =>
              articles
                .filter((a) => a.querySelector('h2')?.textContent?.trim() === s)
                .filter((a) => a.querySelector('.recipient')?.textContent?.trim() === r)
                .map((a) => a.querySelector('pre')?.textContent ?? '')[0] ?? '',
            subject,
            recipient,
          );
        },
        (body) => body !== '',
        options,
      );
    },
  };
  return self;
}

function control(page: Page, role: Role, name: string, scope: 'main' | 'page' | 'header'): Control {
  const selector = `::-p-aria([name="${name}"][role="${role}"])`;
  const what = `${role} "${name}"`;
  const handle = async (options: WaitOptions = {}): Promise<ElementHandle> => {
    await page.bringToFront();
    if (scope === 'page') return waitFor(page, selector, options, what);
    const container = await waitFor(page, scope, options, `<${scope}>`);
    return waitFor(container, selector, options, `${what} in <${scope}>`);
  };
  return {
    handle,
    async click(options = {}) {
      await clickCovered(page, await handle(options), what, options);
    },
    async follow(options = {}) {
      const element = await handle(options);
      await Promise.all([
        page.waitForNavigation({ timeout: options.timeoutMs ?? 30_000 }),
        clickCovered(page, element, what, options),
      ]);
    },
    async fill(value, options = {}) {
      const element = await handle(options);
      await typeInto(element, value);
    },
  };
}

async function waitFor(
  scope: Page | ElementHandle,
  selector: string,
  options: WaitOptions,
  what: string = selector,
): Promise<ElementHandle> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const found = await scope.waitForSelector(selector, { timeout: timeoutMs }).catch(() => null);
  if (found) return found;
  const page = 'url' in scope ? scope : null;
  const seen = page
    ? await page
        .evaluate(() => ({
          url: location.href,
          heading: document.querySelector('main h1')?.textContent?.trim() ?? '',
        }))
        .catch(() => 'page gone')
    : 'inside an element';
  throw new Error(
    `Niet gevonden / not found after ${timeoutMs} ms: ${what}; last seen: ${JSON.stringify(seen)}`,
  );
}

async function typeInto(element: ElementHandle, value: string): Promise<void> {
  if ((await element.evaluate((e) => e.getAttribute('type'))) === 'date') {
    await element.evaluate((e, v) => {
      (e as unknown as { value: string }).value = v;
    }, value);
  } else await element.type(value);
}

async function fillField(page: Page, selector: string, value: string, options: WaitOptions): Promise<void> {
  await typeInto(await waitFor(page, selector, options), value);
}

/** Clicks at the control's place on the screen once nothing (the guide panel above all) covers it. */
async function clickCovered(
  page: Page,
  element: ElementHandle,
  what: string,
  options: WaitOptions,
): Promise<void> {
  await page.bringToFront();
  await element.scrollIntoView();
  const coveredBy = await waitUntil(
    `${what} vrij om te klikken / uncovered`,
    () =>
      element.evaluate((e) => {
        const r = e.getBoundingClientRect();
        const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return at === e || e.contains(at) ? null : (at?.tagName.toLowerCase() ?? 'nothing (off screen)');
      }),
    (covered) => covered === null,
    { timeoutMs: Math.min(options.timeoutMs ?? 3_000, 3_000) },
  ).catch((error: Error) => error);
  if (coveredBy instanceof Error) throw coveredBy;
  await element.click();
}
