import type { RequestContext } from '../context.ts';
import { applyClientSettings, createClientRecord } from '../domain/clients.ts';
import { CognitoError } from '../http/errors.ts';
import { paginate } from '../pagination.ts';
import type { ClientRecord } from '../store/records.ts';
import { type Json, optInt, optString, reqString } from '../validate.ts';
import { POOL_ID, poolFrom } from './params.ts';

const CLIENT_ID = { max: 128, pattern: /^[\w+]+$/ };

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
  const client = createClientRecord(rc, poolFrom(rc, input), input);
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
  rc.emu.saveClient(client);
  return { UserPoolClient: describeClient(client) };
}

export function DeleteUserPoolClient(rc: RequestContext, input: Json): Json {
  rc.emu.store.deleteClient(poolClient(rc, input).id);
  return {};
}

export function ListUserPoolClients(rc: RequestContext, input: Json): Json {
  const pool = poolFrom(rc, input);
  const max = optInt(input, 'MaxResults', 1, 60) ?? 60;
  const clients = [...rc.emu.store.clients.values()].filter((c) => c.poolId === pool.id);
  const { page, next } = paginate(clients, (c) => c.id, optString(input, 'NextToken'), max);
  return {
    UserPoolClients: page.map((c) => ({ ClientId: c.id, UserPoolId: c.poolId, ClientName: c.name })),
    ...(next ? { NextToken: next } : {}),
  };
}
