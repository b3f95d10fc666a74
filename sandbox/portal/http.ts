import type { IncomingMessage, ServerResponse } from 'node:http';

/** Forms and tokens are small; a QR image upload is the largest thing we accept. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Het verzoek is te groot.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export type FormFields = Record<string, string>;

export function parseUrlEncoded(body: Buffer): FormFields {
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** Just enough multipart/form-data for one form with text fields and a file. */
export function parseMultipart(
  body: Buffer,
  contentType: string,
): { fields: FormFields; files: Record<string, UploadedFile> } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) throw new HttpError(400, 'Ongeldig formulier (geen boundary).');
  const delimiter = Buffer.from(`--${marker}`);
  const fields: FormFields = {};
  const files: Record<string, UploadedFile> = {};
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length + 2; // skip CRLF after the delimiter
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart, next - 2); // drop CRLF before the next delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined && filename !== undefined) {
        const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
        if (content.length > 0) files[name] = { filename, contentType: type, data: Buffer.from(content) };
      } else if (name !== undefined) {
        fields[name] = content.toString('utf8');
      }
    }
    start = next;
  }
  return { fields, files };
}

export function parseCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const index = pair.indexOf('=');
    if (index > 0) out[pair.slice(0, index).trim()] = decodeURIComponent(pair.slice(index + 1).trim());
  }
  return out;
}

export function cookie(
  name: string,
  value: string,
  options: { path?: string; maxAgeSeconds?: number } = {},
): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join('; ');
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, ...headers });
  res.end(body);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string | string[]> = {},
): void {
  send(res, status, 'text/html; charset=utf-8', html, headers);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

export function redirect(
  res: ServerResponse,
  location: string,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(303, { ...SECURITY_HEADERS, Location: location, ...headers });
  res.end();
}
