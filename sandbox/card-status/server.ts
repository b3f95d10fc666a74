// A minimal server for the card status page, for when the full sandbox portal is not needed.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CARD_STATUS_CSS, CARD_STATUS_SCRIPT, cardStatusPageHtml } from './page.js';

export interface CardStatusServer {
  url: string;
  close(): Promise<void>;
}

export async function startCardStatusServer(options: {
  port: number;
  pageApiDir: string;
  environment?: 'acceptatie' | 'productie';
}): Promise<CardStatusServer> {
  const environment = options.environment ?? 'acceptatie';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/' || url.pathname === '/kaartstatus') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(cardStatusPageHtml(environment));
      return;
    }
    if (url.pathname === '/static/kaartstatus.mjs' || url.pathname === '/static/kaartstatus.css') {
      const css = url.pathname.endsWith('.css');
      response.writeHead(200, {
        'content-type': css ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      });
      response.end(css ? CARD_STATUS_CSS : CARD_STATUS_SCRIPT);
      return;
    }
    const asset = /^\/static\/([a-zA-Z0-9_-]+\.js)$/.exec(url.pathname);
    if (asset?.[1]) {
      readFile(path.join(options.pageApiDir, asset[1])).then(
        (body) => {
          response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
          response.end(body);
        },
        () => {
          response.writeHead(404).end();
        },
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Niet gevonden');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
