// The load generator's own SRP client: OpenSSL modexp (node:crypto), node's synchronous hashes and
// 256-bit ephemeral exponents. A load generator should spend its CPU on load, not on its own proofs:
// the emulator's work per sign-in is identical whatever the client's exponent size (A is always a
// 3072-bit group element), so this measures the emulator, and the bench says which client it used.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { nodeModPow } from '../../emulator/srp-node.ts';
import type { ClientEphemeral, PasswordClaimInput } from '../../src/srp/index.ts';
import { formatTimestamp, g, hexToBigInt, k, N, padHex } from '../../src/srp/index.ts';

const bytesOf = (x: bigint) => Buffer.from(padHex(x), 'hex');
const big = (b: Buffer) => BigInt(`0x${b.toString('hex')}`);
const sha256 = (...parts: Buffer[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export function loadEphemeral(): ClientEphemeral {
  for (;;) {
    const a = big(randomBytes(32));
    const A = nodeModPow(g, a, N);
    if (a !== 0n && A % N !== 0n) return { a, A, AHex: A.toString(16) };
  }
}

export async function loadClaim(
  input: PasswordClaimInput,
): Promise<{ signature: string; timestamp: string }> {
  const { a, A } = input.ephemeral;
  const B = hexToBigInt(input.srpB);
  const u = big(sha256(bytesOf(A), bytesOf(B)));
  const inner = sha256(Buffer.from(`${input.namePart1}${input.namePart2}:${input.secret}`, 'utf8'));
  const x = big(sha256(bytesOf(hexToBigInt(input.salt)), inner));
  const base = (((B - ((k * nodeModPow(g, x, N)) % N)) % N) + N) % N;
  const S = nodeModPow(base, a + u * x, N);
  const prk = createHmac('sha256', bytesOf(u)).update(bytesOf(S)).digest();
  const key = createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
  const timestamp = input.timestamp ?? formatTimestamp(new Date());
  const signature = createHmac('sha256', key)
    .update(Buffer.from(input.namePart1, 'utf8'))
    .update(Buffer.from(input.namePart2, 'utf8'))
    .update(Buffer.from(input.secretBlock, 'base64'))
    .update(Buffer.from(timestamp, 'utf8'))
    .digest('base64');
  return { signature, timestamp };
}
