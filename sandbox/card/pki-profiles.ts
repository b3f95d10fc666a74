// Resolves a profile name (zorgverlener, medewerker, …) to the card set of the sandbox PKI,
// so `card insert --profile NAME` puts that person's keys and certificates on the virtual card.
// Loaded by the card daemon through `--resolver`.
import path from 'node:path';
import { loadOrCreatePki, type SandboxPki } from '../pki/index.js';
import { CARD_PROFILES, type CardProfileName } from '../pki/profiles.js';
import { SANDBOX_STATE_DIR } from '../services/repo-root.js';
import type { CardSet } from './card-set.js';

export const SANDBOX_PKI_DIR = path.join(SANDBOX_STATE_DIR, 'pki');

let pki: Promise<SandboxPki> | undefined;

export function sandboxPki(): Promise<SandboxPki> {
  pki ??= loadOrCreatePki(process.env.ZORGID_SANDBOX_PKI_DIR ?? SANDBOX_PKI_DIR);
  return pki;
}

export function isProfileName(name: string): name is CardProfileName {
  return Object.prototype.hasOwnProperty.call(CARD_PROFILES, name);
}

export async function resolveProfile(profile: string): Promise<CardSet> {
  if (!isProfileName(profile)) {
    throw new Error(
      `onbekend profiel '${profile}' / unknown profile; kies uit / choose from: ${Object.keys(CARD_PROFILES).join(', ')}`,
    );
  }
  const set = (await sandboxPki()).card(profile);
  const key = (files: { certificateDer: Buffer; privateKeyPem: string }) => ({
    certificateDer: files.certificateDer,
    privateKeyPem: files.privateKeyPem,
  });
  return {
    pin: set.pin,
    puk: set.puk,
    chuidGuid: set.chuidGuid,
    authentication: key(set.authentication),
    signature: key(set.signature),
    encryption: key(set.encryption),
  };
}
