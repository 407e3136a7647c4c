import type { RequestContext } from '../context.ts';
import { CognitoError, invalidParameter } from '../http/errors.ts';
import { newClientId, newClientSecret, newPoolId } from '../ids.ts';
import {
  type ClientRecord,
  type DeviceConfiguration,
  defaultPoolEmulatorOptions,
  type PasswordPolicy,
  type PoolEmulatorOptions,
  type PoolRecord,
  type RefreshTokenRotation,
} from '../store/records.ts';
import { parseLambdaConfig, type TriggerSource } from '../triggers/config.ts';
import { type Json, optBool, optInt, optObject, optString, optStringArray, reqString } from '../validate.ts';
import { firstAuthFactors, parseSignInPolicy } from './auth/sign-in-policy.ts';

const POOL_ID = { max: 55, pattern: /^[\w-]+_[0-9a-zA-Z]+$/ };
const CLIENT_ID = { max: 128, pattern: /^[\w+]+$/ };

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

function parseMfaConfiguration(input: Json): PoolRecord['mfaConfiguration'] | undefined {
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
  return { UserPool: describePool(rc, rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID))) };
}

/** Updates the settings given; unlike AWS, settings left out keep their value (documented in the README). */
export function UpdateUserPool(rc: RequestContext, input: Json): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
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
  pool.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putPool(pool);
  return {};
}

export function DeleteUserPool(rc: RequestContext, input: Json): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  if (pool.extra.DeletionProtection === 'ACTIVE') {
    throw invalidParameter('The user pool cannot be deleted because deletion protection is activated.');
  }
  rc.emu.store.deletePool(pool.id);
  rc.emu.tokens.dropPool(pool.id);
  return {};
}

const pageToken = (offset: number): string => Buffer.from(String(offset)).toString('base64url');
const pageOffset = (token: string | undefined): number => {
  if (!token) return 0;
  const n = Number(Buffer.from(token, 'base64url').toString());
  if (!Number.isInteger(n) || n < 0) throw invalidParameter('Invalid pagination token.');
  return n;
};

export function ListUserPools(rc: RequestContext, input: Json): Json {
  const max = optInt(input, 'MaxResults', 1, 60);
  if (max === undefined) {
    throw invalidParameter(
      "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null",
    );
  }
  const offset = pageOffset(optString(input, 'NextToken'));
  const pools = [...rc.emu.store.pools.values()];
  const page = pools.slice(offset, offset + max);
  return {
    UserPools: page.map((p) => ({
      Id: p.id,
      Name: p.name,
      CreationDate: p.createdAt,
      LastModifiedDate: p.modifiedAt,
      LambdaConfig: p.extra.LambdaConfig ?? {},
    })),
    ...(offset + max < pools.length ? { NextToken: pageToken(offset + max) } : {}),
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
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
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
  pool.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putPool(pool);
  return mfaConfigOf(pool);
}

export function GetUserPoolMfaConfig(rc: RequestContext, input: Json): Json {
  return mfaConfigOf(rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID)));
}

// App clients

const DEFAULT_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];
const KNOWN_FLOWS = [
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
];

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

function validitySeconds(
  input: Json,
  field: string,
  unitField: string,
  fallbackUnit: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = optInt(input, field, 1, 315360000);
  const units = optObject(input, 'TokenValidityUnits');
  const unit = (units && optString(units, unitField)) ?? fallbackUnit;
  const mult = UNIT_SECONDS[unit];
  if (!mult) throw invalidParameter(`Invalid TokenValidityUnits ${unitField}: ${unit}`);
  if (value === undefined) return fallback;
  const seconds = value * mult;
  if (seconds < min || seconds > max) {
    throw invalidParameter(
      `Invalid range for token validity. ${field} must be between ${min} seconds and ${max} seconds.`,
    );
  }
  return seconds;
}

/**
 * RefreshTokenRotation as the API reference's RefreshTokenRotationType describes it: Feature ENABLED |
 * DISABLED (required), RetryGracePeriodSeconds 0-60 (optional; AWS states no default, 0 is taken: no grace).
 */
