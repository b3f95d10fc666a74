// The PKCS#11 token layer: module resolution, and a child-process worker that runs pkcs11js calls.
export { resolvePkcs11Module, SAFESIGN_MODULE_PATHS, PKCS11_MODULE_ENV_VAR } from './module-paths.js';
export type { ResolvePkcs11ModuleInput, ResolvedPkcs11Module, Pkcs11ModuleSource } from './module-paths.js';
export { resolveSystemPkcs11Module, readConfigFile, defaultConfigFilePath } from './system-module.js';
export { TokenWorkerClient, type TokenApi, type TokenWorkerClientOptions } from './worker-client.js';
export { TOKEN_DEADLINES, type TokenDeadlines } from './deadlines.js';
export { PKCS11_ERROR_CODES, mapPkcs11Error } from './error-map.js';
export { pinStatusFromTokenFlags, assertPinUsable, UZI_PIN_MAX_TRIES, type PinStatus } from './pin-status.js';
export type { TokenDescription, TokenCertificate, SignRequest, SignMechanism } from './worker-protocol.js';
