// A small HTTP client for driving the sandbox portal like a browser would: cookie jar (with paths),
// no automatic redirects, helpers to read CSRF tokens and QR contents out of the HTML.

interface StoredCookie {
  value: string;
  path: string;
}

export class Browser {
  readonly cookies = new Map<string, StoredCookie>();

  constructor(readonly base: string) {}

  cookieHeader(path: string): string {
    return [...this.cookies.entries()]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([name, c]) => `${name}=${encodeURIComponent(c.value)}`)
      .join('; ');
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const index = pair.indexOf('=');
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      this.cookies.set(pair.slice(0, index), { value: decodeURIComponent(pair.slice(index + 1)), path });
    }
  }

  async request(
    path: string,
    init: RequestInit = {},
  ): Promise<{ status: number; text: string; location: string | null; response: Response }> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(new URL(path, this.base).pathname);
    if (cookie) headers.set('Cookie', cookie);
    const response = await fetch(new URL(path, this.base), { ...init, headers, redirect: 'manual' });
    this.store(response);
    return {
      status: response.status,
      text: await response.text(),
      location: response.headers.get('location'),
      response,
    };
  }

  get(path: string) {
    return this.request(path);
  }

  /** A urlencoded form post with the CSRF token of the last page, like a real form. */
  post(path: string, fields: Record<string, string>, csrf: string) {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
  }

  postMultipart(path: string, form: FormData) {
    return this.request(path, { method: 'POST', body: form });
  }

  postJson(path: string, body: unknown, csrf: string) {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body),
    });
  }
}

export function csrfOf(html: string): string {
  const match = /<meta name="csrf-token" content="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no csrf token in page');
  return match[1];
}

export function qrContentOf(html: string): string {
  const match = /<code data-qr-content>([^<]+)<\/code>/.exec(html);
  if (!match?.[1]) throw new Error('no QR content in page');
  return match[1].replace(/&amp;/g, '&');
}

export function qrImageOf(html: string, alt: string): Buffer {
  const match = new RegExp(`<img src="data:image/png;base64,([^"]+)" alt="${alt}"`).exec(html);
  if (!match?.[1]) throw new Error(`no QR image with alt ${alt}`);
  return Buffer.from(match[1], 'base64');
}

export function pollUrlOf(html: string): string {
  const match = /data-poll-url="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no poll url');
  return match[1].replace(/&amp;/g, '&');
}
