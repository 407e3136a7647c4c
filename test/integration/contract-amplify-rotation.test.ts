// aws-amplify v6, unmodified, refreshing tokens on an app client that rotates refresh tokens: Amplify
// calls GetTokensFromRefreshToken with its device key and must keep the rotated token it gets back,
// since the one it replaced dies at once (no grace period here). Its own file: Amplify's configuration
// is global to the vitest worker.
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MemoryStorage,
  type RunningEmulator,
  recordCognitoTraffic,
  startSeededEmulator,
} from '../support/cognito-fixtures.ts';

const POOL_ID = 'us-east-1_AmpRotation';
const CLIENT_ID = 'amplifyrotating00000000001';
const PASSWORD = 'Correct-Horse-9';

// Amplify names a new device after navigator.userAgent and skips ConfirmDevice without one (Node 20).
if (typeof globalThis.navigator === 'undefined') {
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: 'Node.js rotation test' },
    configurable: true,
  });
}

class AsyncMemoryStorage {
  readonly sync = new MemoryStorage();
  async setItem(key: string, value: string) {
    this.sync.setItem(key, value);
  }
  async getItem(key: string) {
    return this.sync.getItem(key);
  }
  async removeItem(key: string) {
    this.sync.removeItem(key);
  }
  async clear() {
    this.sync.clear();
  }
  item(suffix: string): string | null {
    const key = this.sync.keys().find((k) => k.endsWith(suffix));
    return key ? this.sync.getItem(key) : null;
  }
}

let emu: RunningEmulator;
let storage: AsyncMemoryStorage;

beforeAll(async () => {
  emu = await startSeededEmulator([
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
  storage = new AsyncMemoryStorage();
  Amplify.configure({
    Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, userPoolEndpoint: emu.url } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
});

afterAll(async () => {
  await signOut().catch(() => {});
  await emu?.close();
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
