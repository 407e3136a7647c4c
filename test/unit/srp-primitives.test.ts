import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clientEphemeralFromSecret,
  fixedBaseTableState,
  powG,
  prepareFixedBaseTable,
  resetFixedBaseTables,
  serverEphemeralFromSecret,
  TABLE_BUILD_DELAY_MS,
} from '../../src/srp/deterministic.ts';
import {
  base64ToBytes,
  bytesToBase64,
  computePasswordClaim,
  createClientEphemeral,
  createDeviceVerifier,
  createServerEphemeral,
  formatTimestamp,
  g,
  hexToBigInt,
  isCanonicalTimestamp,
  modPow,
  N,
  padHex,
  parseTimestamp,
  SrpError,
  userPoolName,
  verifierConfigToSaltAndVerifier,
  verifyPasswordClaim,
} from '../../src/srp/index.ts';
import { opensslModPow } from '../bench/srp-libs.ts';

/** Textbook right-to-left square-and-multiply: the independent oracle for odd and even moduli alike. */
function referenceModPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const bigNat = (maxBits: number) =>
  fc
    .uint8Array({ minLength: 0, maxLength: Math.ceil(maxBits / 8) })
    .map((b) => (b.length ? BigInt(`0x${Buffer.from(b).toString('hex')}`) : 0n));

describe('padHex', () => {
  it('pads to whole bytes and adds 00 when the top bit is set, like the official clients', () => {
    expect(padHex(0n)).toBe('00');
    expect(padHex(1n)).toBe('01');
    expect(padHex(0x7fn)).toBe('7f');
    expect(padHex(0x80n)).toBe('0080');
    expect(padHex(0xabcn)).toBe('0abc');
    expect(padHex(0x8abcn)).toBe('008abc');
    expect(padHex(N).slice(0, 4)).toBe('00ff');
    expect(() => padHex(-1n)).toThrow(SrpError);
  });

  it('is the minimal positive two’s-complement encoding (property)', () => {
    fc.assert(
      fc.property(bigNat(3100), (n) => {
        const hex = padHex(n);
        expect(hex.length % 2).toBe(0);
        expect(BigInt(`0x${hex}`)).toBe(n);
        expect(Number.parseInt(hex.slice(0, 1), 16)).toBeLessThan(8);
        // Minimal: dropping the first byte either changes the value or sets the sign bit.
        if (hex.length > 2 && hex.startsWith('00'))
          expect(Number.parseInt(hex[2]!, 16)).toBeGreaterThanOrEqual(8);
      }),
    );
  });
});

describe('hexToBigInt', () => {
  it('accepts odd length and either case', () => {
    expect(hexToBigInt('abc')).toBe(0xabcn);
    expect(hexToBigInt('ABC')).toBe(0xabcn);
    expect(hexToBigInt('000f')).toBe(15n);
  });
  it.each(['', '0x12', 'xyz', '12 34', '-1', ' 1'])('throws SrpError on %j', (s) => {
    expect(() => hexToBigInt(s)).toThrow(SrpError);
  });
});

describe('base64', () => {
  it('round-trips any bytes and matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const s = bytesToBase64(bytes);
        expect(s).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64ToBytes(s)).toEqual(bytes);
      }),
    );
  });
  it('accepts URL-safe and unpadded input', () => {
    expect(base64ToBytes('-_8')).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(base64ToBytes('AOuW')).toEqual(new Uint8Array([0x00, 0xeb, 0x96]));
  });
  it.each(['A', 'AB=C', 'AB===', 'A$==', 'ä'])('throws SrpError on %j', (s) => {
    expect(() => base64ToBytes(s)).toThrow(SrpError);
  });
});