function refreshTokenRotation(input: Json): RefreshTokenRotation | undefined {
  const rotation = optObject(input, 'RefreshTokenRotation');
  if (!rotation) return undefined;
  const feature = reqString(rotation, 'Feature', { max: 16 });
  if (feature !== 'ENABLED' && feature !== 'DISABLED') {
    throw invalidParameter(
      `1 validation error detected: Value '${feature}' at 'refreshTokenRotation.feature' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`,
    );
  }
  return { feature, retryGracePeriodSeconds: optInt(rotation, 'RetryGracePeriodSeconds', 0, 60) ?? 0 };
}

/** Whether GetTokensFromRefreshToken rotates this client's refresh tokens. */
export const rotatesRefreshTokens = (client: ClientRecord): boolean =>
  client.refreshTokenRotation?.feature === 'ENABLED';

function applyClientSettings(client: ClientRecord, input: Json): void {
  const rotation = refreshTokenRotation(input);
  if (rotation) client.refreshTokenRotation = rotation;
  const flows = optStringArray(input, 'ExplicitAuthFlows');
  if (flows) {
    for (const f of flows)
      if (!KNOWN_FLOWS.includes(f)) throw invalidParameter(`Invalid ExplicitAuthFlows value: ${f}`);
    client.explicitAuthFlows = flows.length ? flows : DEFAULT_FLOWS;
  }
  const sessionValidity = optInt(input, 'AuthSessionValidity', 3, 15);
  if (sessionValidity !== undefined) client.authSessionValidity = sessionValidity;
  client.accessTokenValiditySeconds = validitySeconds(
    input,
    'AccessTokenValidity',
    'AccessToken',
    'hours',
    client.accessTokenValiditySeconds,
    300,
    86400,
  );
  client.idTokenValiditySeconds = validitySeconds(
    input,
    'IdTokenValidity',
    'IdToken',
    'hours',
    client.idTokenValiditySeconds,
    300,
    86400,
  );
  client.refreshTokenValiditySeconds = validitySeconds(
    input,
    'RefreshTokenValidity',
    'RefreshToken',
    'days',
    client.refreshTokenValiditySeconds,
    60,
    315360000,
  );
  const prevent = optString(input, 'PreventUserExistenceErrors');
  if (prevent !== undefined) {
    if (prevent !== 'LEGACY' && prevent !== 'ENABLED')
      throw invalidParameter(`Invalid PreventUserExistenceErrors: ${prevent}`);
    client.preventUserExistenceErrors = prevent;
  }
  const revocation = optBool(input, 'EnableTokenRevocation');
  if (revocation !== undefined) client.enableTokenRevocation = revocation;
  for (const [k, v] of Object.entries(input)) {
    if (
      ![
        'UserPoolId',
        'ClientId',
        'ClientName',
        'GenerateSecret',
        'ClientSecret',
        'ExplicitAuthFlows',
        'RefreshTokenRotation',
      ].includes(k)
    )
      client.extra[k] = v;
  }
}

/** Builds an app client from CreateUserPoolClient's request (seeding may fix the id and secret). */
export function createClientRecord(
  rc: RequestContext,
  input: Json,
  fixed?: { id?: string; secret?: string },
): ClientRecord {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  const now = rc.emu.nowSeconds();
  const id = fixed?.id ?? newClientId();
  if (rc.emu.store.clients.has(id)) throw invalidParameter(`User pool client ${id} already exists.`);
  const client: ClientRecord = {
    id,
    poolId: pool.id,
    name: reqString(input, 'ClientName', { max: 128 }),
    createdAt: now,
    modifiedAt: now,
    explicitAuthFlows: DEFAULT_FLOWS,
    authSessionValidity: 3,
    accessTokenValiditySeconds: 3600,
    idTokenValiditySeconds: 3600,
    refreshTokenValiditySeconds: 30 * 86400,
    preventUserExistenceErrors: 'LEGACY',
    enableTokenRevocation: true,
    extra: {},
  };
  const secret = fixed?.secret ?? (optBool(input, 'GenerateSecret') ? newClientSecret() : undefined);
  if (secret) client.secret = secret;
  applyClientSettings(client, input);
  return client;
}

