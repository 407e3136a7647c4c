import { SrpError } from './errors.ts';

const HEX_RE = /^[0-9a-fA-F]+$/;

/** Minimal big-endian hex, padded to whole bytes, with a leading 00 when the top bit is set (a positive two's-complement). */
export function padHex(n: bigint): string {
  if (n < 0n) throw new SrpError('padHex: negative value');
  const hex = n.toString(16);
  if (hex.length % 2 === 1) return `0${hex}`; // the added 0 nibble keeps the top bit clear
  return hex.charCodeAt(0) >= 0x38 /* '8' and above, a-f */ ? `00${hex}` : hex;
}

/** Parses hex of any length (odd allowed) and case; throws SrpError on anything else. */
export function hexToBigInt(hex: string): bigint {
  if (typeof hex !== 'string' || !HEX_RE.test(hex)) throw new SrpError('Expected a non-empty hex string');
  return BigInt(`0x${hex}`);
}

const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;
  NIBBLE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Hex to bytes; an odd length gets a leading zero nibble. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const odd = hex.length % 2;
  const out = new Uint8Array((hex.length + odd) / 2);
  for (let i = 0; i < out.length; i++) {
    const hiAt = 2 * i - odd;
    const hi = hiAt < 0 ? 0 : (NIBBLE[hex.charCodeAt(hiAt)] ?? -1);
    const lo = NIBBLE[hex.charCodeAt(hiAt + 1)] ?? -1;
    if (hi < 0 || lo < 0) throw new SrpError('Expected a hex string');
    out[i] = (hi << 4) | lo;
  }
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
