import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  COGNITO_TARGET_PREFIX,
  type CognitoClient,
  createCognitoClient,
  endpointForRegion,
  isCognitoHost,
  parseTarget,
  regionFromUserPoolId,
} from '../../src/cognito/index.ts';
import {
  jsonBody,
  type LoopbackServer,
  type RecordedRequest,
  reply,
  startLoopbackServer,
} from '../support/loopback-server.ts';

// Canned answers keyed by operation, shaped like real Cognito ones.
const TOKENS = {
  AccessToken: 'access.jwt',
  IdToken: 'id.jwt',
  RefreshToken: 'refresh-opaque',
  ExpiresIn: 3600,
  TokenType: 'Bearer',
};
const DEVICE = {
  DeviceKey: 'us-east-1_0b2c7a4e-5d5e-4f6a-8b9c-0d1e2f3a4b5c',
  DeviceAttributes: [
    { Name: 'device_status', Value: 'valid' },
    { Name: 'device_name', Value: 'Firefox on Linux' },
  ],
  DeviceCreateDate: 1.700000000123e9,
  DeviceLastModifiedDate: 1.7000001e9,
  DeviceLastAuthenticatedDate: 1.7000002e9,
};
let answers: Record<string, { status?: number; body?: unknown }> = {};

let server: LoopbackServer;
let client: CognitoClient;

function cognitoHandler(request: RecordedRequest, res: ServerResponse): void {
  const operation = parseTarget(String(request.headers['x-amz-target'] ?? ''));
  const answer = operation === undefined ? undefined : answers[operation];
  if (answer === undefined) {
    reply(res, 400, { __type: 'UnknownOperationException', message: `no answer for ${operation}` });
    return;
  }
  reply(res, answer.status ?? 200, answer.body);
}

function lastRequest(): RecordedRequest {
  const request = server.requests.at(-1);
  if (request === undefined) throw new Error('no request reached the server');
  return request;
}

beforeAll(async () => {
  server = await startLoopbackServer(cognitoHandler);
  client = createCognitoClient({ endpoint: server.url, userAgent: 'device-companion/0.1 test' });
});
afterAll(() => server.close());
beforeEach(() => {
  answers = {};
  server.requests.length = 0;
});

