import type { AuthFlowType } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { readOutbox } from '../support/cognito-fixtures.ts';
import {
  authResult,
  cognitoError,
  EmulatorClient,
  jsonObject,
  present,
  type ReplyOf,
  type RequestOf,
  readHealth,
  srpSignIn,
  wireError,
} from '../support/emulator-client.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';

const POOL = 'us-east-1_HttpPool1';
let c: EmulatorClient;

const emu = useSeededEmulator([
  {
    Id: POOL,
    PoolName: 'http',
    MfaConfiguration: 'OPTIONAL',
    Clients: [{ ClientId: 'httpclient', ClientName: 'web' }],
    Users: [
      {
        Username: 'ada',
        Password: 'Passw0rd!',
        Attributes: { phone_number: '+15555550123' },
        SmsMfa: true,
      },
    ],
  },
]);
beforeAll(() => {
  c = new EmulatorClient(emu.url);
});

describe('wire format', () => {
  it('types call() by the AWS SDK: its closed unions in, wire timestamps (epoch seconds) out', () => {
    expectTypeOf<RequestOf<'InitiateAuth'>['AuthFlow']>().toEqualTypeOf<AuthFlowType | undefined>();
    expectTypeOf<NonNullable<ReplyOf<'GetDevice'>['Device']>['DeviceCreateDate']>().toEqualTypeOf<
      number | undefined
    >();
    expectTypeOf(c.call<'InitiateAuth'>)
      .parameter(1)
      .not.toHaveProperty('NotAMember');
    // @ts-expect-error an operation the map does not name has no call(), only raw()
    expectTypeOf(c.call).toBeCallableWith('NoSuchOperation', {});
  });

  it('answers with application/x-amz-json-1.1, a request id, and AWS-shaped errors', async () => {
    const r = await c.raw('DescribeUserPool', { UserPoolId: 'us-east-1_Missing1' });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException:');
    expect(r.body).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'User pool us-east-1_Missing1 does not exist.',
    });
  });

  it('accepts Content-Type application/json too', async () => {
    const r = await c.raw(
      'DescribeUserPool',
      { UserPoolId: POOL },
      { headers: { 'content-type': 'application/json' } },
    );
    expect(r.status).toBe(200);
    expect(jsonObject(r.body).UserPool).toMatchObject({
      Id: POOL,
      Name: 'http',
      MfaConfiguration: 'OPTIONAL',
    });
  });

  it('names an operation it does not implement', async () => {
    const r = await c.raw('CreateIdentityProvider', {});
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      __type: 'UnsupportedOperationException',
      message: 'CreateIdentityProvider is not implemented by this emulator',
    });
  });

  it('refuses a request without X-Amz-Target', async () => {
    const res = await fetch(`${emu.url}/`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect(jsonObject(await res.json()).__type).toBe('UnknownOperationException');
  });

  it('answers malformed JSON, wrong types, missing and oversized fields with 400s, never a 500', async () => {
    const bad = await c.raw('InitiateAuth', '{"AuthFlow": ');
    expect(bad.status).toBe(400);
    expect(wireError(bad).type).toBe('SerializationException');
    const notObject = await c.raw('InitiateAuth', '[1,2]');
    expect(wireError(notObject).type).toBe('SerializationException');
    const wrongType = await c.raw('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 42 });
    expect(wrongType.status).toBe(400);
    const missing = await c.raw('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH' });
    expect(missing.body).toEqual({
      __type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    });
    const longName = await c.raw('ConfirmDevice', {
      AccessToken: 'x',
      DeviceKey: 'us-east-1_abc',
      DeviceName: 'n'.repeat(1025),
    });
    expect(longName.status).toBe(400);
    const noParams = await c.raw('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: 'httpclient',
      AuthParameters: { USERNAME: 'ada' },
    });
    expect(noParams.body).toEqual({
      __type: 'InvalidParameterException',
      message: 'Missing required parameter SRP_A',
    });
    const badA = await c.raw('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: 'httpclient',
      AuthParameters: { USERNAME: 'ada', SRP_A: 'zz' },
    });
    expect(wireError(badA).type).toBe('InvalidParameterException');
    const zeroA = await c.raw('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: 'httpclient',
      AuthParameters: { USERNAME: 'ada', SRP_A: '0' },
    });
    expect(wireError(zeroA).type).toBe('InvalidParameterException');
    const garbageToken = await c.raw('GetUser', { AccessToken: 'not-a-jwt' });
    expect(garbageToken.body).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });

  it('bounds the body size', async () => {
    const r = await c.raw(
      'InitiateAuth',
      JSON.stringify({ AuthFlow: 'USER_SRP_AUTH', Padding: 'x'.repeat(300 * 1024) }),
    );
    expect(r.status).toBe(400);
    expect(wireError(r).type).toBe('SerializationException');
    expect((await fetch(`${emu.url}/_emulator/health`)).status).toBe(200);
  });
});

