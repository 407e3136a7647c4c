// What browsers and the SDK need from the wire beyond the JSON bodies: CORS as AWS answers it (the
// official clients run in pages), error headers, and the emulator's fault injection as the SDK sees it.
import { InitiateAuthCommand, TooManyRequestsException } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { ALL_USER_FLOWS, injectFault } from '../support/cognito-fixtures.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';

const POOL_ID = 'us-east-1_WirePool';
const CLIENT_ID = 'wireclient0000000000000001';
const PASSWORD = 'Correct-Horse-9';
// A page served from this machine: the emulator answers browsers on loopback origins only (emulator/README.md).
const ORIGIN = 'http://localhost:5173';

const emu = useSeededEmulator([
  {
    Id: POOL_ID,
    PoolName: 'wire',
    Clients: [{ ClientId: CLIENT_ID, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
    Users: [{ Username: 'olga', Password: PASSWORD }],
  },
]);

function passwordAuth(password = PASSWORD) {
  return new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: CLIENT_ID,
    AuthParameters: { USERNAME: 'olga', PASSWORD: password },
  });
}

describe('wire format for browser clients', () => {
  it('answers the CORS preflight Amplify and amazon-cognito-identity-js trigger', async () => {
    const requested = 'cache-control,content-type,x-amz-target,x-amz-user-agent';
    const res = await fetch(`${emu.url}/`, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': requested,
      },
    });
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(['*', ORIGIN]).toContain(res.headers.get('access-control-allow-origin'));
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const h of requested.split(',')) expect(allowed === '*' || allowed.includes(h)).toBe(true);
  });

  it('a JSON 1.1 success and error carry the headers and body shapes the clients parse', async () => {
    const call = (password: string) =>
      fetch(`${emu.url}/`, {
        method: 'POST',
        headers: {
          Origin: ORIGIN,
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        },
        body: JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: 'olga', PASSWORD: password },
        }),
      });
    const ok = await call(PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/x-amz-json-1\.1/);
    expect(ok.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(['*', ORIGIN]).toContain(ok.headers.get('access-control-allow-origin'));
    const body = (await ok.json()) as { AuthenticationResult?: { AccessToken?: string } };
    expect(body.AuthenticationResult?.AccessToken).toBeTruthy();

    const bad = await call('Wrong-Horse-9');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-errortype')).toMatch(/^NotAuthorizedException/);
    const exposed = (bad.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    expect(exposed).toContain('x-amzn-errortype');
    expect(exposed).toContain('x-amzn-requestid');
    const err = (await bad.json()) as { __type?: string; message?: string };
    expect(err.__type?.split('#').pop()).toBe('NotAuthorizedException');
    expect(err.message).toBe('Incorrect username or password.');
  });

  it('an unknown X-Amz-Target is an error the SDKs can parse, not a crash', async () => {
    const res = await fetch(`${emu.url}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.NoSuchOperation',
      },
      body: '{}',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const err = (await res.json()) as { __type?: string };
    expect(err.__type).toBeTruthy();
  });
});

describe('fault injection as the AWS SDK sees it', () => {
  it('an injected error reaches the SDK as its exception class, for the given number of calls', async () => {
    await injectFault(emu.url, {
      operation: 'InitiateAuth',
      kind: 'error',
      errorType: 'TooManyRequestsException',
      message: 'Rate exceeded',
      times: 1,
    });
    const err = await emu.sdk.send(passwordAuth()).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(TooManyRequestsException);
    expect(err?.message).toBe('Rate exceeded');
    const next = await emu.sdk.send(passwordAuth());
    expect(next.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('an injected delay holds the answer at least that long; a dropped connection is a network error', async () => {
    await injectFault(emu.url, { operation: 'InitiateAuth', kind: 'delay', delayMs: 300, times: 1 });
    const t0 = performance.now();
    const delayed = await emu.sdk.send(passwordAuth());
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(delayed.AuthenticationResult?.AccessToken).toBeTruthy();

    await injectFault(emu.url, { operation: 'InitiateAuth', kind: 'drop', times: 1 });
    const dropped = await emu.sdk.send(passwordAuth()).then(
      () => null,
      (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
    );
    expect(dropped).not.toBeNull();
    expect(dropped?.$metadata?.httpStatusCode).toBeUndefined();
    expect((await emu.sdk.send(passwordAuth())).AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
