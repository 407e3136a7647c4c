/**
 * Adapters over the reference implementations the SRP benchmark and cross-check tests compare against:
 * amazon-cognito-identity-js (jsbn), @aws-amplify/auth v6 (its own jsbn copy) and node:crypto (OpenSSL).
 * Each mirrors what the library's own sign-in code does with its primitives (CognitoUser.js,
 * handleDeviceSRPAuth / getNewDeviceMetadata in Amplify).
 */
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// ---------- node:crypto (OpenSSL) ----------

const toBuf = (n: bigint): Buffer => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
};
const fromBuf = (b: Uint8Array): bigint => (b.length ? BigInt(`0x${Buffer.from(b).toString('hex')}`) : 0n);

/**
 * base^exponent mod modulus through OpenSSL: a DH object with generator 2 and `exponent` as private key,
 * whose shared secret with "public key" `base` is base^exponent. (A DH object with `base` as generator
 * would also work, but OpenSSL then runs a primality check costing ~1 s per call.)
 */
export function opensslModPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let b = base % modulus;
  if (b < 0n) b += modulus;
  if (exponent === 0n) return 1n;
  if (b <= 1n) return b;
  // OpenSSL rejects peer keys outside 2..p-2; (p-1)^e is ±1.
  if (b === modulus - 1n) return exponent % 2n === 0n ? 1n : b;
  const dh = createDiffieHellman(toBuf(modulus), Buffer.from([2]));
  dh.setPrivateKey(toBuf(exponent));
  return fromBuf(dh.computeSecret(toBuf(b)));
}

const padHex = (n: bigint): string => {
  let h = n.toString(16);
  if (h.length % 2) h = `0${h}`;
  else if (/^[89a-f]/.test(h)) h = `00${h}`;
  return h;
};
const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const hexBuf = (h: string): Buffer => Buffer.from(h, 'hex');

/** The whole client computation on node:crypto: the floor any JavaScript implementation can hope for. */
export const openssl = {
  createA(N: bigint): { a: bigint; A: bigint } {
    const a = fromBuf(randomBytes(128));
    return { a, A: opensslModPow(2n, a, N) };
  },
  signature(
    group: { N: bigint; k: bigint },
    eph: { a: bigint; A: bigint },
    c: {
      BHex: string;
      saltHex: string;
      secretBlock: string;
      p1: string;
      p2: string;
      secret: string;
      timestamp: string;
    },
  ): string {
    const { N, k } = group;
    const B = BigInt(`0x${c.BHex}`);
    const u = fromBuf(sha(hexBuf(padHex(eph.A)), hexBuf(padHex(B))));
    const inner = sha(Buffer.from(`${c.p1}${c.p2}:${c.secret}`, 'utf8'));
    const x = fromBuf(sha(hexBuf(padHex(BigInt(`0x${c.saltHex}`))), inner));
    const base = (((B - k * opensslModPow(2n, x, N)) % N) + N) % N;
    const S = opensslModPow(base, eph.a + u * x, N);
    const key = Buffer.from(
      hkdfSync('sha256', hexBuf(padHex(S)), hexBuf(padHex(u)), 'Caldera Derived Key', 16),
    );
    return createHmac('sha256', key)
      .update(
        Buffer.concat([
          Buffer.from(c.p1),
          Buffer.from(c.p2),
          Buffer.from(c.secretBlock, 'base64'),
          Buffer.from(c.timestamp),
        ]),
      )
      .digest('base64');
  },
  deviceVerifier(
    N: bigint,
    groupKey: string,
    deviceKey: string,
  ): { devicePassword: string; verifierConfig: { PasswordVerifier: string; Salt: string } } {
    const password = randomBytes(40).toString('base64');
    const saltHex = padHex(fromBuf(randomBytes(16)));
    const x = fromBuf(sha(hexBuf(saltHex), sha(Buffer.from(`${groupKey}${deviceKey}:${password}`))));
    return {
      devicePassword: password,
      verifierConfig: {
        PasswordVerifier: hexBuf(padHex(opensslModPow(2n, x, N))).toString('base64'),
        Salt: hexBuf(saltHex).toString('base64'),
      },
    };
  },
};

// ---------- amazon-cognito-identity-js ----------

