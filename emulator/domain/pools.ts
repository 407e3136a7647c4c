import type { RequestContext } from '../context.ts';
import { invalidParameter } from '../http/errors.ts';
import { newPoolId } from '../ids.ts';
import {
  type DeviceConfiguration,
  defaultPoolEmulatorOptions,
  type PasswordPolicy,
  type PoolEmulatorOptions,
  type PoolRecord,
} from '../store/records.ts';
import { parseLambdaConfig, type TriggerSource } from '../triggers/config.ts';
import { type Json, optBool, optInt, optObject, optString, optStringArray, reqString } from '../validate.ts';
import { parseSignInPolicy } from './sign-in-policy.ts';

/** How a user pool's settings are read from CreateUserPool / UpdateUserPool requests and the seed. */

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

// Fields we interpret; everything else given to CreateUserPool/UpdateUserPool is stored and echoed.
const INTERPRETED_POOL_FIELDS = new Set([
  'PoolName',
  'UserPoolId',
  'Policies',
  'MfaConfiguration',
  'DeviceConfiguration',
  'UsernameAttributes',
  'AliasAttributes',
  'AutoVerifiedAttributes',
  'UsernameConfiguration',
  'EmulatorOptions',
]);

export function parseMfaConfiguration(input: Json): PoolRecord['mfaConfiguration'] | undefined {
  const v = optString(input, 'MfaConfiguration');
  if (v === undefined) return undefined;
  if (v !== 'OFF' && v !== 'ON' && v !== 'OPTIONAL') {
    throw invalidParameter(
      `1 validation error detected: Value '${v}' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]`,
    );
  }
  return v;
}

function parsePasswordPolicy(input: Json): PasswordPolicy | undefined {
  const policies = optObject(input, 'Policies');
  const pp = policies && optObject(policies, 'PasswordPolicy');
  if (!pp) return undefined;
  return {
    MinimumLength: optInt(pp, 'MinimumLength', 6, 99) ?? DEFAULT_PASSWORD_POLICY.MinimumLength,
    RequireUppercase: optBool(pp, 'RequireUppercase') ?? false,
    RequireLowercase: optBool(pp, 'RequireLowercase') ?? false,
    RequireNumbers: optBool(pp, 'RequireNumbers') ?? false,
    RequireSymbols: optBool(pp, 'RequireSymbols') ?? false,
    TemporaryPasswordValidityDays: optInt(pp, 'TemporaryPasswordValidityDays', 0, 365) ?? 7,
  };
}

function parseDeviceConfiguration(input: Json): DeviceConfiguration | undefined {
  const dc = optObject(input, 'DeviceConfiguration');
  if (!dc) return undefined;
  const out: DeviceConfiguration = {};
  const cr = optBool(dc, 'ChallengeRequiredOnNewDevice');
  const prompt = optBool(dc, 'DeviceOnlyRememberedOnUserPrompt');
  if (cr !== undefined) out.ChallengeRequiredOnNewDevice = cr;
  if (prompt !== undefined) out.DeviceOnlyRememberedOnUserPrompt = prompt;
  return out;
}