describe('timestamps', () => {
  it('formats with an unpadded day, padded time, English names, UTC', () => {
    expect(formatTimestamp(new Date(Date.UTC(2023, 8, 5, 9, 7, 3)))).toBe('Tue Sep 5 09:07:03 UTC 2023');
    expect(formatTimestamp(new Date(Date.UTC(2000, 1, 1, 3, 4, 5)))).toBe('Tue Feb 1 03:04:05 UTC 2000');
    expect(formatTimestamp(new Date(Date.UTC(2024, 1, 29, 23, 59, 59)))).toBe('Thu Feb 29 23:59:59 UTC 2024');
    expect(formatTimestamp(new Date(Date.UTC(2026, 10, 27, 0, 0, 0)))).toBe('Fri Nov 27 00:00:00 UTC 2026');
  });

  it('names every weekday and month right (checked against the official clients’ DateHelper)', () => {
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    for (let d = 0; d < 7; d++) {
      const date = new Date(Date.UTC(2023, 0, 1 + d, 12)); // 1 Jan 2023 was a Sunday
      expect(formatTimestamp(date).slice(0, 3)).toBe(days[d]);
    }
    for (let m = 0; m < 12; m++) {
      const text = new Date(Date.UTC(2023, m, 15)).toLocaleString('en-US', {
        month: 'short',
        timeZone: 'UTC',
      });
      expect(formatTimestamp(new Date(Date.UTC(2023, m, 15))).slice(4, 7)).toBe(text);
    }
  });

  it('parses back to the same second, and canonical strings round-trip (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444799 }), (secs) => {
        const date = new Date(secs * 1000);
        const s = formatTimestamp(date);
        expect(parseTimestamp(s)?.getTime()).toBe(secs * 1000);
        expect(isCanonicalTimestamp(s)).toBe(true);
      }),
    );
  });

  it('parses a zero-padded day, a wrong weekday or GMT (Java would) but calls them non-canonical', () => {
    for (const s of [
      'Tue Sep 05 09:07:03 UTC 2023',
      'Mon Sep 5 09:07:03 UTC 2023',
      'Tue Sep 5 09:07:03 GMT 2023',
      'tue sep 5 09:07:03 UTC 2023',
      'Tue Sep 5 9:07:03 UTC 2023',
    ]) {
      expect(parseTimestamp(s), s).toBeInstanceOf(Date);
      expect(isCanonicalTimestamp(s), s).toBe(false);
    }
    expect(parseTimestamp('Tue Sep 05 09:07:03 UTC 2023')?.toISOString()).toBe('2023-09-05T09:07:03.000Z');
  });

  it.each([
    '',
    '2023-09-05T09:07:03Z',
    'Tue Sep 5 09:07:03 2023',
    'Tue Sep  5 09:07:03 UTC 2023',
    'Tue Sept 5 09:07:03 UTC 2023',
    'Tue Sep 5 24:00:00 UTC 2023',
    'Tue Sep 5 09:60:03 UTC 2023',
    'Fri Feb 30 09:07:03 UTC 2024',
    'Tue Sep 5 09:07:03 PST 2023',
    'Tue Sep 5 09:07:03 UTC 23',
    'Tue Sep 5 09:07:03 UTC 2023 ',
    'Tue Sep 0 09:07:03 UTC 2023',
    'Tue Sep 123 09:07:03 UTC 2023',
  ])('rejects %j as unparsable', (s) => {
    expect(parseTimestamp(s)).toBeUndefined();
    expect(isCanonicalTimestamp(s)).toBe(false);
  });
});