export interface JsbnBigInteger {
  toString(radix?: number): string;
  modPow(
    e: JsbnBigInteger,
    m: JsbnBigInteger,
    cb?: (err: unknown, r: JsbnBigInteger) => void,
  ): JsbnBigInteger;
}
type JsbnCtor = new (s: string, radix: number) => JsbnBigInteger;
interface AcijHelper {
  smallAValue: JsbnBigInteger;
  largeAValue?: JsbnBigInteger | null;
  getLargeAValue(cb: (err: unknown, A: JsbnBigInteger) => void): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    B: JsbnBigInteger,
    salt: JsbnBigInteger,
    cb: (err: unknown, key: Uint8Array) => void,
  ): void;
  generateHashDevice(groupKey: string, username: string, cb: (err: unknown) => void): void;
  getRandomPassword(): string;
  getSaltDevices(): string;
  getVerifierDevices(): string;
}
const AcijAuthenticationHelper = (
  require('amazon-cognito-identity-js/lib/AuthenticationHelper') as {
    default: new (pool: string) => AcijHelper;
  }
).default;
const AcijBigInteger = (require('amazon-cognito-identity-js/lib/BigInteger') as { default: JsbnCtor })
  .default;
const { Sha256 } = require('@aws-crypto/sha256-js') as {
  Sha256: new (secret?: Uint8Array) => { update(d: Uint8Array): void; digestSync(): Uint8Array };
};
const { default: AcijDateHelper } = require('amazon-cognito-identity-js/lib/DateHelper') as {
  default: new () => { getNowString(): string };
};

export interface Challenge {
  BHex: string;
  saltHex: string;
  secretBlock: string;
  /** user: pool name; device: DeviceGroupKey (ACIJ's AuthenticationHelper "PoolName"). */
  p1: string;
  /** user: USER_ID_FOR_SRP; device: DeviceKey. */
  p2: string;
  secret: string;
  timestamp?: string;
}

export const acij = {
  nowString: (): string => new AcijDateHelper().getNowString(),
  /** new AuthenticationHelper(p1) computes its own random a and A; `a` replaces them. */
  client(p1: string, a?: bigint): { helper: AcijHelper; AHex: string } {
    let helper: AcijHelper;
    if (a === undefined) helper = new AcijAuthenticationHelper(p1);
    else {
      // The constructor computes A for its own random a; skip that work since `a` replaces it.
      const proto = AcijBigInteger.prototype as JsbnBigInteger;
      const modPow = proto.modPow;
      proto.modPow = function (this: JsbnBigInteger, _e, _m, cb) {
        cb?.(null, this);
        return this;
      };
      try {
        helper = new AcijAuthenticationHelper(p1);
      } finally {
        proto.modPow = modPow;
      }
      helper.smallAValue = new AcijBigInteger(a.toString(16), 16);
      helper.largeAValue = null;
    }
    let AHex = '';
    helper.getLargeAValue((err, A) => {
      if (err) throw err;
      AHex = A.toString(16);
    });
    return { helper, AHex };
  },
  /** PASSWORD_CLAIM_SIGNATURE as CognitoUser computes it (jsbn callbacks run synchronously). */
  signature(helper: AcijHelper, c: Challenge): { signature: string; timestamp: string } {
    const timestamp = c.timestamp ?? acij.nowString();
    let out: { signature: string; timestamp: string } | undefined;
    helper.getPasswordAuthenticationKey(
      c.p2,
      c.secret,
      new AcijBigInteger(c.BHex, 16),
      new AcijBigInteger(c.saltHex, 16),
      (err, hkdf) => {
        if (err) throw err;
        const message = Buffer.concat([
          Buffer.from(c.p1, 'utf8'),
          Buffer.from(c.p2, 'utf8'),
          Buffer.from(c.secretBlock, 'base64'),
          Buffer.from(timestamp, 'utf8'),
        ]);
        const hmac = new Sha256(hkdf);
        hmac.update(message);
        out = { signature: Buffer.from(hmac.digestSync()).toString('base64'), timestamp };
      },
    );
    if (!out) throw new Error('ACIJ did not call back synchronously');
    return out;
  },
  /** generateHashDevice, then the DeviceSecretVerifierConfig as CognitoUser builds it for ConfirmDevice. */
  deviceVerifier(
    helper: AcijHelper,
    groupKey: string,
    deviceKey: string,
  ): { devicePassword: string; verifierConfig: { PasswordVerifier: string; Salt: string } } {
    let done = false;
    helper.generateHashDevice(groupKey, deviceKey, (err) => {
      if (err) throw err;
      done = true;
    });
    if (!done) throw new Error('ACIJ did not call back synchronously');
    return {
      devicePassword: helper.getRandomPassword(),
      verifierConfig: {
        Salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
        PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
      },
    };
  },
  /**
   * Runs `fn` with ACIJ's jsbn modPow replaced by OpenSSL's. Everything else (padHex, u, x, B - k·g^x with
   * a negative intermediate, the exponent a + u·x, HKDF, HMAC) stays ACIJ's own code, so thousands of
   * cross-checks of the encodings fit in seconds; full jsbn runs are checked separately.
   */
  withOpensslModPow<T>(fn: () => T): T {
    const proto = AcijBigInteger.prototype as JsbnBigInteger;
    const original = proto.modPow;
    proto.modPow = function (this: JsbnBigInteger, e, m, cb) {
      const mod = BigInt(`0x${m.toString(16)}`);
      // jsbn prints negatives as '-hex'
      const baseStr = this.toString(16);
      const base = baseStr.startsWith('-') ? -BigInt(`0x${baseStr.slice(1)}`) : BigInt(`0x${baseStr}`);
      const r = new AcijBigInteger(opensslModPow(base, BigInt(`0x${e.toString(16)}`), mod).toString(16), 16);
      cb?.(null, r);
      return r;
    };
    try {
      return fn();
    } finally {
      proto.modPow = original;
    }
  },
};

