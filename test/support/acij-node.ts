// amazon-cognito-identity-js, unmodified, in Node against the emulator: a user of one of its pools
// whose items live in a MemoryStorage (the browser's localStorage), and its callbacks as a promise.
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import type { MemoryStorage } from './cognito-fixtures.ts';

/** `username` on the emulator at `endpoint`, as a page on one origin (one `storage`) makes it. */
export function acijUser(
  endpoint: string,
  poolId: string,
  clientId: string,
  username: string,
  storage: MemoryStorage,
): CognitoUser {
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint, Storage: storage });
  return new CognitoUser({ Username: username, Pool: pool, Storage: storage });
}

/** authenticateUser where the pool asks for nothing after the password (no MFA, no new password). */
export function signInWithPassword(user: CognitoUser, password: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
}
