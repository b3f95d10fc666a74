// PKCS#11 numbers we use, named (values from the PKCS#11 2.40 header, the same as pkcs11js exports).
// Kept here so pure code and tests need not load the native addon.

export const TOKEN_FLAGS = Object.freeze({
  loginRequired: 0x0000_0004,
  protectedAuthenticationPath: 0x0000_0100,
  tokenInitialized: 0x0000_0400,
  userPinCountLow: 0x0001_0000,
  userPinFinalTry: 0x0002_0000,
  userPinLocked: 0x0004_0000,
  userPinToBeChanged: 0x0008_0000,
});

export const SESSION_FLAGS = Object.freeze({ serialSession: 0x0000_0004 });

export const USER_TYPES = Object.freeze({ user: 1, contextSpecific: 2 });

export const OBJECT_CLASSES = Object.freeze({ certificate: 1, privateKey: 3 });

export const ATTRIBUTES = Object.freeze({
  class: 0x0000_0000,
  value: 0x0000_0011,
  label: 0x0000_0003,
  id: 0x0000_0102,
  alwaysAuthenticate: 0x0000_0202,
});

export const MECHANISMS = Object.freeze({ rsaPkcs: 0x0000_0001, sha256RsaPkcs: 0x0000_0040 });

export const RETURN_VALUES = Object.freeze({
  userAlreadyLoggedIn: 'CKR_USER_ALREADY_LOGGED_IN',
  userNotLoggedIn: 'CKR_USER_NOT_LOGGED_IN',
  cryptokiAlreadyInitialized: 'CKR_CRYPTOKI_ALREADY_INITIALIZED',
});
