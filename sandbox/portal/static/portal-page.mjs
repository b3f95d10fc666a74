// Page script of the sandbox portal: talks to window.ZorgIdCompanion (the extension's page API) and polls
// the server for QR steps. No framework, no external resources.

const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
const statusEl = () => document.getElementById('uzi-status');

function say(text) {
  const el = statusEl();
  if (el) el.textContent = text;
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    body: JSON.stringify(body ?? {}),
    credentials: 'same-origin',
  });
  return response.json();
}

async function companion() {
  const api = window.ZorgIdCompanion;
  if (!api) return null;
  try {
    return (await api.available()) ? api : null;
  } catch {
    return null;
  }
}

function showDesktopFallback() {
  const section = document.getElementById('desktop-app');
  if (section) section.hidden = false;
}

async function authenticateAndPost(endpoint) {
  const api = await companion();
  if (!api) {
    showDesktopFallback();
    say('De ZORG-ID Companion extensie is niet gevonden.');
    return;
  }
  try {
    say('Bezig… volg de stappen van de ZORG-ID Companion.');
    const { challenge } = await post('/api/challenge');
    const token = await api.authenticate(challenge);
    const result = await post(endpoint, { token });
    if (result.ok) window.location.assign(result.redirect);
    else say(result.message);
  } catch (error) {
    say(error?.message ?? 'Inloggen met de UZI-pas is niet gelukt. Probeer het opnieuw.');
  }
}

async function signStatement(button) {
  const api = await companion();
  if (!api) {
    say('De ZORG-ID Companion extensie is niet gevonden. Installeer de extensie om te ondertekenen.');
    return;
  }
  try {
    say('Bezig… bevestig met de pincode van uw UZI-pas.');
    const result = await api.sign(button.dataset.hash, 'SHA-256');
    const response = await post('/api/uzi-portaal/ondertekenen', {
      signature: result.signature,
      certificate: result.certificate,
    });
    if (response.ok) window.location.assign(response.redirect);
    else say(response.message);
  } catch (error) {
    say(error?.message ?? 'Ondertekenen is niet gelukt. Probeer het opnieuw.');
  }
}

// Step 6 "afronden": the portal reads the organisation from the UZI-pas in the reader (no PIN) and
// sends the card's authentication certificate along; the server checks it is the logged-in person.
const NO_CARD_CODES = ['NO_CARD', 'CARD_REMOVED', 'NO_READER'];
const NO_CARD_TEXT = 'Geen UZI-pas gevonden. Steek uw pas in de lezer en klik opnieuw op afronden.';

async function readCardAndSubmit(form) {
  const api = await companion();
  if (!api) {
    say('De ZORG-ID Companion extensie is niet gevonden. Installeer de extensie om uw UZI-pas te lezen.');
    return;
  }
  try {
    say('Bezig… uw UZI-pas wordt gelezen.');
    const card = await api.readCard();
    const certificate = card.certificates.find((c) => c.role === 'authentication') ?? card.certificates[0];
    if (!certificate) return say(NO_CARD_TEXT);
    form.elements.namedItem('certificaat').value = certificate.der;
    // submit() sends the form without firing this listener again.
    form.submit();
  } catch (error) {
    say(NO_CARD_CODES.includes(error?.code) ? NO_CARD_TEXT : (error?.message ?? NO_CARD_TEXT));
  }
}

document.querySelector('form[data-action="read-card"]')?.addEventListener('submit', (event) => {
  event.preventDefault();
  readCardAndSubmit(event.currentTarget);
});

document
  .querySelector('[data-action="uzi-login"]')
  ?.addEventListener('click', () => authenticateAndPost('/api/login/uzi'));
document
  .querySelector('[data-action="uzi-register"]')
  ?.addEventListener('click', () => authenticateAndPost('/api/uzi-portaal/start'));
document
  .querySelector('[data-action="uzi-sign"]')
  ?.addEventListener('click', (event) => signStatement(event.currentTarget));

// The Desktop App stand-in (real-portal variant): sign the login's challenge with the card through the
// companion, and tell the portal; the portal's login page, polling, then logs the user in.
async function desktopAppUse(button) {
  const api = await companion();
  if (!api)
    return say('De ZORG-ID Companion is niet gevonden: de sandbox-Desktop App gebruikt hem voor de pas.');
  try {
    button.disabled = true;
    say('Bezig… voer de pincode van uw UZI-pas in.');
    const token = await api.authenticate(button.dataset.challenge);
    const result = await post('/api/desktop-app/inloggen', { code: button.dataset.code, token });
    say(result.message ?? (result.ok ? 'Klaar.' : 'Inloggen is niet gelukt.'));
  } catch (error) {
    say(error?.message ?? 'De pas gebruiken is niet gelukt. Probeer het opnieuw.');
  } finally {
    button.disabled = false;
  }
}
document
  .querySelector('[data-action="desktop-app-use"]')
  ?.addEventListener('click', (event) => desktopAppUse(event.currentTarget));

// Without the extension the login page shows the Desktop App link straight away, like the real portal.
if (document.querySelector('[data-action="uzi-login"]')) {
  companion().then((api) => {
    if (!api) showDesktopFallback();
  });
}

const POLL_MS = 1500;
const poller = document.querySelector('[data-poll-url]');
if (poller) {
  const tick = async () => {
    try {
      const response = await fetch(poller.dataset.pollUrl, { credentials: 'same-origin' });
      const result = await response.json();
      if (result.status === 'ingelogd' && result.redirect) return window.location.assign(result.redirect);
      if (result.status === 'bevestigd' && poller.dataset.next)
        return window.location.assign(poller.dataset.next);
      if (result.status === 'bevestigd') return (poller.textContent = 'Bevestigd in de app.');
      if (result.status === 'verlopen')
        return (poller.textContent = result.message ?? 'De QR-code is verlopen. Vernieuw de pagina.');
      // Step 9's WID check says in its own words how far the scan is; its end states stop the poll.
      if (result.status === 'geslaagd' || result.status === 'afgewezen' || result.status === 'afgerond')
        return (poller.textContent = result.message);
      if (result.status === 'gescand') poller.textContent = result.message ?? 'Gescand. Bevestig in de app…';
    } catch {
      // A missed poll is harmless: the next one tries again.
    }
    setTimeout(tick, POLL_MS);
  };
  setTimeout(tick, POLL_MS);
}