function checkAttributeNames(
  values: string[] | undefined,
  allowed: string[],
  member: string,
): string[] | undefined {
  if (!values) return undefined;
  for (const v of values) {
    if (!allowed.includes(v)) {
      throw invalidParameter(
        `1 validation error detected: Value '[${values.join(', ')}]' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      );
    }
  }
  return values;
}

export function parseEmulatorOptions(raw: unknown, base = defaultPoolEmulatorOptions): PoolEmulatorOptions {
  const out = { ...base };
  if (raw && typeof raw === 'object') {
    for (const key of Object.keys(out) as (keyof PoolEmulatorOptions)[]) {
      const v = (raw as Record<string, unknown>)[key];
      if (typeof v === 'boolean') out[key] = v;
    }
  }
  return out;
}

function extraFields(input: Json): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!INTERPRETED_POOL_FIELDS.has(k)) extra[k] = v;
  return extra;
}

/** Builds a pool from CreateUserPool's request (also used by seeding, which may fix the id). */
export function createPoolRecord(
  rc: RequestContext,
  input: Json,
  fixedId?: string,
  region?: string,
  triggerSource: TriggerSource = 'api',
): PoolRecord {
  const name = reqString(input, 'PoolName', { max: 128 });
  const poolRegion = region ?? rc.region ?? 'us-east-1';
  const usernameAttributes = checkAttributeNames(
    optStringArray(input, 'UsernameAttributes'),
    ['email', 'phone_number'],
    'usernameAttributes',
  );
  const aliasAttributes = checkAttributeNames(
    optStringArray(input, 'AliasAttributes'),
    ['email', 'phone_number', 'preferred_username'],
    'aliasAttributes',
  );
  if (usernameAttributes?.length && aliasAttributes?.length) {
    throw invalidParameter(
      'Only one of the parameters UsernameAttributes or AliasAttributes can be set in a User Pool',
    );
  }
  const usernameConfiguration = optObject(input, 'UsernameConfiguration');
  const now = rc.emu.nowSeconds();
  const id = fixedId ?? newPoolId(poolRegion);
  if (rc.emu.store.pools.has(id)) throw invalidParameter(`User pool ${id} already exists.`);
  const pool: PoolRecord = {
    id,
    name,
    region: id.split('_')[0] ?? poolRegion,
    createdAt: now,
    modifiedAt: now,
    mfaConfiguration: parseMfaConfiguration(input) ?? 'OFF',
    passwordPolicy: parsePasswordPolicy(input) ?? { ...DEFAULT_PASSWORD_POLICY },
    usernameAttributes: usernameAttributes ?? [],
    aliasAttributes: aliasAttributes ?? [],
    autoVerifiedAttributes:
      checkAttributeNames(
        optStringArray(input, 'AutoVerifiedAttributes'),
        ['email', 'phone_number'],
        'autoVerifiedAttributes',
      ) ?? [],
    caseSensitive: (usernameConfiguration && optBool(usernameConfiguration, 'CaseSensitive')) ?? false,
    smsMfaEnabled: true,
    softwareTokenMfaEnabled: true,
    emailMfaEnabled: true,
    extra: extraFields(input),
    emulator: parseEmulatorOptions(input.EmulatorOptions),
  };
  const deviceConfiguration = parseDeviceConfiguration(input);
  if (deviceConfiguration) pool.deviceConfiguration = deviceConfiguration;
  const firstFactors = parseSignInPolicy(input);
  if (firstFactors) pool.allowedFirstAuthFactors = firstFactors;
  const triggers = parseLambdaConfig(input, triggerSource);
  if (triggers) pool.triggers = triggers;
  return pool;
}

/** Applies UpdateUserPool's settings; unlike AWS, settings left out keep their value (documented in the README). */
export function updatePoolSettings(pool: PoolRecord, input: Json): void {
  const mfa = parseMfaConfiguration(input);
  if (mfa) pool.mfaConfiguration = mfa;
  const policy = parsePasswordPolicy(input);
  if (policy) pool.passwordPolicy = policy;
  const dc = parseDeviceConfiguration(input);
  if (dc) pool.deviceConfiguration = dc;
  else if (input.DeviceConfiguration === null) delete pool.deviceConfiguration;
  const auto = optStringArray(input, 'AutoVerifiedAttributes');
  if (auto)
    pool.autoVerifiedAttributes = checkAttributeNames(
      auto,
      ['email', 'phone_number'],
      'autoVerifiedAttributes',
    )!;
  if (input.EmulatorOptions !== undefined)
    pool.emulator = parseEmulatorOptions(input.EmulatorOptions, pool.emulator);
  const firstFactors = parseSignInPolicy(input);
  if (firstFactors) pool.allowedFirstAuthFactors = firstFactors;
  const triggers = parseLambdaConfig(input, 'api');
  if (triggers) pool.triggers = triggers;
  Object.assign(pool.extra, extraFields(input));
}
