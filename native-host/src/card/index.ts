// The UZI-pas session the host commands call.
export {
  CardSession,
  type CardInfo,
  type CardCertificate,
  type AuthenticateInput,
  type SignInput,
  type SignResult,
  type PinInput,
  type CardSessionOptions,
  type CardPresence,
  slotServesReader,
} from './card-session.js';
export { certificateRoleOf, CARD_KEY_ROLES, type CardKeyRole } from '../../../shared/uzi/certificate-role.js';
export { authSignedData } from './auth-token.js';