describe('modPow', () => {
  it('matches square-and-multiply on random odd and even moduli (property)', () => {
    fc.assert(
      fc.property(bigNat(700), bigNat(300), bigNat(700), (base, exponent, m) => {
        const modulus = m + 1n;
        expect(modPow(base, exponent, modulus)).toBe(referenceModPow(base, exponent, modulus));
      }),
      { numRuns: 300 },
    );
  });

  it('matches OpenSSL modulo N for 3072-bit bases and exponents of every size', () => {
    fc.assert(
      fc.property(bigNat(3072), bigNat(1100), (base, exponent) => {
        expect(modPow(base, exponent, N)).toBe(opensslModPow(base, exponent, N));
      }),
      { numRuns: 60 },
    );
  });

  it('handles the edges: exponent 0, base 0/1/N-1/≥N/negative, modulus 1', () => {
    expect(modPow(5n, 0n, 7n)).toBe(1n);
    expect(modPow(0n, 0n, 7n)).toBe(1n);
    expect(modPow(0n, 5n, 7n)).toBe(0n);
    expect(modPow(1n, 99n, 7n)).toBe(1n);
    expect(modPow(N - 1n, 3n, N)).toBe(N - 1n);
    expect(modPow(N + 2n, 10n, N)).toBe(1024n);
    expect(modPow(-2n, 3n, 7n)).toBe(6n);
    expect(modPow(5n, 3n, 1n)).toBe(0n);
    expect(() => modPow(2n, -1n, 7n)).toThrow(SrpError);
    expect(() => modPow(2n, 1n, 0n)).toThrow(SrpError);
  });

  it('powG (fixed-base combs for g = 2) agrees with OpenSSL for short, long and over-long exponents', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          bigNat(256),
          bigNat(1024),
          bigNat(1300),
          fc.constantFrom(1n, 2n, (1n << 256n) - 1n, 1n << 256n, (1n << 1024n) - 1n, 1n << 1024n),
        ),
        (e) => {
          expect(powG(e)).toBe(opensslModPow(g, e, N));
          expect(modPow(g, e, N)).toBe(powG(e));
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('fixed-base tables', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a fresh worker computes without tables, builds them once the sign-in is over, same results', () => {
    vi.useFakeTimers();
    resetFixedBaseTables();
    const rand = (bytes: number) =>
      BigInt(`0x${Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex')}`);
    expect(fixedBaseTableState()).toEqual({ short: false, long: false });
    const short = [rand(32), rand(32), rand(32)];
    const long = [rand(128), rand(128), rand(128)];
    // A whole sign-in's worth of exponents, and more: none of them waits for a table.
    for (const e of [...short, ...long]) expect(powG(e)).toBe(opensslModPow(2n, e, N));
    expect(fixedBaseTableState()).toEqual({ short: false, long: false });
    vi.advanceTimersByTime(TABLE_BUILD_DELAY_MS - 1);
    expect(fixedBaseTableState()).toEqual({ short: false, long: false });
    vi.advanceTimersByTime(1);
    expect(fixedBaseTableState()).toEqual({ short: true, long: true });
    for (const e of [...short, ...long]) expect(powG(e)).toBe(opensslModPow(2n, e, N));
    resetFixedBaseTables();
    prepareFixedBaseTable();
    expect(fixedBaseTableState()).toEqual({ short: true, long: true });
    for (const e of [...short, ...long]) expect(powG(e)).toBe(opensslModPow(2n, e, N));
  });
});