// ---------- @aws-amplify/auth v6 ----------

interface AmplifyHelper {
  A: JsbnBigInteger;
  getPasswordAuthenticationKey(args: {
    username: string;
    password: string;
    serverBValue: JsbnBigInteger;
    salt: JsbnBigInteger;
  }): Promise<Uint8Array>;
  generateHashDevice(groupKey: string, username: string): Promise<void>;
  getRandomPassword(): string;
  getSaltToHashDevices(): string;
  getVerifierDevices(): string;
}
interface AmplifySrp {
  getAuthenticationHelper(userPoolName: string): Promise<AmplifyHelper>;
  getNowString(): string;
  getSignatureString(args: {
    userPoolName: string;
    username: string;
    challengeParameters: Record<string, string>;
    dateNow: string;
    hkdf: Uint8Array;
  }): string;
}

/** Amplify's SRP is not exported by the package; load its dist files directly. */
export async function loadAmplify() {
  const dir = new URL(
    '../../node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/',
    import.meta.url,
  );
  const srp = (await import(new URL('index.mjs', dir).href)) as AmplifySrp;
  const { default: BigInteger } = (await import(new URL('BigInteger/BigInteger.mjs', dir).href)) as {
    default: JsbnCtor;
  };
  return {
    /** What signIn does up to RespondToAuthChallenge: a, A (getAuthenticationHelper). */
    client: (p1: string): Promise<AmplifyHelper> => srp.getAuthenticationHelper(p1),
    /** handleDeviceSRPAuth / handlePasswordVerifierChallenge after the challenge arrives. */
    async signature(helper: AmplifyHelper, c: Challenge): Promise<{ signature: string; timestamp: string }> {
      const dateNow = c.timestamp ?? srp.getNowString();
      const hkdf = await helper.getPasswordAuthenticationKey({
        username: c.p2,
        password: c.secret,
        serverBValue: new BigInteger(c.BHex, 16),
        salt: new BigInteger(c.saltHex, 16),
      });
      const signature = srp.getSignatureString({
        userPoolName: c.p1,
        username: c.p2,
        challengeParameters: { SECRET_BLOCK: c.secretBlock },
        dateNow,
        hkdf,
      });
      return { signature, timestamp: dateNow };
    },
    /** getNewDeviceMetadata: generateHashDevice, then the config for ConfirmDevice. */
    async deviceVerifier(helper: AmplifyHelper, groupKey: string, deviceKey: string) {
      await helper.generateHashDevice(groupKey, deviceKey);
      return {
        devicePassword: helper.getRandomPassword(),
        verifierConfig: {
          Salt: Buffer.from(helper.getSaltToHashDevices(), 'hex').toString('base64'),
          PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
        },
      };
    },
  };
}
