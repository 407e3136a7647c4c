import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeModPow, serverEphemeral, verifierMaterial, verifyClaimNode } from '../../emulator/srp-node.ts';
import {
  computePasswordClaim,
  computeVerifier,
  createClientEphemeral,
  modPow,
  N,
  padHex,
  verifyPasswordClaim,
} from '../../src/srp/index.ts';

const big = (bytes: number): bigint => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

describe("node:crypto modexp for the emulator's SRP", () => {
  it('agrees with the BigInt modPow for random bases and 32/128/384-byte exponents, and for g', () => {
    for (let i = 0; i < 24; i++) {
      const base = big(384) % N;
      const exp = big([32, 128, 384][i % 3]!);
      expect(nodeModPow(base, exp, N)).toBe(modPow(base, exp, N));
      expect(nodeModPow(2n, exp, N)).toBe(modPow(2n, exp, N));
    }
  });

  it('handles the inputs OpenSSL refuses (0, 1, N-1, exponent 0, base ≥ N) and other moduli', () => {
    const cases: Array<[bigint, bigint, bigint]> = [
      [0n, 5n, N],
      [1n, 7n, N],
      [N - 1n, 3n, N],
      [5n, 0n, N],
      [N + 5n, 9n, N],
      [7n, 13n, 1000003n],
    ];
    for (const [b, e, m] of cases) expect(nodeModPow(b, e, m)).toBe(modPow(b, e, m));
  });

  it('caches verifier material per verifier', () => {
    const v = big(384) % N;
    const a = verifierMaterial('0a', padHex(v));
    expect(verifierMaterial('0a', padHex(v))).toBe(a);
    expect(a.v).toBe(v);
  });
});

interface Vector {
  case: 'user' | 'device';
  edge: string;
  poolName?: string;
  userIdForSrp?: string;
  deviceGroupKey?: string;
  deviceKey?: string;
  verifierHex: string;
  saltHex: string;
  bHex: string;
  SRP_A: string;
  SRP_B: string;
  SECRET_BLOCK: string;
  TIMESTAMP: string;
  PASSWORD_CLAIM_SIGNATURE: string;
}

describe('verifyClaimNode (the server check on node:crypto)', () => {
  const vectors = (
    JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/srp-known-answers.json'), 'utf8')) as {
      generated: Vector[];
    }
  ).generated;

  it.each(vectors.map((v) => [`${v.case} ${v.edge}`, v] as const))(
    'accepts the known answer: %s',
    (_name, v) => {
      const b = BigInt(`0x${v.bHex}`);
      const B = BigInt(`0x${v.SRP_B}`);
      const input = {
        v: BigInt(`0x${v.verifierHex}`),
        server: { b, B, BHex: v.SRP_B },
        srpA: v.SRP_A,
        salt: v.saltHex,
        secretBlock: v.SECRET_BLOCK,
        namePart1: (v.case === 'user' ? v.poolName : v.deviceGroupKey)!,
        namePart2: (v.case === 'user' ? v.userIdForSrp : v.deviceKey)!,
        timestamp: v.TIMESTAMP,
        signature: v.PASSWORD_CLAIM_SIGNATURE,
      };
      expect(verifyClaimNode(input)).toBe(true);
      expect(verifyClaimNode({ ...input, namePart2: `${input.namePart2}x` })).toBe(false);
      // Another weekday: parsable, not canonical → refused.
      const day = input.timestamp.slice(0, 3);
      const otherDay = `${day === 'Mon' ? 'Tue' : 'Mon'}${input.timestamp.slice(3)}`;
      expect(verifyClaimNode({ ...input, timestamp: otherDay })).toBe(false);
    },
  );

  it('agrees with src/srp verifyPasswordClaim on fresh handshakes, right and wrong secrets', async () => {
    for (let i = 0; i < 6; i++) {
      const salt = big(16);
      const v = await computeVerifier('pool', `user-${i}`, 'secret', salt);
      const material = verifierMaterial(padHex(salt), padHex(v));
      const server = serverEphemeral(material);
      const ephemeral = createClientEphemeral();
      const secretBlock = randomBytes(64).toString('base64');
      const claim = await computePasswordClaim({
        ephemeral,
        srpB: server.BHex,
        salt: padHex(salt),
        secretBlock,
        namePart1: 'pool',
        namePart2: `user-${i}`,
        secret: i % 2 === 0 ? 'secret' : 'wrong',
      });
      const input = {
        v,
        server,
        srpA: ephemeral.AHex,
        salt: padHex(salt),
        secretBlock,
        namePart1: 'pool',
        namePart2: `user-${i}`,
        timestamp: claim.timestamp,
        signature: claim.signature,
      };
      expect(verifyClaimNode(input)).toBe(await verifyPasswordClaim(input));
      expect(verifyClaimNode(input)).toBe(i % 2 === 0);
    }
  });
});
