// Standalone build: `<script src="zorgid-page.js">` gives `window.ZorgIdCompanion`.
import { createClient, ZorgIdError } from './client.js';

declare global {
  interface Window {
    ZorgIdCompanion: ReturnType<typeof createClient> & { ZorgIdError: typeof ZorgIdError };
  }
}

window.ZorgIdCompanion = Object.assign(createClient(window), { ZorgIdError });
