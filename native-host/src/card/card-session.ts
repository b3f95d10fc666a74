import { X509Certificate } from 'node:crypto';
import { CompanionError } from '../../../shared/errors.js';
import {
  CHALLENGE_MAX_LENGTH,
  CHALLENGE_MIN_LENGTH,
  SIGN_HASH_ALGORITHMS,
  type AuthToken,
  type SignHashAlgorithm,
} from '../../../shared/protocol/token.js';
import { digestInfo } from '../token/pkcs11/digest-info.js';
import type { ReaderInfo } from '../../../shared/protocol/host.js';
import type { PinStatus } from '../token/pkcs11/pin-status.js';
import type { TokenApi } from '../token/pkcs11/worker-client.js';
import type { SignMechanism, TokenCertificate, TokenDescription } from '../token/pkcs11/worker-protocol.js';
import { authSignedData, buildAuthToken } from './auth-token.js';
import { CARD_KEY_ROLES, certificateRoleOf, type CardKeyRole } from '../../../shared/uzi/certificate-role.js';
import { log } from '../util/log.js';
import { OperationQueue } from './operation-queue.js';

export interface CardCertificate {
  role: CardKeyRole;
  der: Uint8Array;
  /** CKA_ID, hex: links the certificate to its private key. */
  keyId: string;
  label: string;
  notBefore: string;
  notAfter: string;
}

export interface CardInfo {
  slotId: string;
  tokenSerial: string;
  tokenLabel: string;
  manufacturer: string;
  readerName: string;
  pin: PinStatus;
  certificates: Record<CardKeyRole, CardCertificate>;
}

/** A string from the caller, or bytes the caller wants wiped with ours. null only on a pinpad reader. */
export type PinInput = string | Uint8Array | null;

export interface AuthenticateInput {
  origin: string;
  challenge: string;
  pin: PinInput;
  confirmLastTry?: boolean;
  slot?: string;
}

export interface SignInput {
  origin: string;
  /** The hash to sign: bytes, or base64 as it comes off the wire. */
  hash: Uint8Array | string;
  hashAlgorithm: SignHashAlgorithm;
  pin: PinInput;
  confirmLastTry?: boolean;
  slot?: string;
}

export interface SignResult {
  /** base64 RSASSA-PKCS1-v1_5 signature. */
  signature: string;
  /** Signature certificate, DER, base64. */
  certificate: string;
  hashAlgorithm: SignHashAlgorithm;
}

/** Debug log lines that show whether the card cache works (tests look for them). */
export const CARD_LOG = Object.freeze({
  fromToken: 'card certificates read from the token',
  fromCache: 'card certificates from the cache',
  fromPcscState: 'readCard answered again: no card left since the last read',
});

/** What the cache needs of PC/SC (the host's PcscMonitor): a count of removals, and the readers. */
export interface CardPresence {
  readonly removalMark: number;
  snapshot(): readonly Pick<ReaderInfo, 'name' | 'cardPresent'>[];
}

export interface CardSessionOptions {
  token: TokenApi;
  now?: () => Date;
  /** PC/SC's view: lets knownCard() answer without a token call, and ends cached cards on a removal. */
  presence?: CardPresence;
}

/**
 * PKCS#11 slots do not carry the PC/SC reader name as such; OpenSC and SafeSign put it at the start
 * of the slot description (padded with blanks).
 */
export function slotServesReader(slotDescription: string, reader: string): boolean {
  return slotDescription.trim().startsWith(reader);
}

/**
 * The UZI-pas as the host commands see it: three certificates told apart by key usage, origin-bound
 * authentication with the authentication key, signing with the non-repudiation key, PIN state.
 * One operation at a time.
 *
 * The one cache of card data in the host: what was read per token serial, stamped with PC/SC's
 * removal mark at the time of the read. A card cannot change without a removal, so an entry is good
 * until PC/SC sees a card or reader leave (or invalidate()); readCard asks knownCard() before any
 * token call, the other operations skip reading the certificates again.
 */
export class CardSession {
  private readonly token: TokenApi;
  private readonly now: () => Date;
  private readonly presence: CardPresence | undefined;
  private readonly queue = new OperationQueue();
  private readonly cache = new Map<string, { card: CardInfo; removalMark: number }>();

