// aws-amplify v6, unmodified, refreshing tokens on an app client that rotates refresh tokens: Amplify
// calls GetTokensFromRefreshToken with its device key and must keep the rotated token it gets back,
// since the one it replaced dies at once (no grace period here). Its own file: Amplify's configuration
// is global to the vitest worker.
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncMemoryStorage, giveNodeANavigator } from '../support/amplify-node.ts';
import { recordCognitoTraffic } from '../support/cognito-fixtures.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';

const POOL_ID = 'us-east-1_AmpRotation';
const CLIENT_ID = 'amplifyrotating00000000001';
const PASSWORD = 'Correct-Horse-9';

giveNodeANavigator('Node.js rotation test');

let storage: AsyncMemoryStorage;

const emu = useSeededEmulator([
  {
    Id: POOL_ID,
    PoolName: 'amplify-rotation',
    MfaConfiguration: 'OFF',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    Clients: [
      {
        ClientId: CLIENT_ID,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
      },
    ],
    Users: [{ Username: 'ada', Password: PASSWORD }],
  },
]);

beforeAll(async () => {
  storage = new AsyncMemoryStorage();
  Amplify.configure({
    Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, userPoolEndpoint: emu.url } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
});

afterAll(async () => {
  await signOut().catch(() => {});
});

describe('Amplify v6 on a rotating app client', () => {
  it('refreshes twice in a row with the rotated token and its device key', async () => {
    const out = await signIn({ username: 'ada', password: PASSWORD });
    expect(out.isSignedIn).toBe(true);
    const deviceKey = storage.item('.deviceKey');
    expect(deviceKey).toBeTruthy();
    const original = storage.item('.refreshToken');

    const traffic = recordCognitoTraffic();
    try {
      await fetchAuthSession({ forceRefresh: true });
      const session = await fetchAuthSession({ forceRefresh: true });
      const refreshes = traffic.exchanges.filter((e) => e.operation === 'GetTokensFromRefreshToken');
      expect(refreshes.map((e) => e.status)).toEqual([200, 200]);
      expect(refreshes.map((e) => e.request.DeviceKey)).toEqual([deviceKey, deviceKey]);
      expect(refreshes[0]?.request.RefreshToken).toBe(original);
      const rotated = (refreshes[0]?.response.AuthenticationResult as { RefreshToken?: string } | undefined)
        ?.RefreshToken;
      expect(rotated).toBeTruthy();
      expect(rotated).not.toBe(original);
      expect(refreshes[1]?.request.RefreshToken).toBe(rotated);
      expect(session.tokens?.accessToken.payload.device_key).toBe(deviceKey);
    } finally {
      traffic.stop();
    }
  });
});