describe('wire format', () => {
  it('POSTs JSON 1.1 to the endpoint with the target, no-store and the user agent', async () => {
    answers.GetUser = { body: { Username: 'u-1', UserAttributes: [] } };
    await client.getUser({ AccessToken: 'at' });
    const request = lastRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/');
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request.headers['x-amz-target']).toBe(`${COGNITO_TARGET_PREFIX}GetUser`);
    expect(request.headers['cache-control']).toBe('no-store');
    expect(request.headers['x-amz-user-agent']).toBe('device-companion/0.1 test');
    expect(jsonBody(request)).toEqual({ AccessToken: 'at' });
  });

  it('omits X-Amz-User-Agent when none is configured and keeps a custom endpoint path', async () => {
    const proxied = createCognitoClient({ endpoint: `${server.url}cognito/proxy?stage=dev#ignored` });
    expect(proxied.endpoint).toBe(`${server.url}cognito/proxy?stage=dev`);
    answers.ForgetDevice = {};
    await proxied.forgetDevice({ AccessToken: 'at', DeviceKey: DEVICE.DeviceKey });
    const request = lastRequest();
    expect(request.path).toBe('/cognito/proxy?stage=dev');
    expect(request.headers['x-amz-user-agent']).toBeUndefined();
  });

  it('sends a regional client to its region endpoint (routed here through a custom fetch)', async () => {
    const seen: string[] = [];
    const regional = createCognitoClient({
      endpoint: endpointForRegion(regionFromUserPoolId('eu-west-1_AbC123')),
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(server.url, init);
      },
    });
    expect(isCognitoHost(new URL(regional.endpoint).hostname)).toBe(true);
    answers.GetUser = { body: { Username: 'u-1', UserAttributes: [] } };
    await regional.getUser({ AccessToken: 'at' });
    expect(seen).toEqual(['https://cognito-idp.eu-west-1.amazonaws.com/']);
    expect(lastRequest().headers['x-amz-target']).toBe(`${COGNITO_TARGET_PREFIX}GetUser`);
  });

  it('rejects an endpoint that is not http(s) before any call', () => {
    expect(() => createCognitoClient({ endpoint: 'ftp://127.0.0.1/' })).toThrow(TypeError);
    expect(() => createCognitoClient({ endpoint: 'cognito-idp.us-east-1.amazonaws.com' })).toThrow(TypeError);
    expect(() => createCognitoClient({ endpoint: server.url, timeoutMs: 0 })).toThrow(TypeError);
    expect(() => createCognitoClient({ endpoint: server.url, userAgent: 'bad\r\nX-Injected: 1' })).toThrow();
  });

  it('refuses an operation name that could smuggle header content', async () => {
    await expect(client.call('GetUser\r\nX-Evil: 1', {})).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('operations', () => {
  it('initiateAuth sends the flow and returns the challenge', async () => {
    answers.InitiateAuth = {
      body: {
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: 'session-1',
        ChallengeParameters: { USER_ID_FOR_SRP: 'uuid-1', SALT: 'ab', SRP_B: 'cd', SECRET_BLOCK: 'ZZ==' },
      },
    };
    const request = {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: 'client-1',
      AuthParameters: { USERNAME: 'alice@example.com', SRP_A: 'abc123', DEVICE_KEY: DEVICE.DeviceKey },
    } as const;
    const answer = await client.initiateAuth(request);
    expect(jsonBody(lastRequest())).toEqual(request);
    expect(answer.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(answer.Session).toBe('session-1');
    expect(answer.ChallengeParameters?.USER_ID_FOR_SRP).toBe('uuid-1');
    expect(answer.AuthenticationResult).toBeUndefined();
  });

  it('respondToAuthChallenge returns tokens with NewDeviceMetadata', async () => {
    const metadata = { DeviceKey: DEVICE.DeviceKey, DeviceGroupKey: '-wt2ha1Zd' };
    answers.RespondToAuthChallenge = {
      body: { ChallengeParameters: {}, AuthenticationResult: { ...TOKENS, NewDeviceMetadata: metadata } },
    };
    const request = {
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      ClientId: 'client-1',
      Session: 'session-2',
      ChallengeResponses: {
        USERNAME: 'uuid-1',
        PASSWORD_CLAIM_SECRET_BLOCK: 'ZZ==',
        TIMESTAMP: 'Tue Sep 5 09:07:03 UTC 2023',
        PASSWORD_CLAIM_SIGNATURE: 'c2ln',
        DEVICE_KEY: DEVICE.DeviceKey,
      },
    } as const;
    const answer = await client.respondToAuthChallenge(request);
    expect(jsonBody(lastRequest())).toEqual(request);
    expect(answer.AuthenticationResult?.AccessToken).toBe('access.jwt');
    expect(answer.AuthenticationResult?.NewDeviceMetadata).toEqual(metadata);
  });

  it('confirmDevice sends the verifier config and returns UserConfirmationNecessary', async () => {
    answers.ConfirmDevice = { body: { UserConfirmationNecessary: true } };
    const request = {
      AccessToken: 'at',
      DeviceKey: DEVICE.DeviceKey,
      DeviceName: 'Chromium on Linux',
      DeviceSecretVerifierConfig: { PasswordVerifier: 'dmVyaWZpZXI=', Salt: 'c2FsdA==' },
    };
    await expect(client.confirmDevice(request)).resolves.toEqual({ UserConfirmationNecessary: true });
    expect(jsonBody(lastRequest())).toEqual(request);
  });

  it('updateDeviceStatus sends the remembered status and accepts an empty answer', async () => {
    answers.UpdateDeviceStatus = {};
    const request = {
      AccessToken: 'at',
      DeviceKey: DEVICE.DeviceKey,
      DeviceRememberedStatus: 'not_remembered',
    } as const;
    await expect(client.updateDeviceStatus(request)).resolves.toEqual({});
    expect(jsonBody(lastRequest())).toEqual(request);
  });

  it('getDevice returns the device with epoch-second dates as numbers', async () => {
    answers.GetDevice = { body: { Device: DEVICE } };
    const answer = await client.getDevice({ AccessToken: 'at', DeviceKey: DEVICE.DeviceKey });
    expect(jsonBody(lastRequest())).toEqual({ AccessToken: 'at', DeviceKey: DEVICE.DeviceKey });
    expect(answer.Device).toEqual(DEVICE);
    expect(answer.Device.DeviceCreateDate).toBe(1.700000000123e9);
  });

  it('listDevices sends Limit and PaginationToken and treats a missing Devices list as empty', async () => {
    answers.ListDevices = { body: { PaginationToken: null } };
    const answer = await client.listDevices({ AccessToken: 'at', Limit: 10, PaginationToken: 'p1' });
    expect(jsonBody(lastRequest())).toEqual({ AccessToken: 'at', Limit: 10, PaginationToken: 'p1' });
    expect(answer).toEqual({ Devices: [] });
  });

  it('forgetDevice resolves on an empty 200 and on {}', async () => {
    answers.ForgetDevice = {};
    await expect(
      client.forgetDevice({ AccessToken: 'at', DeviceKey: DEVICE.DeviceKey }),
    ).resolves.toBeUndefined();
    expect(lastRequest().headers['x-amz-target']).toBe(`${COGNITO_TARGET_PREFIX}ForgetDevice`);
    answers.ForgetDevice = { body: {} };
    await expect(
      client.forgetDevice({ AccessToken: 'at', DeviceKey: DEVICE.DeviceKey }),
    ).resolves.toBeUndefined();
  });

  it('getTokensFromRefreshToken sends the device key and returns tokens', async () => {
    const { RefreshToken: _omitted, ...refreshed } = TOKENS;
    answers.GetTokensFromRefreshToken = { body: { AuthenticationResult: refreshed } };
    const request = { ClientId: 'client-1', RefreshToken: 'refresh-opaque', DeviceKey: DEVICE.DeviceKey };
    const answer = await client.getTokensFromRefreshToken(request);
    expect(jsonBody(lastRequest())).toEqual(request);
    expect(answer.AuthenticationResult).toEqual(refreshed);
  });

  it('getUser returns the username and attributes', async () => {
    const attributes = [
      { Name: 'sub', Value: 'uuid-1' },
      { Name: 'email', Value: 'alice@example.com' },
    ];
    answers.GetUser = {
      body: { Username: 'uuid-1', UserAttributes: attributes, UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] },
    };
    const answer = await client.getUser({ AccessToken: 'at' });
    expect(answer.Username).toBe('uuid-1');
    expect(answer.UserAttributes).toEqual(attributes);
    expect(answer.UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('call() reaches any operation and returns its JSON unchecked', async () => {
    answers.RevokeToken = { body: {} };
    answers.AdminListDevices = { body: { Devices: [DEVICE], Extra: 1 } };
    await expect(client.call('RevokeToken', { Token: 'r', ClientId: 'c' })).resolves.toEqual({});
    await expect(
      client.call<{ UserPoolId: string; Username: string }, { Devices: unknown[]; Extra: number }>(
        'AdminListDevices',
        { UserPoolId: 'us-east-1_abc', Username: 'alice' },
      ),
    ).resolves.toEqual({ Devices: [DEVICE], Extra: 1 });
    expect(lastRequest().headers['x-amz-target']).toBe(`${COGNITO_TARGET_PREFIX}AdminListDevices`);
  });
});
