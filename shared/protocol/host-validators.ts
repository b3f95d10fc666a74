// Field rules shared by the host and the extension, so both refuse the same things.
import { CHALLENGE_MAX_LENGTH, CHALLENGE_MIN_LENGTH } from './token.js';

export { arrayOf, boolean, integer, object, oneOf, string, type Validator } from '../validate.js';

/** scheme://host[:port], no path: what `new URL(x).origin` gives for http(s). */
export const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/;
export const CHALLENGE_LIMITS = {
  min: CHALLENGE_MIN_LENGTH,
  max: CHALLENGE_MAX_LENGTH,
  pattern: /^[\x21-\x7e]+$/,
} as const;
/** A hash to sign, base64: 40..100 characters covers SHA-256 to SHA-512 (the length is checked per algorithm later). */
export const SIGN_HASH_LIMITS = { min: 40, max: 100, pattern: /^[A-Za-z0-9+/]+={0,2}$/ } as const;
