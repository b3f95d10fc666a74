export { startPortal, type RunningPortal } from './server.js';
export { DEFAULT_PORTS, type PortalOptions, type PortalEnvironment, type PortalPkiView } from './types.js';
export { decodePng } from './png.js';
export { decodeQrImage, parseQrContent, qrContent } from './qr.js';
