export { loadOrCreatePki, buildCrl, PKI_FORMAT_VERSION, CARD_VALIDITY_MS } from './pki.js';
export type { SandboxPki, CardSet, CertificateFiles, CaFiles, CardIdentitySummary } from './pki.js';
export {
  CARD_PROFILES,
  CARD_PROFILE_NAMES,
  CA_DEFINITIONS,
  ISSUING_CAS,
  ORGANISATIONS,
  DEFAULT_PIN,
  DEFAULT_PUK,
  type CardProfile,
  type CardProfileName,
  type CaName,
  type IssuingCaName,
} from './profiles.js';
export { CARD_CERTIFICATE_ROLES, type CardCertificateRole } from './certificates.js';
export type { RevokedCertificate } from './crl.js';
export {
  createCustomCertificate,
  uziOtherName,
  type CustomCertificate,
  type CustomCertificateOptions,
  type CustomOtherName,
} from './custom-certificate.js';
export {
  answerOcsp,
  ocspStatus,
  type OcspAnswer,
  type OcspCertStatus,
  type OcspResponderKey,
} from './ocsp.js';
export { createRevocationService, type RevocationService } from './revocation-service.js';
export { revocationUrls, crlPath, caCertificatePath, OCSP_PATH, PKI_CONTENT_TYPES } from './urls.js';
