// The verifier checks exactly what the host has the card sign: one construction for both.
export { authSignedData } from '../node-shared/signed-data.js';
