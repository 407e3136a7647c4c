import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type JsonWebKeyInput,
  type KeyObject,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { promisify } from 'node:util';
import { notAuthorized } from './http/errors.ts';
import { decodeUnverified, type Jwk, JwtError, type JwtPayload, signRs256, verifyRs256 } from './jwt.ts';
import { randomChunk } from './random.ts';
import type { ClientRecord, PoolRecord, RefreshTokenRecord, UserRecord } from './store/records.ts';
import type { Store } from './store/store.ts';

const generateRsaKeyPair = promisify(generateKeyPair);

interface PoolKeys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: Jwk;
}

export const issuerOf = (pool: PoolRecord): string =>
  `https://cognito-idp.${pool.region}.amazonaws.com/${pool.id}`;

export const hashRefreshToken = (token: string): string =>
  createHash('sha256').update(token).digest('base64url');

export interface IssuedTokens {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

export interface AccessTokenClaims extends JwtPayload {
  sub: string;
  username: string;
  client_id: string;
  origin_jti: string;
  token_use: string;
  device_key?: string;
}

/** Claims a pre token generation trigger adds, overrides or suppresses in the ID token. */
export interface IdTokenChanges {
  add?: Record<string, unknown>;
  suppress?: string[];
}

// AWS developer guide, "Pre token generation Lambda trigger": claims a trigger cannot add, override or suppress.
const PROTECTED_CLAIMS = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'cognito:username',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
]);

function applyIdTokenChanges(claims: JwtPayload, changes: IdTokenChanges): void {
  for (const [name, value] of Object.entries(changes.add ?? {})) {
    if (!PROTECTED_CLAIMS.has(name)) claims[name] = value;
  }
  for (const name of changes.suppress ?? []) {
    if (!PROTECTED_CLAIMS.has(name)) delete claims[name];
  }
}

// Attributes that belong in the ID token (everything the user has, minus internal ones).
const ID_TOKEN_SKIP = new Set(['sub']);

/** RS256 tokens with Cognito's claims; one RSA key per pool (persisted with --data), KeyObjects cached. */
export class TokenService {
  private readonly keys = new Map<string, Promise<PoolKeys>>();

  constructor(
    private readonly store: Store,
    private readonly nowMs: () => number,
  ) {}

  /** The pool's signing key; a new pool's RSA key is generated off the main thread on first use. */
  keysFor(poolId: string): Promise<PoolKeys> {
    let keys = this.keys.get(poolId);
    if (!keys) {
      keys = this.loadOrCreate(poolId);
      this.keys.set(poolId, keys);
      keys.catch(() => this.keys.delete(poolId));
    }
    return keys;
  }

