// /pki/…: the sandbox PKI's CRLs, OCSP responder (RFC 6960, POST and GET) and CA certificates,
// at the URLs the sandbox card certificates name.
import type { Ctx } from '../context.js';
import { HttpError, readBody, send } from '../http.js';
import { OCSP_PATH, PKI_CONTENT_TYPES, pkiPathName } from '../../pki/urls.js';

/** An OCSP request for one certificate is ~100 bytes; a few KB is plenty for several with a nonce. */
const MAX_OCSP_REQUEST_BYTES = 16 * 1024;
const NOT_FOUND = 'Dit PKI-bestand bestaat niet in de sandbox. / No such sandbox PKI file.';

function sendDer(ctx: Ctx, type: string, der: Uint8Array): void {
  send(ctx.res, 200, type, Buffer.from(der));
}

export async function handlePki(ctx: Ctx): Promise<void> {
  const service = ctx.app.options.revocationService;
  if (!service) throw new HttpError(404, NOT_FOUND);
  const path = ctx.url.pathname;
  const method = ctx.req.method;
  if (method === 'POST' && path === OCSP_PATH) {
    const body = await readBody(ctx.req);
    if (body.length > MAX_OCSP_REQUEST_BYTES) throw new HttpError(413, 'OCSP-verzoek te groot. / Too large.');
    return sendDer(ctx, PKI_CONTENT_TYPES.ocspResponse, service.ocsp(new Uint8Array(body)));
  }
  if (method === 'GET' && path.startsWith(`${OCSP_PATH}/`)) {
    // RFC 6960 appendix A.1: GET {url}/{url-encoding of base-64 encoding of the DER OCSPRequest}.
    const request = Buffer.from(decodeURIComponent(path.slice(OCSP_PATH.length + 1)), 'base64');
    return sendDer(ctx, PKI_CONTENT_TYPES.ocspResponse, service.ocsp(new Uint8Array(request)));
  }
  if (method === 'GET') {
    const crlName = pkiPathName(path, 'crl');
    const crl = crlName ? await service.crl(crlName) : undefined;
    if (crl) return sendDer(ctx, PKI_CONTENT_TYPES.crl, crl);
    const caName = pkiPathName(path, 'ca');
    const certificate = caName ? service.caCertificate(caName) : undefined;
    if (certificate) return sendDer(ctx, PKI_CONTENT_TYPES.certificate, certificate);
  }
  throw new HttpError(404, NOT_FOUND);
}