export function describeClient(client: ClientRecord): Json {
  return {
    ...client.extra,
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.id,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    CreationDate: client.createdAt,
    LastModifiedDate: client.modifiedAt,
    ExplicitAuthFlows: client.explicitAuthFlows,
    AuthSessionValidity: client.authSessionValidity,
    AccessTokenValidity: client.accessTokenValiditySeconds,
    IdTokenValidity: client.idTokenValiditySeconds,
    RefreshTokenValidity: client.refreshTokenValiditySeconds,
    TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds', RefreshToken: 'seconds' },
    PreventUserExistenceErrors: client.preventUserExistenceErrors,
    EnableTokenRevocation: client.enableTokenRevocation,
    ...(client.refreshTokenRotation
      ? {
          RefreshTokenRotation: {
            Feature: client.refreshTokenRotation.feature,
            RetryGracePeriodSeconds: client.refreshTokenRotation.retryGracePeriodSeconds,
          },
        }
      : {}),
  };
}

export function CreateUserPoolClient(rc: RequestContext, input: Json): Json {
  const client = createClientRecord(rc, input);
  rc.emu.store.putClient(client);
  return { UserPoolClient: describeClient(client) };
}

function poolClient(rc: RequestContext, input: Json): ClientRecord {
  const poolId = reqString(input, 'UserPoolId', POOL_ID);
  rc.emu.pool(poolId);
  const client = rc.emu.client(reqString(input, 'ClientId', CLIENT_ID));
  if (client.poolId !== poolId)
    throw new CognitoError('ResourceNotFoundException', `User pool client ${client.id} does not exist.`);
  return client;
}

export function DescribeUserPoolClient(rc: RequestContext, input: Json): Json {
  return { UserPoolClient: describeClient(poolClient(rc, input)) };
}

export function UpdateUserPoolClient(rc: RequestContext, input: Json): Json {
  const client = poolClient(rc, input);
  const name = optString(input, 'ClientName', { max: 128 });
  if (name) client.name = name;
  applyClientSettings(client, input);
  client.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putClient(client);
  return { UserPoolClient: describeClient(client) };
}

export function DeleteUserPoolClient(rc: RequestContext, input: Json): Json {
  rc.emu.store.deleteClient(poolClient(rc, input).id);
  return {};
}

export function ListUserPoolClients(rc: RequestContext, input: Json): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  const max = optInt(input, 'MaxResults', 1, 60) ?? 60;
  const offset = pageOffset(optString(input, 'NextToken'));
  const clients = [...rc.emu.store.clients.values()].filter((c) => c.poolId === pool.id);
  return {
    UserPoolClients: clients
      .slice(offset, offset + max)
      .map((c) => ({ ClientId: c.id, UserPoolId: c.poolId, ClientName: c.name })),
    ...(offset + max < clients.length ? { NextToken: pageToken(offset + max) } : {}),
  };
}

/** Whether an app client allows an auth flow (ALLOW_* names and the legacy ones). */
export function clientAllowsFlow(client: ClientRecord, flow: string): boolean {
  const flows = client.explicitAuthFlows;
  switch (flow) {
    case 'USER_SRP_AUTH':
      return flows.includes('ALLOW_USER_SRP_AUTH') || !flows.some((f) => f.startsWith('ALLOW_'));
    case 'USER_PASSWORD_AUTH':
      return flows.includes('ALLOW_USER_PASSWORD_AUTH') || flows.includes('USER_PASSWORD_AUTH');
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      return flows.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH') || flows.includes('ADMIN_NO_SRP_AUTH');
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      return flows.includes('ALLOW_REFRESH_TOKEN_AUTH') || !flows.some((f) => f.startsWith('ALLOW_'));
    case 'USER_AUTH':
      return flows.includes('ALLOW_USER_AUTH');
    case 'CUSTOM_AUTH':
      return flows.includes('ALLOW_CUSTOM_AUTH') || flows.includes('CUSTOM_AUTH_FLOW_ONLY');
    default:
      return false;
  }
}
