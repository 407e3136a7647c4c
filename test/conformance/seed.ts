// The conformance seed: one emulator pool per matrix column, each with a public app client `web`, a
// `rotating` one (refresh-token rotation, turned on through UpdateUserPoolClient at start) and one
// user per cell, so cells never share a device or a refresh token.

import { fileURLToPath } from 'node:url';
import {
  type CognitoIdentityProviderClient,
  type ExplicitAuthFlowsType,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SeedFile, SeedPool, SeedUser } from '../../emulator/index.ts';
import { newTotpSecret } from '../support/cognito-fixtures.ts';
import { type Cell, cellUser, type PoolColumn } from './matrix.ts';

export const CELL_PASSWORD = 'Conformance-Passw0rd!';

/** The CUSTOM_AUTH trigger module every conformance pool runs (see triggers/custom-challenge.ts). */
const CUSTOM_TRIGGERS = fileURLToPath(new URL('./triggers/custom-challenge.ts', import.meta.url));

const FLOWS: ExplicitAuthFlowsType[] = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
];

/** App client ids are fixed so pages and the runner agree without asking the emulator. */
export function appClientId(pool: PoolColumn, appClient: 'web' | 'rotating'): string {
  return `${pool.poolId.slice(-6).toLowerCase()}${appClient}`.padEnd(26, '0');
}

/** Fixed secret of the secret pool's clients (the SDK page is given it, as such a site holds it). */
export function appClientSecret(pool: PoolColumn): string | null {
  return pool.secret ? `conformance-secret-${pool.poolId.slice(-2)}-0123456789abcdef0123456789` : null;
}

export interface ConformanceSeed {
  seed: SeedFile;
  /** TOTP secret of each TOTP user, by pool id and username. */
  totpSecret(poolId: string, username: string): string;
}

export function conformanceSeed(pools: readonly PoolColumn[], cells: readonly Cell[]): ConformanceSeed {
  const secrets = new Map<string, string>();
  const seedPools: SeedPool[] = pools.map((pool) => {
    const users: SeedUser[] = cells
      .filter((cell) => cell.pool === pool)
      .map((cell) => {
        const who = cellUser(cell);
        const user: SeedUser = {
          Username: who.username,
          Password: CELL_PASSWORD,
          Attributes: { email: who.email, ...(pool.factor === 'SMS' ? { phone_number: who.phone } : {}) },
        };
        if (pool.factor === 'TOTP') {
          const secret = newTotpSecret();
          secrets.set(`${pool.poolId}/${who.username}`, secret);
          user.TotpSecret = secret;
        } else if (pool.factor === 'SMS') user.SmsMfa = true;
        else user.EmailMfa = true;
        return user;
      });
    const secret = appClientSecret(pool);
    const client = (name: 'web' | 'rotating') => ({
      ClientId: appClientId(pool, name),
      ClientName: name,
      ExplicitAuthFlows: FLOWS,
      ...(secret ? { GenerateSecret: true, ClientSecret: secret } : {}),
    });
    return {
      Id: pool.poolId,
      PoolName: `conformance ${pool.key}`,
      MfaConfiguration: 'ON',
      DeviceConfiguration: {
        ChallengeRequiredOnNewDevice: true,
        DeviceOnlyRememberedOnUserPrompt: pool.remember === 'prompt',
      },
      ...(pool.login === 'email' ? { UsernameAttributes: ['email' as const] } : {}),
      ...(pool.login === 'alias' ? { AliasAttributes: ['email' as const] } : {}),
      // What AWS documents rather than the emulator's guess: a device stands in for SMS and TOTP only.
      EmulatorOptions: { emailOtpSuppressedByDevice: false },
      // USER_AUTH: a password first factor, and a choice (SELECT_CHALLENGE) with EMAIL_OTP beside it.
      SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] },
      LambdaConfig: {
        DefineAuthChallenge: CUSTOM_TRIGGERS,
        CreateAuthChallenge: CUSTOM_TRIGGERS,
        VerifyAuthChallengeResponse: CUSTOM_TRIGGERS,
      },
      Clients: [client('web'), client('rotating')],
      Users: users,
    };
  });
  return {
    seed: { pools: seedPools },
    totpSecret(poolId, username) {
      const secret = secrets.get(`${poolId}/${username}`);
      if (!secret) throw new Error(`no TOTP secret for ${username} in ${poolId}`);
      return secret;
    },
  };
}

/** Turns refresh-token rotation on for every pool's `rotating` client, as an administrator would. */
export async function enableRotation(admin: CognitoIdentityProviderClient, pools: readonly PoolColumn[]) {
  for (const pool of pools) {
    await admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: pool.poolId,
        ClientId: appClientId(pool, 'rotating'),
        ClientName: 'rotating',
        ExplicitAuthFlows: FLOWS,
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
      }),
    );
  }
}
