import jsQRModule from 'jsqr';
import QRCode from 'qrcode';
import { decodePng, PngError } from './png.js';

// jsqr is CommonJS with an ESM-style `default` in its types: under NodeNext the default import is the module.
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

/** QR codes the portal shows carry a URL on the portal's own origin with a single-use code. */
export const QR_PATH = {
  enrolment: '/app/inschrijven',
  login: '/app/inloggen',
  /** Step 9's WID check: the care worker's app scans this, then reads the identity document's chip. */
  wid: '/app/wid',
} as const;
export type QrKind = keyof typeof QR_PATH;

export function qrContent(origin: string, kind: QrKind, code: string): string {
  return `${origin}${QR_PATH[kind]}?code=${encodeURIComponent(code)}`;
}

export async function qrDataUrl(content: string): Promise<string> {
  return QRCode.toDataURL(content, { errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}

export type ParsedQr = { ok: true; kind: QrKind; code: string } | { ok: false; message: string };

export function parseQrContent(content: string, origin: string): ParsedQr {
  let url: URL;
  try {
    url = new URL(content.trim());
  } catch {
    return { ok: false, message: 'Deze QR-code is geen ZORG-ID QR-code.' };
  }
  if (url.origin !== origin) {
    return {
      ok: false,
      message: 'Deze QR-code hoort bij een andere ZORG-ID omgeving. Gebruik de app van deze omgeving.',
    };
  }
  const kind = (Object.keys(QR_PATH) as QrKind[]).find((k) => QR_PATH[k] === url.pathname);
  const code = url.searchParams.get('code');
  if (!kind || !code) return { ok: false, message: 'Deze QR-code is geen ZORG-ID QR-code.' };
  return { ok: true, kind, code };
}

/** Reads the QR content from an uploaded PNG; null with a reason when there is none. */
export function decodeQrImage(png: Buffer): { ok: true; content: string } | { ok: false; message: string } {
  try {
    const image = decodePng(png);
    const found = jsQR(image.data, image.width, image.height);
    return found
      ? { ok: true, content: found.data }
      : { ok: false, message: 'Geen QR-code gevonden in de afbeelding.' };
  } catch (error) {
    if (error instanceof PngError) return { ok: false, message: error.message };
    return { ok: false, message: 'De afbeelding kon niet gelezen worden. Plak de QR-inhoud als tekst.' };
  }
}
