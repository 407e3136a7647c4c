import { SrpError } from './errors.ts';

const HEX_RE = /^[0-9a-fA-F]+$/;

/** Minimal big-endian hex, padded to whole bytes, with a leading 00 when the top bit is set (a positive two's-complement). */
export function padHex(n: bigint): string {
  if (n < 0n) throw new SrpError('padHex: negative value');
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  else if (hex.charCodeAt(0) >= 0x38 /* '8' */) hex = `00${hex}`;
  // An odd-length hex starting with 8-f becomes '08'..'0f' above, so the top bit is clear either way.
  return hex;
}

/** Parses hex of any length (odd allowed) and case; throws SrpError on anything else. */
export function hexToBigInt(hex: string): bigint {
  if (typeof hex !== 'string' || !HEX_RE.test(hex)) throw new SrpError('Expected a non-empty hex string');
  return BigInt(`0x${hex}`);
}

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (hex.length > 0 && !HEX_RE.test(hex)) throw new SrpError('Expected a hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex;
}

/** Big-endian unsigned integer; an empty array is 0. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
}

/** bytes(padHex(n)): what Cognito hashes when it says "hash of an integer". */
export function padHexBytes(n: bigint): Uint8Array<ArrayBuffer> {
  return hexToBytes(padHex(n));
}