  private async loadOrCreate(poolId: string): Promise<PoolKeys> {
    let record = this.store.getSigningKey(poolId);
    if (!record) {
      const { privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
      record = this.store.getSigningKey(poolId) ?? {
        poolId,
        kid: randomBytes(16).toString('base64url'),
        privateJwk: privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
      };
      // The pool may have been deleted meanwhile: then the key is not kept.
      if (this.store.pools.has(poolId)) this.store.putSigningKey(record);
    }
    const privateKey = createPrivateKey({ key: record.privateJwk as JsonWebKeyInput['key'], format: 'jwk' });
    const publicKey = createPublicKey(privateKey);
    const jwk = publicKey.export({ format: 'jwk' });
    return {
      kid: record.kid,
      privateKey,
      publicKey,
      publicJwk: { alg: 'RS256', e: jwk.e!, kid: record.kid, kty: 'RSA', n: jwk.n!, use: 'sig' },
    };
  }

  /** Forgets a deleted pool's cached key. */
  dropPool(poolId: string): void {
    this.keys.delete(poolId);
  }

  async jwks(poolId: string): Promise<{ keys: Jwk[] }> {
    return { keys: [(await this.keysFor(poolId)).publicJwk] };
  }

  private nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /**
   * ID and access tokens, and a new refresh token unless `refresh` is given (refresh flows reuse the
   * sign-in's origin_jti, auth_time and device). With `rotate`, a refresh also gets a new refresh token:
   * a new origin_jti, the same auth_time and device, and the replaced token's expiry (rotation does
   * not extend a session: AWS re:Post "Rotated Refresh Token Validity", accepted answer).
   */
  async issue(input: {
    pool: PoolRecord;
    client: ClientRecord;
    user: UserRecord;
    deviceKey?: string;
    refresh?: RefreshTokenRecord;
    /** PreTokenGeneration's changes to the ID token. */
    idClaims?: IdTokenChanges;
    rotate?: boolean;
  }): Promise<IssuedTokens> {
    const { pool, client, user } = input;
    const keys = await this.keysFor(pool.id);
    const iat = this.nowSeconds();
    const authTime = input.refresh?.authTime ?? iat;
    const rotated = input.refresh && input.rotate ? input.refresh : undefined;
    const originJti = (!rotated && input.refresh?.originJti) || randomUUID();
    const deviceKey = input.refresh ? input.refresh.deviceKey : input.deviceKey;
    const iss = issuerOf(pool);

    const access: AccessTokenClaims = {
      sub: user.sub,
      ...(deviceKey ? { device_key: deviceKey } : {}),
      iss,
      client_id: client.id,
      origin_jti: originJti,
      event_id: randomUUID(),
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: authTime,
      exp: iat + client.accessTokenValiditySeconds,
      iat,
      jti: randomUUID(),
      username: user.username,
      version: 2,
    };
    const idClaims: JwtPayload = {};
    for (const [name, value] of Object.entries(user.attributes)) {
      if (ID_TOKEN_SKIP.has(name)) continue;
      idClaims[name] = name.endsWith('_verified') ? value === 'true' : value;
    }
    const id: JwtPayload = {
      sub: user.sub,
      ...idClaims,
      iss,
      'cognito:username': user.username,
      origin_jti: originJti,
      aud: client.id,
      event_id: access.event_id,
      token_use: 'id',
      auth_time: authTime,
      exp: iat + client.idTokenValiditySeconds,
      iat,
      jti: randomUUID(),
    };
    if (input.idClaims) applyIdTokenChanges(id, input.idClaims);
    const AccessToken = signRs256(keys.kid, access, keys.privateKey);
    const IdToken = signRs256(keys.kid, id, keys.privateKey);
    const result: IssuedTokens = {
      AccessToken,
      ExpiresIn: client.accessTokenValiditySeconds,
      TokenType: 'Bearer',
      IdToken,
    };
    if (!input.refresh || rotated) {
      // Opaque like AWS's encrypted blobs; only its hash is stored.
      const token = `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.${randomChunk(48).toString('base64url')}`;
      this.store.putRefreshToken({
        hash: hashRefreshToken(token),
        originJti,
        poolId: pool.id,
        clientId: client.id,
        username: user.username,
        ...(deviceKey ? { deviceKey } : {}),
        authTime,
        expiresAt: rotated?.expiresAt ?? iat + client.refreshTokenValiditySeconds,
        revoked: false,
      });
      result.RefreshToken = token;
    }
    return result;
  }

  /**
   * Checks an AccessToken as Cognito's user operations do: signature, expiry, token_use, revocation.
   * Returns the pool id and claims; the caller resolves the user.
   */
  async verifyAccessToken(token: string): Promise<{ poolId: string; claims: AccessTokenClaims }> {
    let poolId: string;
    try {
      const unverified = decodeUnverified(token);
      poolId =
        String(unverified.iss ?? '')
          .split('/')
          .pop() ?? '';
    } catch {
      throw notAuthorized('Invalid Access Token');
    }
    const pool = this.store.pools.get(poolId);
    if (!pool) throw notAuthorized('Invalid Access Token');
    let claims: AccessTokenClaims;
    try {
      claims = verifyRs256(token, (await this.keysFor(poolId)).publicKey, {
        issuer: issuerOf(pool),
        nowSeconds: this.nowSeconds(),
      }) as AccessTokenClaims;
    } catch (err) {
      if (err instanceof JwtError && err.reason === 'expired')
        throw notAuthorized('Access Token has expired');
      throw notAuthorized('Invalid Access Token');
    }
    if (claims.token_use !== 'access') throw notAuthorized('Invalid Access Token');
    const origin = this.store.getRefreshTokenByOriginJti(claims.origin_jti);
    if (!origin || origin.revoked) throw notAuthorized('Access Token has been revoked');
    return { poolId, claims };
  }
}
