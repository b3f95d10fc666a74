// "Kaartstatus": the smallest page that uses the page API: which readers there are and
// whether a UZI-pas is in them, live. The sandbox portal mounts it at /kaartstatus; the
// foundation end-to-end test and `npm start` use it to show the whole chain works.
// Script and style are separate files: the portal's CSP allows no inline code.

export function cardStatusPageHtml(environment: 'acceptatie' | 'productie'): string {
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="zorgid-sandbox" content="${environment}">
<title>Kaartstatus – ZORG-ID sandbox</title>
<link rel="stylesheet" href="/static/kaartstatus.css">
</head>
<body>
<p class="sandbox">SANDBOX – ${environment}</p>
<h1>Kaartstatus</h1>
<p id="message" role="status" data-state="loading">Bezig met controleren…</p>
<h2>Kaartlezers</h2>
<ul id="readers" aria-live="polite"></ul>
<script type="module" src="/static/zorgid-page.js"></script>
<script type="module" src="/static/kaartstatus.mjs"></script>
</body>
</html>`;
}

export const CARD_STATUS_CSS = `
  body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 48rem; color: #1d1d1d; }
  .sandbox { background: #ffd500; padding: .25rem .5rem; font-weight: 700; display: inline-block; }
  li[data-card-present="true"] { color: #0a6b2b; }
  li[data-card-present="false"] { color: #8a1c1c; }
  #message { padding: .5rem; border-left: 4px solid #888; }
`;

// Runs after /static/zorgid-page.js (module scripts run in document order).
export const CARD_STATUS_SCRIPT = `
  const message = document.getElementById('message');
  const list = document.getElementById('readers');
  const say = (state, text) => { message.dataset.state = state; message.textContent = text; };
  async function refresh() {
    const api = window.ZorgIdCompanion;
    if (!api || !(await api.available())) {
      say('no-extension', 'ZORG-ID Companion is niet geïnstalleerd. Installeer de extensie en herlaad de pagina.');
      return;
    }
    try {
      const status = await api.status();
      list.replaceChildren(...status.readers.map((reader) => {
        const item = document.createElement('li');
        item.dataset.reader = reader.name;
        item.dataset.cardPresent = String(reader.cardPresent);
        item.dataset.cardKind = reader.cardKind ?? '';
        item.textContent = reader.name + ': ' + (reader.cardPresent
          ? (reader.cardKind === 'uzi-pas' ? 'UZI-pas aanwezig' : 'onbekende kaart aanwezig')
          : 'geen kaart');
        return item;
      }));
      if (!status.pcsc.available) say('no-pcsc', 'De smartcardservice draait niet.');
      else if (status.readers.length === 0) say('no-reader', 'Geen kaartlezer gevonden. Sluit de kaartlezer aan.');
      else if (status.readers.some((r) => r.cardKind === 'uzi-pas')) say('card', 'UZI-pas gevonden.');
      else say('no-card', 'Geen UZI-pas in de lezer. Steek uw UZI-pas in de kaartlezer.');
    } catch (error) {
      say('error', (error && error.message) || String(error));
      message.dataset.code = error && error.code;
    }
  }
  for (const event of ['card-inserted', 'card-removed', 'reader-added', 'reader-removed', 'pcsc-state']) {
    window.ZorgIdCompanion?.on(event, () => void refresh());
  }
  window.ZorgIdCompanion?.onReady(() => void refresh());
  void refresh();
`;