describe('protocol guards', () => {
  it('userPoolName takes the part after the underscore', () => {
    expect(userPoolName('us-east-1_AbC')).toBe('AbC');
    expect(() => userPoolName('nounderscore')).toThrow(SrpError);
  });

  it('the client refuses B ≡ 0 (mod N) and bad hex/base64', async () => {
    const ephemeral = createClientEphemeral();
    const input = {
      ephemeral,
      srpB: N.toString(16),
      salt: 'ab',
      secretBlock: 'AAAA',
      namePart1: 'p',
      namePart2: 'u',
      secret: 's',
    };
    await expect(computePasswordClaim(input)).rejects.toThrow(SrpError);
    await expect(computePasswordClaim({ ...input, srpB: '0' })).rejects.toThrow(SrpError);
    await expect(computePasswordClaim({ ...input, srpB: (2n * N).toString(16) })).rejects.toThrow(SrpError);
    await expect(computePasswordClaim({ ...input, srpB: 'zz' })).rejects.toThrow(SrpError);
    await expect(computePasswordClaim({ ...input, srpB: '05', salt: '' })).rejects.toThrow(SrpError);
    await expect(computePasswordClaim({ ...input, srpB: '05', secretBlock: 'A' })).rejects.toThrow(SrpError);
  });

  it('the server refuses A ≡ 0 (mod N); rejects non-canonical timestamps and malformed signatures', async () => {
    const v = 12345n;
    const server = createServerEphemeral(v);
    const base = {
      v,
      server,
      salt: 'ab',
      secretBlock: 'AAAA',
      namePart1: 'p',
      namePart2: 'u',
      timestamp: 'Tue Sep 5 09:07:03 UTC 2023',
      signature: 'AAAA',
    };
    await expect(verifyPasswordClaim({ ...base, srpA: N.toString(16) })).rejects.toThrow(SrpError);
    await expect(verifyPasswordClaim({ ...base, srpA: '0' })).rejects.toThrow(SrpError);
    await expect(verifyPasswordClaim({ ...base, srpA: 'nothex' })).rejects.toThrow(SrpError);
    await expect(verifyPasswordClaim({ ...base, srpA: '02', signature: '***' })).resolves.toBe(false);
  });

  it('a claim verifies only with its own timestamp, canonical form, names and secret block', async () => {
    const salt = 0x1234n;
    const { computeVerifier } = await import('../../src/srp/index.ts');
    const v = await computeVerifier('Pool', 'user-1', 'pw', salt);
    const server = serverEphemeralFromSecret(v, 987654321n);
    const ephemeral = clientEphemeralFromSecret(123456789n);
    const secretBlock = Buffer.from('secret block').toString('base64');
    const claim = await computePasswordClaim({
      ephemeral,
      srpB: server.BHex,
      salt: '1234',
      secretBlock,
      namePart1: 'Pool',
      namePart2: 'user-1',
      secret: 'pw',
      timestamp: 'Tue Sep 5 09:07:03 UTC 2023',
    });
    const input = {
      v,
      server,
      srpA: ephemeral.AHex,
      salt: '1234',
      secretBlock,
      namePart1: 'Pool',
      namePart2: 'user-1',
      timestamp: claim.timestamp,
      signature: claim.signature,
    };
    expect(await verifyPasswordClaim(input)).toBe(true);
    expect(await verifyPasswordClaim(input, { modPow: opensslModPow })).toBe(true);
    expect(await verifyPasswordClaim({ ...input, namePart2: 'user-2' })).toBe(false);
    expect(
      await verifyPasswordClaim({ ...input, secretBlock: Buffer.from('secret blocK').toString('base64') }),
    ).toBe(false);
    expect(await verifyPasswordClaim({ ...input, timestamp: 'Tue Sep 5 09:07:04 UTC 2023' })).toBe(false);
    // Signing the zero-padded form does not help: Cognito re-formats what it parsed.
    const padded = await computePasswordClaim({
      ephemeral,
      srpB: server.BHex,
      salt: '1234',
      secretBlock,
      namePart1: 'Pool',
      namePart2: 'user-1',
      secret: 'pw',
      timestamp: 'Tue Sep 05 09:07:03 UTC 2023',
    });
    expect(await verifyPasswordClaim({ ...input, ...padded })).toBe(false);
    // The default timestamp is now, canonical.
    const now = await computePasswordClaim({
      ephemeral,
      srpB: server.BHex,
      salt: '1234',
      secretBlock,
      namePart1: 'Pool',
      namePart2: 'user-1',
      secret: 'pw',
    });
    expect(isCanonicalTimestamp(now.timestamp)).toBe(true);
    expect(Math.abs(parseTimestamp(now.timestamp)!.getTime() - Date.now())).toBeLessThan(5000);
    expect(await verifyPasswordClaim({ ...input, ...now })).toBe(true);
  });

  it('fresh ephemerals use 128-byte secrets and differ each time', () => {
    const a = createClientEphemeral();
    const b = createClientEphemeral();
    expect(a.a).not.toBe(b.a);
    expect(a.a < 1n << 1024n).toBe(true);
    expect(a.AHex).toBe(opensslModPow(2n, a.a, N).toString(16));
    const s = createServerEphemeral(7n, { modPow: opensslModPow });
    expect(s.b < 1n << 1024n).toBe(true);
  });

  it('createDeviceVerifier: 40-byte base64 password, 16-byte salt, v = g^x', async () => {
    const made = await createDeviceVerifier('-grp', 'us-east-1_dev');
    expect(base64ToBytes(made.devicePassword)).toHaveLength(40);
    const { salt, v } = verifierConfigToSaltAndVerifier(made.verifierConfig);
    expect(salt < 1n << 128n).toBe(true);
    const x = BigInt(
      `0x${createHash('sha256')
        .update(
          Buffer.concat([
            Buffer.from(padHex(salt), 'hex'),
            createHash('sha256').update(`-grpus-east-1_dev:${made.devicePassword}`).digest(),
          ]),
        )
        .digest('hex')}`,
    );
    expect(v).toBe(opensslModPow(2n, x, N));
    expect(() => verifierConfigToSaltAndVerifier({ PasswordVerifier: '', Salt: 'AA==' })).toThrow(SrpError);
    expect(() => verifierConfigToSaltAndVerifier({ PasswordVerifier: 'A', Salt: 'AA==' })).toThrow(SrpError);
  });
});