describe('CORS like AWS', () => {
  it('answers a preflight, reflecting the requested headers', async () => {
    const res = await fetch(`${emu.url}/`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'content-type,x-amz-target,x-amz-user-agent,cache-control',
    );
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('exposes the request id and error headers on answers to the operations browser apps call', async () => {
    const r = await c.raw(
      'InitiateAuth',
      { AuthFlow: 'USER_SRP_AUTH', ClientId: 'no-such-client', AuthParameters: {} },
      { headers: { Origin: 'http://localhost:5173' } },
    );
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-expose-headers')).toBe(
      'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date',
    );
  });

  it('answers a loopback page the account operations a signed-in app calls with its access token', async () => {
    // AWS's authorization-models page lists these as token-authorized: apps call them from the browser.
    for (const op of ['DeleteUser', 'GetUserAttributeVerificationCode', 'VerifyUserAttribute']) {
      const r = await c.raw(
        op,
        { AccessToken: 'not-a-token' },
        { headers: { Origin: 'http://localhost:5173' } },
      );
      expect(jsonObject(r.body).__type, op).not.toBe('AccessDeniedException');
      expect(r.headers.get('access-control-allow-origin'), op).toBe('*');
    }
  });
});

describe('control routes', () => {
  it('health', async () => {
    expect(await readHealth(emu.url)).toMatchObject({ status: 'ok', pools: 1 });
  });

  it('outbox shows the SMS code of an SMS_MFA challenge, newest last, and the code signs in', async () => {
    const pv = await srpSignIn(c, POOL, 'httpclient', 'ada', 'Passw0rd!');
    expect(pv.ChallengeName).toBe('SMS_MFA');
    expect(pv.ChallengeParameters).toMatchObject({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
      CODE_DELIVERY_DESTINATION: '+*******0123',
    });
    const last = present((await readOutbox(emu.url, POOL, 'ada')).at(-1), 'an outbox message');
    expect(last).toMatchObject({ medium: 'SMS', destination: '+15555550123', purpose: 'MFA' });
    const wrong = await cognitoError(() =>
      c.call('RespondToAuthChallenge', {
        ClientId: 'httpclient',
        ChallengeName: 'SMS_MFA',
        Session: pv.Session,
        ChallengeResponses: { USERNAME: 'ada', SMS_MFA_CODE: last.code === '000000' ? '111111' : '000000' },
      }),
    );
    expect(wrong).toEqual({
      name: 'CodeMismatchException',
      message: 'Invalid code or auth state for the user.',
    });
    const ok = await c.call('RespondToAuthChallenge', {
      ClientId: 'httpclient',
      ChallengeName: 'SMS_MFA',
      Session: pv.Session,
      ChallengeResponses: { USERNAME: 'ada', SMS_MFA_CODE: last.code },
    });
    expect(authResult(ok).AccessToken).toBeTruthy();
  });

  it('faults: an injected error for a number of calls, then normal service; delete clears', async () => {
    const add = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        operation: 'DescribeUserPool',
        kind: 'error',
        errorType: 'TooManyRequestsException',
        message: 'Rate exceeded',
        times: 1,
      }),
    });
    expect(add.status).toBe(200);
    const first = await c.raw('DescribeUserPool', { UserPoolId: POOL });
    expect(first.body).toEqual({ __type: 'TooManyRequestsException', message: 'Rate exceeded' });
    expect((await c.raw('DescribeUserPool', { UserPoolId: POOL })).status).toBe(200);
    await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ operation: '*', kind: 'drop' }),
    });
    await expect(c.raw('DescribeUserPool', { UserPoolId: POOL })).rejects.toThrow();
    await fetch(`${emu.url}/_emulator/faults`, { method: 'DELETE' });
    expect((await c.raw('DescribeUserPool', { UserPoolId: POOL })).status).toBe(200);
  });

  it('faults: a delay postpones the answer', async () => {
    await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ operation: 'DescribeUserPool', kind: 'delay', delayMs: 150, times: 1 }),
    });
    const t = performance.now();
    const r = await c.raw('DescribeUserPool', { UserPoolId: POOL });
    expect(r.status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(140);
  });

  it('JWKS of an unknown pool is a 404', async () => {
    expect((await fetch(`${emu.url}/us-east-1_Nope/.well-known/jwks.json`)).status).toBe(404);
  });
});
