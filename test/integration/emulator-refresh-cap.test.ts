// The emulator keeps a bounded number of live refresh tokens per user, so its memory stays flat
// under endless sign-ins (the reliability load run measures that); the oldest token goes first.
import { beforeAll, expect, it } from 'vitest';
import { REFRESH_TOKENS_PER_USER } from '../../emulator/store/store.ts';
import { EmulatorClient, signInTokens, wireError } from '../support/emulator-client.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';

const CLIENT = 'capclient00000000000000001';

const emulator = useSeededEmulator([
  {
    Id: 'us-east-1_CapPool1',
    PoolName: 'cap',
    MfaConfiguration: 'OFF',
    Clients: [
      {
        ClientId: CLIENT,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    ],
    Users: [{ Username: 'pat', Password: 'Pat-Passw0rd!' }],
  },
]);

let c: EmulatorClient;
beforeAll(() => {
  c = new EmulatorClient(emulator.url);
});

const refresh = (token: string) =>
  c.raw('InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: CLIENT,
    AuthParameters: { REFRESH_TOKEN: token },
  });

it(`keeps the ${REFRESH_TOKENS_PER_USER} newest refresh tokens of a user and refuses older ones`, async () => {
  const tokens: string[] = [];
  for (let i = 0; i <= REFRESH_TOKENS_PER_USER; i++) {
    const signIn = await c.call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: CLIENT,
      AuthParameters: { USERNAME: 'pat', PASSWORD: 'Pat-Passw0rd!' },
    });
    tokens.push(signInTokens(signIn).RefreshToken);
  }
  const oldest = await refresh(tokens[0]!);
  expect(oldest.status).toBe(400);
  expect(wireError(oldest).message).toBe('Invalid Refresh Token');
  expect((await refresh(tokens[1]!)).status).toBe(200);
  expect((await refresh(tokens.at(-1)!)).status).toBe(200);
});
