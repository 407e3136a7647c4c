import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CognitoClient,
  CognitoNetworkError,
  CognitoServiceError,
  createCognitoClient,
  isCognitoError,
} from '../../src/cognito/index.ts';
import { type LoopbackServer, reply, startLoopbackServer } from '../support/loopback-server.ts';

let server: LoopbackServer;
let client: CognitoClient;

beforeAll(async () => {
  server = await startLoopbackServer();
  client = createCognitoClient({ endpoint: server.url, timeoutMs: 5_000 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function answerWith(status: number, body: unknown, headers: Record<string, string> = {}): void {
  server.setHandler((_request, res) => reply(res, status, body, headers));
}

describe('Cognito error answers', () => {
  const forms: Array<{
    name: string;
    status: number;
    body: unknown;
    headers?: Record<string, string>;
    code: string;
    message: string;
    /** The AWS SDK ignores x-amzn-ErrorMessage; we read it as a last resort. */
    sdkMessageDiffers?: boolean;
  }> = [
    {
      name: 'bare __type',
      status: 400,
      body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    },
    {
      name: 'namespaced __type',
      status: 400,
      body: {
        __type: 'com.amazonaws.cognito.identity.idp.model#NotAuthorizedException',
        message: 'Invalid session for the user, session is expired.',
      },
      code: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    },
    {
      name: 'x-amzn-ErrorType header with trailing colon',
      status: 400,
      body: { message: 'Invalid Refresh Token' },
      headers: { 'x-amzn-ErrorType': 'NotAuthorizedException:' },
      code: 'NotAuthorizedException',
      message: 'Invalid Refresh Token',
    },
    {
      name: 'x-amzn-ErrorType header with an internal URL suffix',
      status: 400,
      body: { __type: 'ResourceNotFoundException', message: 'Device does not exist.' },
      headers: {
        'x-amzn-ErrorType':
          'ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.swbup.service/',
      },
      code: 'ResourceNotFoundException',
      message: 'Device does not exist.',
    },
    {
      name: 'capitalised Message',
      status: 400,
      body: { __type: 'InvalidParameterException', Message: 'Invalid device key given.' },
      code: 'InvalidParameterException',
      message: 'Invalid device key given.',
    },
    {
      name: 'message only in x-amzn-ErrorMessage',
      status: 400,
      body: { __type: 'TooManyRequestsException' },
      headers: { 'x-amzn-ErrorMessage': 'Rate exceeded' },
      code: 'TooManyRequestsException',
      message: 'Rate exceeded',
      sdkMessageDiffers: true,
    },
    {
      name: 'a 500 with a JSON body',
      status: 500,
      body: { __type: 'InternalErrorException', message: 'Internal server error' },
      code: 'InternalErrorException',
      message: 'Internal server error',
    },
  ];

  for (const form of forms) {
    it(`reads the code and message from ${form.name}`, async () => {
      answerWith(form.status, form.body, { 'x-amzn-RequestId': 'req-123', ...form.headers });
      const error = await rejection(client.getUser({ AccessToken: 'at' }));
      expect(error).toBeInstanceOf(CognitoServiceError);
      expect(error).toMatchObject({
        name: form.code,
        code: form.code,
        message: form.message,
        status: form.status,
        requestId: 'req-123',
      });
      expect(isCognitoError(error, form.code)).toBe(true);
      expect(isCognitoError(error, 'UserNotFoundException')).toBe(false);
    });

    it(`agrees with the AWS SDK on ${form.name}`, async () => {
      answerWith(form.status, form.body, form.headers);
      const sdk = new CognitoIdentityProviderClient({
        region: 'us-east-1',
        endpoint: server.url,
        maxAttempts: 1,
      });
      try {
        const sdkError = await rejection(sdk.send(new GetUserCommand({ AccessToken: 'at' })));
        const ours = await rejection(client.getUser({ AccessToken: 'at' }));
        expect(sdkError).toMatchObject({ name: form.code });
        expect(ours).toMatchObject({ code: (sdkError as Error).name });
        if (!form.sdkMessageDiffers) expect((ours as Error).message).toBe((sdkError as Error).message);
      } finally {
        sdk.destroy();
      }
    });
  }

  it('turns a proxy HTML 502 into UnknownError with the status, not a SyntaxError', async () => {
    answerWith(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' });
    const error = await rejection(client.initiateAuth({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' }));
    expect(error).toBeInstanceOf(CognitoServiceError);
    expect(error).toMatchObject({ code: 'UnknownError', status: 502 });
    expect((error as Error).message).toMatch(/HTTP 502.*not JSON/);
  });

  it('turns a 500 with HTML into UnknownError', async () => {
    answerWith(500, '<!doctype html><title>Oops</title>', { 'content-type': 'text/html' });
    const error = await rejection(client.getUser({ AccessToken: 'at' }));
    expect(error).toMatchObject({ name: 'UnknownError', code: 'UnknownError', status: 500 });
  });

  it('turns an empty 503 into UnknownError', async () => {
    answerWith(503, undefined);
    const error = await rejection(client.getUser({ AccessToken: 'at' }));
    expect(error).toMatchObject({
      code: 'UnknownError',
      status: 503,
      message: 'Cognito endpoint answered HTTP 503',
    });
  });

  it('ignores a __type that is not an exception name', async () => {
    answerWith(400, { __type: '<script>alert(1)</script>', message: 'x' });
    const error = await rejection(client.getUser({ AccessToken: 'at' }));
    expect(error).toMatchObject({ code: 'UnknownError', status: 400, message: 'x' });
  });
});

describe('answers that are not usable', () => {
  it('reports a 200 whose body is not JSON as a CognitoNetworkError', async () => {
    answerWith(200, 'this is not json {');
    const error = await rejection(client.getUser({ AccessToken: 'at' }));
    expect(error).toBeInstanceOf(CognitoNetworkError);
    expect(error).toMatchObject({ kind: 'bad-response' });
    expect((error as CognitoNetworkError).cause).toBeInstanceOf(SyntaxError);
  });

  it('reports a 200 whose JSON is not an object', async () => {
    answerWith(200, [1, 2, 3]);
    const error = await rejection(client.call('GetUser', { AccessToken: 'at' }));
    expect(error).toMatchObject({ name: 'CognitoNetworkError', kind: 'bad-response' });
  });

  it('reports an InitiateAuth answer with neither tokens nor a challenge', async () => {
    answerWith(200, { Session: 's' });
    const error = await rejection(client.initiateAuth({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' }));
    expect(error).toMatchObject({ kind: 'bad-response' });
    expect((error as Error).message).toMatch(/neither AuthenticationResult nor ChallengeName/);
  });

  it('reports tokens without an AccessToken', async () => {
    answerWith(200, { AuthenticationResult: { IdToken: 'i', ExpiresIn: 3600, TokenType: 'Bearer' } });
    const error = await rejection(
      client.respondToAuthChallenge({ ClientId: 'c', ChallengeName: 'PASSWORD_VERIFIER', Session: 's' }),
    );
    expect(error).toMatchObject({ kind: 'bad-response' });
    expect((error as Error).message).toMatch(/AccessToken/);
  });

  it('reports NewDeviceMetadata without a DeviceGroupKey', async () => {
    answerWith(200, {
      AuthenticationResult: {
        AccessToken: 'a',
        IdToken: 'i',
        ExpiresIn: 3600,
        TokenType: 'Bearer',
        NewDeviceMetadata: { DeviceKey: 'us-east-1_x' },
      },
    });
    const error = await rejection(client.initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c' }));
    expect(error).toMatchObject({ kind: 'bad-response' });
  });

  it('reports a GetTokensFromRefreshToken answer without AuthenticationResult', async () => {
    answerWith(200, {});
    const error = await rejection(client.getTokensFromRefreshToken({ ClientId: 'c', RefreshToken: 'r' }));
    expect(error).toMatchObject({ kind: 'bad-response' });
  });

  it('reports a GetDevice answer without a device key', async () => {
    answerWith(200, { Device: { DeviceAttributes: [] } });
    const error = await rejection(client.getDevice({ AccessToken: 'at', DeviceKey: 'k' }));
    expect(error).toMatchObject({ kind: 'bad-response' });
  });

  it('reports a ConfirmDevice answer whose flag is not a boolean', async () => {
    answerWith(200, { UserConfirmationNecessary: 'false' });
    const error = await rejection(client.confirmDevice({ AccessToken: 'at', DeviceKey: 'k' }));
    expect(error).toMatchObject({ kind: 'bad-response' });
  });
});

describe('transport failures', () => {
  it('reports a connection dropped before any answer as a CognitoNetworkError', async () => {
    server.setHandler((_request, _res, raw) => {
      raw.socket.destroy();
    });
    const error = await rejection(client.getUser({ AccessToken: 'at' }));
    expect(error).toBeInstanceOf(CognitoNetworkError);
    expect(error).toMatchObject({ kind: 'fetch' });
    expect(server.requests).toHaveLength(1);
  });

  it('reports a connection dropped in the middle of the body', async () => {
    server.setHandler((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '500' });
      res.write('{"Username":"u');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await rejection(client.getUser({ AccessToken: 'at' }));
    expect(error).toBeInstanceOf(CognitoNetworkError);
    expect(error).toMatchObject({ kind: 'fetch' });
  });

  it('reports a refused connection', async () => {
    const gone = await startLoopbackServer();
    const url = gone.url;
    await gone.close();
    const error = await rejection(createCognitoClient({ endpoint: url }).getUser({ AccessToken: 'at' }));
    expect(error).toMatchObject({ name: 'CognitoNetworkError', kind: 'fetch' });
  });

  it('refuses to follow a redirect', async () => {
    answerWith(307, undefined, { location: `${server.url}elsewhere` });
    const error = await rejection(client.getUser({ AccessToken: 'at' }));
    expect(error).toMatchObject({ kind: 'fetch' });
    expect(server.requests.map((r) => r.path)).toEqual(['/']);
  });

  it('times out when the server never answers', async () => {
    server.setHandler(() => {
      // Never answer; close() tears the connection down.
    });
    const impatient = createCognitoClient({ endpoint: server.url, timeoutMs: 150 });
    const error = await rejection(impatient.getUser({ AccessToken: 'at' }));
    expect(error).toBeInstanceOf(CognitoNetworkError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect((error as Error).message).toMatch(/GetUser timed out after 150 ms/);
  });

  it('treats an infinite timeout as none rather than as an immediate one', async () => {
    answerWith(200, { Username: 'u', UserAttributes: [] });
    const patient = createCognitoClient({ endpoint: server.url, timeoutMs: Number.POSITIVE_INFINITY });
    await expect(patient.getUser({ AccessToken: 'at' })).resolves.toMatchObject({ Username: 'u' });
  });

  it('times out when the body stalls after the headers', async () => {
    server.setHandler((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '100' });
      res.write('{');
    });
    const impatient = createCognitoClient({ endpoint: server.url, timeoutMs: 150 });
    const error = await rejection(impatient.getUser({ AccessToken: 'at' }));
    expect(error).toMatchObject({ kind: 'timeout' });
  });

  it('stops when the caller aborts, and does not call at all if already aborted', async () => {
    server.setHandler(() => {});
    const controller = new AbortController();
    const pending = rejection(client.getUser({ AccessToken: 'at' }, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 30);
    await expect(pending).resolves.toMatchObject({ name: 'CognitoNetworkError', kind: 'aborted' });

    server.requests.length = 0;
    const closed = createCognitoClient({ endpoint: server.url, signal: AbortSignal.abort() });
    await expect(rejection(closed.getUser({ AccessToken: 'at' }))).resolves.toMatchObject({
      kind: 'aborted',
    });
    expect(server.requests).toHaveLength(0);
  });
});
