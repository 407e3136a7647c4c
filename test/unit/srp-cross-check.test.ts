/**
 * Property test: thousands of random SRP handshakes, each cross-checked against amazon-cognito-identity-js
 * (ACIJ) in both directions:
 *   1. ACIJ's client proof (getPasswordAuthenticationKey + the HMAC CognitoUser computes) verifies on our
 *      server side;
 *   2. our client, given the same a, B and salt, produces the same SRP_A and the same signature.
 * Plus device verifiers: ACIJ's generateHashDevice output works with our server side, ours with ACIJ's client.
 *
 * ACIJ's jsbn modPow takes ~100 ms, so most handshakes run ACIJ with its modPow swapped for OpenSSL's
 * (acij.withOpensslModPow): every encoding step stays ACIJ's own code. A few handshakes run pure jsbn.
 * Encoding edges (odd-length hex, a set top bit, leading zero bytes in A, B, S, u, x and the salt) are
 * searched for by construction, and the test asserts each was exercised.
 *
 * SRP_SEED=<n> replays a run; SRP_HANDSHAKES=<n> changes the count (default 2000).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  clientEphemeralFromSecret,
  deviceVerifierFromSecrets,
  serverEphemeralFromSecret,
} from '../../src/srp/deterministic.ts';
import {
  computePasswordClaim,
  computeVerifier,
  createDeviceVerifier,
  createServerEphemeral,
  formatTimestamp,
  k,
  type ModPow,
  modPow,
  N,
  padHex,
  verifierConfigToSaltAndVerifier,
  verifyPasswordClaim,
} from '../../src/srp/index.ts';
import { acij, type Challenge, opensslModPow } from '../bench/srp-libs.ts';

const seed = process.env.SRP_SEED ?? String(Date.now());
const HANDSHAKES = Number(process.env.SRP_HANDSHAKES ?? 2000);

/** Deterministic bytes from the seed: SHA-256 in counter mode. */
function makeRng(s: string) {
  let counter = 0;
  let pool = Buffer.alloc(0);
  const bytes = (n: number): Buffer => {
    while (pool.length < n) {
      pool = Buffer.concat([pool, createHash('sha256').update(`${s}/${counter++}`).digest()]);
    }
    const out = pool.subarray(0, n);
    pool = pool.subarray(n);
    return Buffer.from(out);
  };
  return {
    bytes,
    int: (n: number): number => bytes(4).readUInt32BE() % n,
    big: (nBytes: number): bigint => BigInt(`0x${bytes(nBytes).toString('hex') || '0'}`),
  };
}
const rng = makeRng(seed);

const sha = (...parts: Buffer[]): bigint =>
  BigInt(`0x${createHash('sha256').update(Buffer.concat(parts)).digest('hex')}`);
const padBuf = (n: bigint): Buffer => Buffer.from(padHex(n), 'hex');
const uOf = (A: bigint, B: bigint): bigint => sha(padBuf(A), padBuf(B));
const xOf = (p1: string, p2: string, secret: string, salt: bigint): bigint =>
  sha(padBuf(salt), createHash('sha256').update(`${p1}${p2}:${secret}`, 'utf8').digest());

/** The encoding properties a value can have, in the terms padHex cares about. */
function edgesOf(name: string, n: bigint, fullBytes: number): string[] {
  const hex = n.toString(16);
  const out: string[] = [];
  if (hex.length % 2 === 1) out.push(`${name}-odd-hex`);
  else if (/^[89a-f]/.test(hex)) out.push(`${name}-high-bit`);
  if (hex.length <= (fullBytes - 1) * 2) out.push(`${name}-leading-zero-byte`);
  return out;
}

/** Searches `tries` candidates for one whose value satisfies `want`; fails loudly if the search does. */
function search<T>(what: string, tries: number, make: () => T, want: (t: T) => boolean): T {
  for (let i = 0; i < tries; i++) {
    const t = make();
    if (want(t)) return t;
  }
  throw new Error(`no ${what} found in ${tries} tries (seed ${seed})`);
}

