// @aws-sdk/client-cognito-identity-provider's own paginators, unmodified, against the emulator's List*
// operations: every page is followed to the end, and a token stays valid when items before it go away.
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InvalidParameterException,
  ListUsersCommand,
  paginateListUserPoolClients,
  paginateListUsers,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, sdkClient, startSeededEmulator } from '../support/cognito-fixtures.ts';

let emu: RunningEmulator;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  emu = await startSeededEmulator([]);
  sdk = sdkClient(emu.url);
});

afterAll(async () => {
  sdk?.destroy();
  await emu?.close();
});

async function poolWithUsers(name: string, usernames: string[]): Promise<string> {
  const created = await sdk.send(new CreateUserPoolCommand({ PoolName: name }));
  const poolId = created.UserPool!.Id!;
  for (const Username of usernames) {
    await sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }));
  }
  return poolId;
}

describe('List* pagination', () => {
  it('paginateListUsers follows every PaginationToken and returns each user once, in order', async () => {
    const names = ['ann', 'bob', 'cid', 'dee', 'eve'];
    const poolId = await poolWithUsers('paged-users', names);
    const pages: string[][] = [];
    for await (const page of paginateListUsers({ client: sdk, pageSize: 2 }, { UserPoolId: poolId })) {
      pages.push((page.Users ?? []).map((u) => u.Username!));
    }
    expect(pages).toEqual([['ann', 'bob'], ['cid', 'dee'], ['eve']]);
  });

  it('a PaginationToken still leads to the next user after users of earlier pages are deleted', async () => {
    const poolId = await poolWithUsers('paged-delete', ['u1', 'u2', 'u3', 'u4']);
    const first = await sdk.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2 }));
    expect(first.Users?.map((u) => u.Username)).toEqual(['u1', 'u2']);
    await sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'u1' }));
    const second = await sdk.send(
      new ListUsersCommand({ UserPoolId: poolId, Limit: 2, PaginationToken: first.PaginationToken }),
    );
    expect(second.Users?.map((u) => u.Username)).toEqual(['u3', 'u4']);
    expect(second.PaginationToken).toBeUndefined();
  });

  it('a token that names no item is refused with InvalidParameterException', async () => {
    const poolId = await poolWithUsers('paged-bad-token', ['x1']);
    const error = await sdk
      .send(new ListUsersCommand({ UserPoolId: poolId, PaginationToken: 'bm90LWEtdXNlcg' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  it('paginateListUserPoolClients follows NextToken through every client of the pool', async () => {
    const poolId = await poolWithUsers('paged-clients', []);
    const names = ['c1', 'c2', 'c3'];
    for (const ClientName of names) {
      await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName }));
    }
    const seen: string[] = [];
    for await (const page of paginateListUserPoolClients(
      { client: sdk, pageSize: 2 },
      { UserPoolId: poolId, MaxResults: 2 },
    )) {
      seen.push(...(page.UserPoolClients ?? []).map((c) => c.ClientName!));
    }
    expect(seen).toEqual(names);
  });
});
