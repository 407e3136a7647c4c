import type { RequestContext } from '../context.ts';
import { invalidParameter } from '../http/errors.ts';
import { newClientId, newClientSecret } from '../ids.ts';
import type { ClientRecord, PoolRecord, RefreshTokenRotation } from '../store/records.ts';
import { type Json, optBool, optInt, optObject, optString, optStringArray, reqString } from '../validate.ts';

/** App client settings: how requests and the seed set them, and what they allow at sign-in. */

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

export function applyClientSettings(client: ClientRecord, input: Json): void {
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
  pool: PoolRecord,
  input: Json,
  fixed?: { id?: string; secret?: string },
): ClientRecord {
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