  constructor(options: CardSessionOptions) {
    this.token = options.token;
    this.now = options.now ?? (() => new Date());
    this.presence = options.presence;
  }

  /**
   * The card last read in `reader` (undefined: the one card PC/SC sees), with no token call at all,
   * while PC/SC has seen nothing leave since that read. Undefined when it must be read: nothing
   * cached, a removal since, the reader empty, or (no reader named) more than one card present,
   * since which of them the token layer would pick is its call.
   */
  knownCard(reader: string | undefined): CardInfo | undefined {
    if (!this.presence) return undefined;
    const present = this.presence
      .snapshot()
      .filter((candidate) => candidate.cardPresent)
      .map((candidate) => candidate.name);
    const target = reader === undefined ? (present.length === 1 ? present[0] : undefined) : reader;
    if (target === undefined || !present.includes(target)) return undefined;
    const mark = this.presence.removalMark;
    for (const entry of this.cache.values()) {
      if (entry.removalMark === mark && slotServesReader(entry.card.readerName, target)) {
        log.debug(CARD_LOG.fromPcscState, { reader: target });
        return entry.card;
      }
    }
    return undefined;
  }

  tokens(): Promise<TokenDescription[]> {
    return this.queue.run(() => this.token.listTokens());
  }

  readCard(options: { slot?: string } = {}): Promise<CardInfo> {
    return this.queue.run(() => this.findCard(options.slot));
  }

  pinStatus(options: { slot?: string } = {}): Promise<PinStatus> {
    return this.queue.run(async () => {
      const card = await this.findCard(options.slot);
      return this.token.pinStatus(card.slotId);
    });
  }

  authenticate(input: AuthenticateInput): Promise<AuthToken> {
    const pin = pinBytes(input.pin);
    return this.queue
      .run(async () => {
        validateChallenge(input.origin, input.challenge);
        const card = await this.findCard(input.slot);
        const certificate = card.certificates.authentication;
        this.assertValid(certificate);
        const signature = await this.signWith(
          card,
          certificate,
          'SHA256_RSA_PKCS',
          authSignedData(input.origin, input.challenge),
          pin,
          input.confirmLastTry,
        );
        return buildAuthToken({
          origin: input.origin,
          challenge: input.challenge,
          certificate: certificate.der,
          signature,
        });
      })
      .finally(() => wipe(pin, input.pin));
  }

  sign(input: SignInput): Promise<SignResult> {
    const pin = pinBytes(input.pin);
    return this.queue
      .run(async () => {
        if (!SIGN_HASH_ALGORITHMS.includes(input.hashAlgorithm)) {
          throw new CompanionError('BAD_REQUEST', 'Unsupported hash algorithm', {
            hashAlgorithm: input.hashAlgorithm,
          });
        }
        const hash = typeof input.hash === 'string' ? Buffer.from(input.hash, 'base64') : input.hash;
        const data = digestInfo(input.hashAlgorithm, hash);
        const card = await this.findCard(input.slot);
        const certificate = card.certificates.signature;
        // A signature under an expired certificate is worthless to the relying party.
        this.assertValid(certificate);
        const signature = await this.signWith(card, certificate, 'RSA_PKCS', data, pin, input.confirmLastTry);
        return {
          signature: Buffer.from(signature).toString('base64'),
          certificate: Buffer.from(certificate.der).toString('base64'),
          hashAlgorithm: input.hashAlgorithm,
        };
      })
      .finally(() => wipe(pin, input.pin));
  }

  /** Forget cached cards. PC/SC removals end them anyway (with presence); the runtime calls this too. */
  invalidate(): void {
    this.cache.clear();
  }

  /** The card left the reader: forget it and abort a token call that may hang on it. */
  cardRemoved(): void {
    this.invalidate();
    this.token.cardRemoved();
  }

  close(): Promise<void> {
    return this.token.close();
  }

