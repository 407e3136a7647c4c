/**
 * Reads the claims of a JWT that the extension itself just received from the user pool endpoint
 * it called. No signature check: the token is not trusted for authorization here, only used to
 * learn which pool and user the tokens belong to (the pool verifies it wherever it matters).
 */
export interface CognitoTokenClaims {
  iss?: string;
  sub?: string;
  username?: string;
  'cognito:username'?: string;
  token_use?: string;
  client_id?: string;
  device_key?: string;
  exp?: number;
}

export function readJwtClaims(token: string): CognitoTokenClaims | undefined {
  const payload = token.split('.')[1];
  if (!payload || payload.length > 16_384) return undefined;
  try {
    const b64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as CognitoTokenClaims)
      : undefined;
  } catch {
    return undefined;
  }
}

/** 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC' → 'us-east-1_AbC'. */
export function poolIdFromIssuer(iss: string | undefined): string | undefined {
  const id = iss?.slice(iss.lastIndexOf('/') + 1);
  return id && /^[\w-]+_[0-9a-zA-Z]+$/.test(id) ? id : undefined;
}

/** Pool, canonical username and expiry of an access or ID token. */
export function tokenIdentity(token: string): { poolId: string; username: string; exp?: number } | undefined {
  const claims = readJwtClaims(token);
  const poolId = poolIdFromIssuer(claims?.iss);
  const username = claims?.username ?? claims?.['cognito:username'];
  if (!poolId || typeof username !== 'string' || username === '') return undefined;
  return typeof claims?.exp === 'number' ? { poolId, username, exp: claims.exp } : { poolId, username };
}
