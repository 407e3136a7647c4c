import type { RequestContext } from '../context.ts';
import { createPoolRecord, parseMfaConfiguration, updatePoolSettings } from '../domain/pools.ts';
import { firstAuthFactors } from '../domain/sign-in-policy.ts';
import { invalidParameter } from '../http/errors.ts';
import { paginate } from '../pagination.ts';
import type { PoolRecord } from '../store/records.ts';
import { type Json, optBool, optInt, optObject, optString } from '../validate.ts';
import { poolFrom } from './params.ts';

/** User pool operations; the rules for reading pool settings live in domain/pools.ts. */

export function describePool(rc: RequestContext, pool: PoolRecord): Json {
  return {
    ...pool.extra,
    Id: pool.id,
    Name: pool.name,
    Arn: `arn:aws:cognito-idp:${pool.region}:000000000000:userpool/${pool.id}`,
    CreationDate: pool.createdAt,
    LastModifiedDate: pool.modifiedAt,
    Policies: {
      PasswordPolicy: pool.passwordPolicy,
      SignInPolicy: { AllowedFirstAuthFactors: firstAuthFactors(pool) },
    },
    MfaConfiguration: pool.mfaConfiguration,
    ...(pool.deviceConfiguration ? { DeviceConfiguration: pool.deviceConfiguration } : {}),
    ...(pool.usernameAttributes.length ? { UsernameAttributes: pool.usernameAttributes } : {}),
    ...(pool.aliasAttributes.length ? { AliasAttributes: pool.aliasAttributes } : {}),
    AutoVerifiedAttributes: pool.autoVerifiedAttributes,
    UsernameConfiguration: { CaseSensitive: pool.caseSensitive },
    EstimatedNumberOfUsers: rc.emu.store.countUsers(pool.id),
    LambdaConfig: pool.extra.LambdaConfig ?? {},
    EmulatorOptions: pool.emulator,
  };
}

export function CreateUserPool(rc: RequestContext, input: Json): Json {
  const pool = createPoolRecord(rc, input);
  rc.emu.store.putPool(pool);
  // Start generating the signing key now, off the main thread, so the first sign-in does not wait.
  void rc.emu.tokens.keysFor(pool.id).catch(() => {});
  return { UserPool: describePool(rc, pool) };
}

export function DescribeUserPool(rc: RequestContext, input: Json): Json {
  return { UserPool: describePool(rc, poolFrom(rc, input)) };
}

/** UpdateUserPool: see updatePoolSettings for what is applied. */
export function UpdateUserPool(rc: RequestContext, input: Json): Json {
  const pool = poolFrom(rc, input);
  updatePoolSettings(pool, input);
  rc.emu.savePool(pool);
  return {};
}

export function DeleteUserPool(rc: RequestContext, input: Json): Json {
  const pool = poolFrom(rc, input);
  if (pool.extra.DeletionProtection === 'ACTIVE') {
    throw invalidParameter('The user pool cannot be deleted because deletion protection is activated.');
  }
  rc.emu.store.deletePool(pool.id);
  rc.emu.tokens.dropPool(pool.id);
  return {};
}

export function ListUserPools(rc: RequestContext, input: Json): Json {
  const max = optInt(input, 'MaxResults', 1, 60);
  if (max === undefined) {
    throw invalidParameter(
      "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null",
    );
  }
  const pools = [...rc.emu.store.pools.values()];
  const { page, next } = paginate(pools, (p) => p.id, optString(input, 'NextToken'), max);
  return {
    UserPools: page.map((p) => ({
      Id: p.id,
      Name: p.name,
      CreationDate: p.createdAt,
      LastModifiedDate: p.modifiedAt,
      LambdaConfig: p.extra.LambdaConfig ?? {},
    })),
    ...(next ? { NextToken: next } : {}),
  };
}

function mfaConfigOf(pool: PoolRecord): Json {
  return {
    SmsMfaConfiguration: pool.extra.SmsMfaConfiguration ?? {},
    SoftwareTokenMfaConfiguration: { Enabled: pool.softwareTokenMfaEnabled },
    EmailMfaConfiguration: pool.extra.EmailMfaConfiguration ?? {},
    MfaConfiguration: pool.mfaConfiguration,
  };
}

export function SetUserPoolMfaConfig(rc: RequestContext, input: Json): Json {
  const pool = poolFrom(rc, input);
  const mfa = parseMfaConfiguration(input);
  if (mfa) pool.mfaConfiguration = mfa;
  const totp = optObject(input, 'SoftwareTokenMfaConfiguration');
  if (totp) pool.softwareTokenMfaEnabled = optBool(totp, 'Enabled') ?? false;
  const sms = optObject(input, 'SmsMfaConfiguration');
  if (sms) pool.extra.SmsMfaConfiguration = sms;
  const email = optObject(input, 'EmailMfaConfiguration');
  if (email) pool.extra.EmailMfaConfiguration = email;
  if (
    pool.mfaConfiguration !== 'OFF' &&
    !pool.softwareTokenMfaEnabled &&
    !pool.smsMfaEnabled &&
    !pool.emailMfaEnabled
  ) {
    throw invalidParameter('At least one MFA method must be enabled when MFA is ON or OPTIONAL.');
  }
  rc.emu.savePool(pool);
  return mfaConfigOf(pool);
}

export function GetUserPoolMfaConfig(rc: RequestContext, input: Json): Json {
  return mfaConfigOf(poolFrom(rc, input));
}
