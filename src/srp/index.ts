/** Cognito's SRP variant (client and server side) on WebCrypto and native BigInt. See docs/protocol.md#srp-parameters. */
export { base64ToBytes, bytesToBase64 } from './base64.ts';
export {
  type ClientEphemeral,
  computePasswordClaim,
  createClientEphemeral,
  type PasswordClaimInput,
  userPoolName,
} from './client.ts';
export {
  createDeviceVerifier,
  type DeviceVerifier,
  verifierConfigToSaltAndVerifier,
} from './device-verifier.ts';
export { SrpError } from './errors.ts';
export { prepareFixedBaseTable } from './fixed-base.ts';
export { g, k, N } from './group.ts';
export { hexToBigInt, padHex } from './hex.ts';
export { type ModPow, modPow } from './modpow.ts';
export {
  computeVerifier,
  createServerEphemeral,
  type ModPowOption,
  type ServerEphemeral,
  type VerifyClaimInput,
  verifyPasswordClaim,
} from './server.ts';
export { formatTimestamp, isCanonicalTimestamp, parseTimestamp } from './timestamp.ts';