const randomSecret = (): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_=+ äöü€✓😀';
  const chars = Array.from(alphabet);
  const len = 1 + rng.int(24);
  let s = '';
  for (let i = 0; i < len; i++) s += chars[rng.int(chars.length)];
  return s;
};
const uuid = (): string => {
  const h = rng.bytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const randomTimestamp = (): string => formatTimestamp(new Date(946684800000 + rng.int(2 ** 31) * 1000));

interface Case {
  kind: 'user' | 'device';
  edge: string;
  p1: string;
  p2: string;
  secret: string;
  /** SALT exactly as the server sends it. */
  saltHex: string;
  /** undefined: ACIJ picks its own random a. */
  a: bigint | undefined;
  b: bigint;
  serverModPow: ModPow;
  secretBlock: string;
  timestamp: string;
}

const A_TOP = 1n << 3064n; // below: A has a leading zero byte at 384 bytes
const ODD_TOP = 1n << 3068n; // below (and ≥ A_TOP): odd-length hex

function baseCase(i: number): Case {
  const kind = i % 2 === 0 ? 'user' : 'device';
  const saltInt = rng.big(16);
  return {
    kind,
    edge: 'random',
    p1: kind === 'user' ? `Ab${rng.bytes(4).toString('hex')}` : `-${rng.bytes(5).toString('hex')}`,
    p2: kind === 'user' ? uuid() : `us-east-1_${uuid()}`,
    secret: kind === 'user' ? randomSecret() : rng.bytes(40).toString('base64'),
    saltHex: padHex(saltInt),
    // Exponent length changes no encoding, only cost: most cases use 8-40 random bytes, every 16th full
    // size (128 bytes, as real clients) and one in 16 lets ACIJ draw its own.
    a: rng.big(8 + rng.int(33)),
    b: rng.big(8 + rng.int(33)),
    // The emulator uses node:crypto; the default BigInt modPow gets a share too.
    serverModPow: i % 16 === 13 || i % 16 === 7 ? modPow : opensslModPow,
    secretBlock: rng.bytes(rng.int(1400)).toString('base64'),
    timestamp: randomTimestamp(),
  };
}

/** Shapes case i into one of the encoding edges (by search where the value is derived). */
function makeCase(i: number): Case {
  const c = baseCase(i);
  const salt = (): bigint => BigInt(`0x${c.saltHex}`);
  const v = (): bigint => opensslModPow(2n, xOf(c.p1, c.p2, c.secret, salt()), N);
  const B = (b: bigint): bigint => (k * v() + opensslModPow(2n, b, N)) % N;
  const shortA = () => rng.big(8 + rng.int(24)); // short exponents keep searches cheap; the math is the same
  switch (i % 16) {
    case 0:
      c.edge = 'acij-own-a';
      c.a = undefined;
      c.b = rng.big(128);
      break;
    case 15:
      c.edge = 'full-size';
      c.a = rng.big(128);
      c.b = rng.big(128);
      break;
    case 2:
      c.edge = 'A-odd-hex';
      c.a = search('a', 400, shortA, (a) => {
        const A = opensslModPow(2n, a, N);
        return A < ODD_TOP && A >= A_TOP;
      });
      break;
    case 3:
      if (i % 256 === 3) {
        c.edge = 'A-leading-zero-byte';
        c.a = search('a', 8000, shortA, (a) => opensslModPow(2n, a, N) < A_TOP);
      } else c.a = shortA();
      break;
    case 4: {
      c.edge = 'B-odd-hex';
      const vv = v();
      c.b = search('b', 400, shortA, (b) => {
        const BB = (k * vv + opensslModPow(2n, b, N)) % N;
        return BB < ODD_TOP && BB >= A_TOP;
      });
      break;
    }
    case 5:
      if (i % 256 === 5) {
        c.edge = 'B-leading-zero-byte';
        const vv = v();
        c.b = search('b', 8000, shortA, (b) => (k * vv + opensslModPow(2n, b, N)) % N < A_TOP);
      } else c.b = shortA();
      break;
    case 6: {
      // S = (A·v^u)^b: odd-length hex, or (rarer) a leading zero byte
      const zeroByte = i % 512 === 6;
      c.edge = zeroByte ? 'S-leading-zero-byte' : 'S-odd-hex';
      c.a = shortA();
      const A = opensslModPow(2n, c.a, N);
      const vv = v();
      c.b = search('b', zeroByte ? 8000 : 400, shortA, (b) => {
        const BB = (k * vv + opensslModPow(2n, b, N)) % N;
        const S = opensslModPow((A * opensslModPow(vv, uOf(A, BB), N)) % N, b, N);
        return zeroByte ? S < A_TOP : S < ODD_TOP && S >= A_TOP;
      });
      break;
    }
    case 8: {
      // u = H(A‖B) with a leading zero byte (or odd-length hex)
      const zeroByte = i % 256 === 8;
      c.edge = zeroByte ? 'u-leading-zero-byte' : 'u-odd-hex';
      c.a = shortA();
      const A = opensslModPow(2n, c.a, N);
      c.b = search('b', zeroByte ? 8000 : 400, shortA, (b) => {
        const u = uOf(A, B(b));
        return zeroByte ? u < 1n << 248n : u < 1n << 252n && u >= 1n << 248n;
      });
      break;
    }
    case 9: {
      c.edge = 'x-leading-zero-byte';
      c.secret = search('secret', 8000, randomSecret, (s) => xOf(c.p1, c.p2, s, salt()) < 1n << 248n);
      break;
    }
    case 10: {
      // 16 random salt bytes whose top byte is 0: padHex gives 15 bytes (or 16 with a 00 if the next is ≥ 0x80)
      c.edge = 'salt-leading-zero-byte';
      const bytes = rng.bytes(16);
      bytes[0] = 0;
      c.saltHex = padHex(BigInt(`0x${bytes.toString('hex')}`));
      break;
    }
    case 11: {
      c.edge = 'salt-high-bit';
      const bytes = rng.bytes(16);
      bytes[0]! |= 0x80;
      c.saltHex = padHex(BigInt(`0x${bytes.toString('hex')}`));
      break;
    }
    case 12: {
      // A server may send the salt unpadded, odd-length or in capitals; both clients parse it as an integer.
      c.edge = 'salt-odd-hex-or-uppercase';
      const n = (rng.big(15) >> 4n) | (1n << 115n); // 29 hex digits
      const forms = [n.toString(16), n.toString(16).toUpperCase(), `00${n.toString(16)}`];
      c.saltHex = forms[(i >> 4) % 3]!;
      break;
    }
    default:
      break; // random, with the base case's exponents
  }
  return c;
}

interface Outcome {
  edges: string[];
  failures: string[];
}

async function runHandshake(c: Case): Promise<Outcome> {
  const failures: string[] = [];
  const salt = BigInt(`0x${c.saltHex}`);
  const opts = { modPow: c.serverModPow };
  const v = await computeVerifier(c.p1, c.p2, c.secret, salt, opts);
  const server = serverEphemeralFromSecret(v, c.b, opts);
  const challenge: Challenge = {
    BHex: server.BHex,
    saltHex: c.saltHex,
    secretBlock: c.secretBlock,
    p1: c.p1,
    p2: c.p2,
    secret: c.secret,
    timestamp: c.timestamp,
  };
  const theirs = acij.withOpensslModPow(() => {
    const { helper, AHex } = acij.client(c.p1, c.a);
    return { AHex, a: BigInt(`0x${helper.smallAValue.toString(16)}`), ...acij.signature(helper, challenge) };
  });
  const claimInput = {
    v,
    server,
    srpA: theirs.AHex,
    salt: c.saltHex,
    secretBlock: c.secretBlock,
    namePart1: c.p1,
    namePart2: c.p2,
    timestamp: c.timestamp,
  };
  // Direction 1: ACIJ's proof verifies on our server side.
  if (!(await verifyPasswordClaim({ ...claimInput, signature: theirs.signature }, opts))) {
    failures.push('our server rejected ACIJ proof');
  }
  // Direction 2: our client, same a/B/salt, same SRP_A and signature.
  const ours = clientEphemeralFromSecret(theirs.a);
  if (ours.AHex !== theirs.AHex) failures.push(`SRP_A differs: ours ${ours.AHex} ACIJ ${theirs.AHex}`);
  const claim = await computePasswordClaim({
    ephemeral: ours,
    srpB: server.BHex,
    salt: c.saltHex,
    secretBlock: c.secretBlock,
    namePart1: c.p1,
    namePart2: c.p2,
    secret: c.secret,
    timestamp: c.timestamp,
  });
  if (claim.signature !== theirs.signature)
    failures.push(`signature differs: ${claim.signature} vs ${theirs.signature}`);
  // Record which encoding edges this handshake really exercised.
  const A = ours.A;
  const u = uOf(A, server.B);
  const edges = [
    ...edgesOf('A', A, 384),
    ...edgesOf('B', server.B, 384),
    ...edgesOf('u', u, 32),
    ...edgesOf('x', xOf(c.p1, c.p2, c.secret, salt), 32),
    ...edgesOf('salt', salt, 16),
  ];
  if (c.edge.startsWith('S-')) {
    const S = opensslModPow((A * opensslModPow(v, u, N)) % N, server.b, N);
    edges.push(...edgesOf('S', S, 384));
  }
  return { edges, failures };
}

describe(`SRP cross-check against amazon-cognito-identity-js (seed ${seed})`, () => {
  it(`${HANDSHAKES} handshakes agree in both directions, covering every encoding edge`, async () => {
    const seen = new Map<string, number>();
    const failures: string[] = [];
    let wrongSecretRejected = 0;
    for (let i = 0; i < HANDSHAKES; i++) {
      const c = makeCase(i);
      const outcome = await runHandshake(c);
      for (const e of outcome.edges) seen.set(e, (seen.get(e) ?? 0) + 1);
      for (const f of outcome.failures) failures.push(`#${i} ${c.kind} ${c.edge}: ${f}`);
      if (i % 50 === 0) {
        // A proof made with the wrong secret must not verify.
        const salt = BigInt(`0x${c.saltHex}`);
        const v = await computeVerifier(c.p1, c.p2, c.secret, salt, { modPow: opensslModPow });
        const server = createServerEphemeral(v, { modPow: opensslModPow });
        const wrong = acij.withOpensslModPow(() => {
          const { helper, AHex } = acij.client(c.p1);
          return {
            AHex,
            ...acij.signature(helper, {
              BHex: server.BHex,
              saltHex: c.saltHex,
              secretBlock: c.secretBlock,
              p1: c.p1,
              p2: c.p2,
              secret: `${c.secret}x`,
              timestamp: c.timestamp,
            }),
          };
        });
        const ok = await verifyPasswordClaim(
          {
            v,
            server,
            srpA: wrong.AHex,
            salt: c.saltHex,
            secretBlock: c.secretBlock,
            namePart1: c.p1,
            namePart2: c.p2,
            timestamp: c.timestamp,
            signature: wrong.signature,
          },
          { modPow: opensslModPow },
        );
        if (ok) failures.push(`#${i}: a wrong secret verified`);
        else wrongSecretRejected++;
      }
    }
    expect(failures.slice(0, 5), `seed ${seed}`).toEqual([]);
    expect(wrongSecretRejected).toBeGreaterThan(0);
    const required = [
      'A-odd-hex',
      'A-high-bit',
      'A-leading-zero-byte',
      'B-odd-hex',
      'B-high-bit',
      'B-leading-zero-byte',
      'S-odd-hex',
      'S-leading-zero-byte',
      'u-odd-hex',
      'u-high-bit',
      'u-leading-zero-byte',
      'x-leading-zero-byte',
      'salt-leading-zero-byte',
      'salt-high-bit',
      'salt-odd-hex',
    ];
    if (HANDSHAKES >= 2000) {
      const missing = required.filter((e) => !seen.has(e));
      expect(missing, `edges never exercised (seed ${seed}); seen: ${JSON.stringify([...seen])}`).toEqual([]);
    }
  }, 300_000);

  it('pure jsbn ACIJ (no OpenSSL swap) agrees too, user and device', async () => {
    for (let i = 0; i < 4; i++) {
      const c = baseCase(i);
      const salt = BigInt(`0x${c.saltHex}`);
      const v = await computeVerifier(c.p1, c.p2, c.secret, salt);
      const server = createServerEphemeral(v);
      const { helper, AHex } = acij.client(c.p1);
      const challenge = {
        BHex: server.BHex,
        saltHex: c.saltHex,
        secretBlock: c.secretBlock,
        p1: c.p1,
        p2: c.p2,
        secret: c.secret,
        timestamp: c.timestamp,
      };
      const theirs = acij.signature(helper, challenge);
      const input = {
        v,
        server,
        srpA: AHex,
        salt: c.saltHex,
        secretBlock: c.secretBlock,
        namePart1: c.p1,
        namePart2: c.p2,
        timestamp: c.timestamp,
      };
      expect(await verifyPasswordClaim({ ...input, signature: theirs.signature })).toBe(true);
      const ours = clientEphemeralFromSecret(BigInt(`0x${helper.smallAValue.toString(16)}`));
      expect(ours.AHex).toBe(AHex);
      const claim = await computePasswordClaim({
        ephemeral: ours,
        srpB: server.BHex,
        salt: c.saltHex,
        secretBlock: c.secretBlock,
        namePart1: c.p1,
        namePart2: c.p2,
        secret: c.secret,
        timestamp: c.timestamp,
      });
      expect(claim.signature).toBe(theirs.signature);
    }
    // And a pure-jsbn device verifier works with our server side.
    const made = acij.deviceVerifier(acij.client('-group').helper, '-group', 'us-east-1_dev');
    const stored = verifierConfigToSaltAndVerifier(made.verifierConfig);
    expect(stored.v).toBe(await computeVerifier('-group', 'us-east-1_dev', made.devicePassword, stored.salt));
  }, 120_000);
});

/** Runs `fn` with crypto.getRandomValues handing out the given 32-bit words (ACIJ draws one word at a time). */
function withRandomWords<T>(words: number[], fn: () => T): T {
  const queue = [...words];
  const original = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
  Object.defineProperty(globalThis.crypto, 'getRandomValues', {
    configurable: true,
    value: <A extends ArrayBufferView | null>(array: A): A => {
      if (array instanceof Uint32Array && array.length === 1 && queue.length > 0) {
        array[0] = queue.shift()!;
        return array;
      }
      return original(array as never) as A;
    },
  });
  try {
    return fn();
  } finally {
    delete (globalThis.crypto as unknown as Record<string, unknown>).getRandomValues;
  }
}

/** A device sign-in by ACIJ's client (the way CognitoUser does it) against our server holding `cfg`. */
async function acijDeviceSignInVerifies(
  groupKey: string,
  deviceKey: string,
  devicePassword: string,
  cfg: { PasswordVerifier: string; Salt: string },
  saltAsSent: 'padded' | 'minimal',
): Promise<boolean> {
  const stored = verifierConfigToSaltAndVerifier(cfg);
  const server = createServerEphemeral(stored.v, { modPow: opensslModPow });
  const saltHex =
    saltAsSent === 'padded' ? Buffer.from(cfg.Salt, 'base64').toString('hex') : stored.salt.toString(16);
  const secretBlock = rng.bytes(64).toString('base64');
  const timestamp = randomTimestamp();
  const theirs = acij.withOpensslModPow(() => {
    const { helper, AHex } = acij.client(groupKey);
    return {
      AHex,
      ...acij.signature(helper, {
        BHex: server.BHex,
        saltHex,
        secretBlock,
        p1: groupKey,
        p2: deviceKey,
        secret: devicePassword,
        timestamp,
      }),
    };
  });
  return verifyPasswordClaim(
    {
      v: stored.v,
      server,
      srpA: theirs.AHex,
      salt: saltHex,
      secretBlock,
      namePart1: groupKey,
      namePart2: deviceKey,
      timestamp,
      signature: theirs.signature,
    },
    { modPow: opensslModPow },
  );
}

describe('device verifiers cross-checked against amazon-cognito-identity-js', () => {
  const SALT_SHAPES = [
    { name: '15-byte salt (top byte 0)', first: () => (1 + rng.int(0x7f)) << 16, bytes: 15 },
    { name: '16-byte salt', first: () => ((0x10 + rng.int(0x70)) << 24) >>> 0, bytes: 16 },
    {
      name: '17-byte salt (top bit set, 00 added)',
      first: () => ((0x80 + rng.int(0x80)) << 24) >>> 0,
      bytes: 17,
    },
  ];

  it.each(SALT_SHAPES)('ACIJ generateHashDevice with a $name works on our server side', async (shape) => {
    for (let i = 0; i < 40; i++) {
      const groupKey = `-${rng.bytes(5).toString('hex')}`;
      const deviceKey = `eu-west-1_${uuid()}`;
      const words = [
        ...Array.from({ length: 10 }, () => rng.int(2 ** 32)),
        shape.first(),
        ...[1, 2, 3].map(() => rng.int(2 ** 32)),
      ];
      // The helper is made first: its constructor draws the 128 random bytes of a.
      const helper = acij.withOpensslModPow(() => acij.client(groupKey).helper);
      const made = withRandomWords(words, () =>
        acij.withOpensslModPow(() => acij.deviceVerifier(helper, groupKey, deviceKey)),
      );
      expect(Buffer.from(made.verifierConfig.Salt, 'base64').length).toBe(shape.bytes);
      const stored = verifierConfigToSaltAndVerifier(made.verifierConfig);
      expect(stored.v).toBe(await computeVerifier(groupKey, deviceKey, made.devicePassword, stored.salt));
      // Our own config for the same secrets is byte-identical.
      const ours = await deviceVerifierFromSecrets(groupKey, deviceKey, made.devicePassword, stored.salt);
      expect(ours.verifierConfig).toEqual(made.verifierConfig);
      expect(
        await acijDeviceSignInVerifies(
          groupKey,
          deviceKey,
          made.devicePassword,
          made.verifierConfig,
          i % 2 ? 'padded' : 'minimal',
        ),
      ).toBe(true);
    }
  });

  it('our createDeviceVerifier output signs ACIJ devices in, and ACIJ primitives recompute it', async () => {
    const lengths = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const groupKey = `-${rng.bytes(5).toString('hex')}`;
      const deviceKey = `us-west-2_${uuid()}`;
      // The first three salts are shaped to give 15, 16 and 17 Salt bytes; the rest are random.
      const shaped = rng.bytes(16);
      if (i === 0) [shaped[0], shaped[1]] = [0, 1 + rng.int(0x7f)];
      if (i === 1) shaped[0] = 0x10 + rng.int(0x70);
      if (i === 2) shaped[0]! |= 0x80;
      const made =
        i < 3
          ? await deviceVerifierFromSecrets(
              groupKey,
              deviceKey,
              rng.bytes(40).toString('base64'),
              BigInt(`0x${shaped.toString('hex')}`),
            )
          : await createDeviceVerifier(groupKey, deviceKey);
      const saltBytes = Buffer.from(made.verifierConfig.Salt, 'base64');
      lengths.add(saltBytes.length);
      expect(made.devicePassword).toMatch(/^[A-Za-z0-9+/]{54}==$/);
      const recomputed = acij.withOpensslModPow(() => {
        const { helper } = acij.client(groupKey) as unknown as {
          helper: {
            hash(s: string): string;
            hexHash(h: string): string;
            g: {
              modPow(
                e: unknown,
                m: unknown,
                cb: (err: unknown, r: { toString(r: number): string }) => void,
              ): void;
            };
            N: unknown;
          };
        };
        const hashed = helper.hash(`${groupKey}${deviceKey}:${made.devicePassword}`);
        const x = helper.hexHash(saltBytes.toString('hex') + hashed);
        let v = '';
        helper.g.modPow(new (acijBigInteger())(x, 16), helper.N, (_e, r) => {
          v = r.toString(16);
        });
        return v;
      });
      expect(verifierConfigToSaltAndVerifier(made.verifierConfig).v.toString(16)).toBe(recomputed);
      expect(
        await acijDeviceSignInVerifies(
          groupKey,
          deviceKey,
          made.devicePassword,
          made.verifierConfig,
          'padded',
        ),
      ).toBe(true);
    }
    expect([...lengths].sort()).toEqual(expect.arrayContaining([15, 16, 17]));
  });
});

function acijBigInteger(): new (s: string, radix: number) => unknown {
  const require = createRequire(import.meta.url);
  return (
    require('amazon-cognito-identity-js/lib/BigInteger') as {
      default: new (s: string, radix: number) => unknown;
    }
  ).default;
}
