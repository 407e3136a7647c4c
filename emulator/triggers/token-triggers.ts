import type { RequestContext } from '../context.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/records.ts';
import type { IdTokenChanges } from '../tokens.ts';
import { baseEvent, runTrigger, triggerAttributes } from './invoke.ts';

export type TokenGenerationSource =
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_AuthenticateDevice'
  | 'TokenGeneration_RefreshTokens';

const asStringArray = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/**
 * Runs PreTokenGeneration (version 1 event, AWS developer guide "Pre token generation Lambda trigger")
 * and returns its ID token changes: `claimsOverrideDetails.claimsToAddOrOverride` and `claimsToSuppress`.
 */
export async function preTokenGeneration(
  rc: RequestContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  triggerSource: TokenGenerationSource,
  clientMetadata: Record<string, string> | undefined,
): Promise<IdTokenChanges | undefined> {
  if (!pool.triggers?.PreTokenGeneration) return undefined;
  const event = baseEvent(pool, client.id, user.username, triggerSource, {
    userAttributes: triggerAttributes(user),
    groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
    ...(clientMetadata ? { clientMetadata } : {}),
  });
  const out = await runTrigger(rc, pool, 'PreTokenGeneration', event);
  const details = out?.response.claimsOverrideDetails;
  if (!details || typeof details !== 'object') return undefined;
  const d = details as Record<string, unknown>;
  const add = d.claimsToAddOrOverride;
  return {
    ...(add && typeof add === 'object' && !Array.isArray(add) ? { add: add as Record<string, unknown> } : {}),
    suppress: asStringArray(d.claimsToSuppress),
  };
}

/** Runs PostAuthentication (triggerSource PostAuthentication_Authentication); a failure fails the sign-in. */
export async function postAuthentication(
  rc: RequestContext,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  newDeviceUsed: boolean,
  clientMetadata: Record<string, string> | undefined,
): Promise<void> {
  if (!pool.triggers?.PostAuthentication) return;
  await runTrigger(
    rc,
    pool,
    'PostAuthentication',
    baseEvent(pool, client.id, user.username, 'PostAuthentication_Authentication', {
      userAttributes: triggerAttributes(user),
      newDeviceUsed,
      ...(clientMetadata ? { clientMetadata } : {}),
    }),
  );
}
