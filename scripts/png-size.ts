// Width and height of a PNG from its header (signature, then the IHDR chunk), with no image library.
import { readFileSync } from 'node:fs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngSize {
  width: number;
  height: number;
}

export function pngSize(bytes: Buffer): PngSize {
  // 8-byte signature, IHDR length (4), "IHDR" (4), width (4), height (4): https://www.w3.org/TR/png/#11IHDR
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(SIGNATURE))
    throw new Error('not a PNG file (bad signature)');
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG file (no IHDR first)');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export function pngFileSize(path: string): PngSize {
  return pngSize(readFileSync(path));
}