  private async signWith(
    card: CardInfo,
    certificate: CardCertificate,
    mechanism: SignMechanism,
    data: Uint8Array,
    pin: Buffer | null,
    confirmLastTry = false,
  ): Promise<Uint8Array> {
    return this.token.sign(
      {
        slotId: card.slotId,
        tokenSerial: card.tokenSerial,
        keyId: certificate.keyId,
        mechanism,
        data,
        pin,
        confirmLastTry,
      },
      { pinpad: card.pin.pinpad },
    );
  }

  private async findCard(slot: string | undefined): Promise<CardInfo> {
    // Taken before the token calls: a removal while reading makes the next call read again.
    const removalMark = this.presence?.removalMark ?? 0;
    const inSlot = (await this.token.listTokens()).filter(
      (token) => slot === undefined || token.slotId === slot,
    );
    const tokens = inSlot.filter((token) => token.recognized);
    if (tokens.length === 0) {
      const code = inSlot.length > 0 ? 'NOT_A_UZI_CARD' : 'NO_CARD';
      throw new CompanionError(code, undefined, slot === undefined ? undefined : { slot });
    }
    let notUzi: CompanionError | undefined;
    for (const token of tokens) {
      const cached = this.cache.get(token.serialNumber);
      if (cached && cached.card.slotId === token.slotId && cached.removalMark === removalMark) {
        log.debug(CARD_LOG.fromCache, { slotId: token.slotId });
        return { ...cached.card, pin: token.pin };
      }
      try {
        const card = cardInfo(token, await this.token.readCertificates(token.slotId));
        this.cache.set(token.serialNumber, { card, removalMark });
        log.debug(CARD_LOG.fromToken, { slotId: token.slotId });
        return card;
      } catch (error) {
        if (!(error instanceof CompanionError) || error.code !== 'NOT_A_UZI_CARD') throw error;
        notUzi ??= error;
      }
    }
    throw notUzi ?? new CompanionError('NOT_A_UZI_CARD');
  }

  private assertValid(certificate: CardCertificate): void {
    if (this.now().getTime() > Date.parse(certificate.notAfter)) {
      throw new CompanionError('CERTIFICATE_EXPIRED', undefined, {
        role: certificate.role,
        notAfter: certificate.notAfter,
      });
    }
  }
}

function cardInfo(token: TokenDescription, objects: TokenCertificate[]): CardInfo {
  const found: Partial<Record<CardKeyRole, CardCertificate>> = {};
  for (const object of objects) {
    const role = certificateRoleOf(object.der);
    if (role === 'unknown' || found[role]) continue;
    const x509 = new X509Certificate(object.der);
    found[role] = {
      role,
      der: object.der,
      keyId: object.id,
      label: object.label,
      notBefore: new Date(x509.validFrom).toISOString(),
      notAfter: new Date(x509.validTo).toISOString(),
    };
  }
  const missing = CARD_KEY_ROLES.filter((role) => !found[role]);
  if (missing.length > 0) {
    throw new CompanionError('NOT_A_UZI_CARD', undefined, { tokenLabel: token.label, missing });
  }
  return {
    slotId: token.slotId,
    tokenSerial: token.serialNumber,
    tokenLabel: token.label,
    manufacturer: token.manufacturerId,
    readerName: token.slotDescription,
    pin: token.pin,
    certificates: found as Record<CardKeyRole, CardCertificate>,
  };
}

/** The one conversion of a PIN string into bytes; the buffer is wiped after the operation. */
function pinBytes(pin: PinInput): Buffer | null {
  if (pin === null) return null;
  return typeof pin === 'string' ? Buffer.from(pin, 'utf8') : Buffer.from(pin);
}

function wipe(pin: Buffer | null, original: PinInput): void {
  pin?.fill(0);
  if (original instanceof Uint8Array) original.fill(0);
}

function validateChallenge(origin: string, challenge: string): void {
  if (typeof origin !== 'string' || origin.length === 0) {
    throw new CompanionError('BAD_REQUEST', 'An origin is required');
  }
  if (
    typeof challenge !== 'string' ||
    challenge.length < CHALLENGE_MIN_LENGTH ||
    challenge.length > CHALLENGE_MAX_LENGTH
  ) {
    throw new CompanionError('BAD_REQUEST', 'The challenge has the wrong length', {
      min: CHALLENGE_MIN_LENGTH,
      max: CHALLENGE_MAX_LENGTH,
    });
  }
}
