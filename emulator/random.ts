import { randomBytes } from 'node:crypto';

// node:crypto's randomBytes costs about the same for 32 bytes as for 4 KiB (each call crosses into
// OpenSSL's DRBG once), and a sign-in needs half a dozen small values (session ids, SECRET_BLOCKs, SRP
// exponents, refresh tokens). They are cut from one 4 KiB draw instead; a new draw replaces the pool
// when it runs out, so no slice handed out is ever overwritten.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/** `size` fresh bytes from node:crypto's CSPRNG: a view of a shared draw that is never written again. */
export function randomChunk(size: number): Buffer {
  if (size > POOL_BYTES) return randomBytes(size);
  if (offset + size > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + size);
  offset += size;
  return out;
}
