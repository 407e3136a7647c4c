import { describe, expect, it } from 'vitest';
import {
  CognitoNetworkError,
  CognitoServiceError,
  isCognitoError,
  parseCognitoErrorResponse,
  sanitizeErrorCode,
} from '../../src/cognito/index.ts';

describe('sanitizeErrorCode', () => {
  it('keeps only the exception name', () => {
    expect(sanitizeErrorCode('NotAuthorizedException')).toBe('NotAuthorizedException');
    expect(sanitizeErrorCode('NotAuthorizedException:')).toBe('NotAuthorizedException');
    expect(sanitizeErrorCode('com.amazonaws.cognito.identity.idp.model#UserNotFoundException')).toBe(
      'UserNotFoundException',
    );
    expect(sanitizeErrorCode('aws.protocoltests#FooError:http://internal.amazon.com/coral/')).toBe(
      'FooError',
    );
  });

  it('refuses anything that is not a plain name', () => {
    for (const raw of ['', ':', '#', 'has space', '<b>', 42, undefined, null]) {
      expect(sanitizeErrorCode(raw), String(raw)).toBeUndefined();
    }
  });
});

describe('parseCognitoErrorResponse', () => {
  it('prefers the x-amzn-ErrorType header, as the AWS SDKs do', () => {
    const error = parseCognitoErrorResponse(
      400,
      new Headers({ 'x-amzn-ErrorType': 'UserNotConfirmedException:', 'x-amzn-RequestId': 'r-1' }),
      '{"__type":"NotAuthorizedException","message":"m"}',
    );
    expect(error).toMatchObject({
      code: 'UserNotConfirmedException',
      message: 'm',
      status: 400,
      requestId: 'r-1',
    });
  });

  it('reads a body `code` field before `__type`', () => {
    const error = parseCognitoErrorResponse(
      400,
      new Headers(),
      '{"code":"LimitExceededException","__type":"X"}',
    );
    expect(error.code).toBe('LimitExceededException');
  });

  it('never throws on garbage, and bounds the message', () => {
    for (const body of ['', 'null', '[]', '"str"', '{', '<html>', '\u0000\u0001']) {
      const error = parseCognitoErrorResponse(502, new Headers(), body);
      expect(error).toBeInstanceOf(CognitoServiceError);
      expect(error.code).toBe('UnknownError');
      expect(error.status).toBe(502);
    }
    const long = parseCognitoErrorResponse(400, new Headers(), JSON.stringify({ message: 'x'.repeat(5000) }));
    expect(long.message.length).toBeLessThanOrEqual(1025);
  });

  it('names the error after its code so stack traces and logs read well', () => {
    const error = parseCognitoErrorResponse(400, new Headers(), '{"__type":"ResourceNotFoundException"}');
    expect(error.name).toBe('ResourceNotFoundException');
    expect(String(error)).toBe('ResourceNotFoundException: Cognito endpoint answered HTTP 400');
    expect(error).toBeInstanceOf(Error);
  });
});

describe('isCognitoError', () => {
  it('matches service errors, optionally by code, and nothing else', () => {
    const error = new CognitoServiceError('NotAuthorizedException', 'no', 400);
    expect(isCognitoError(error)).toBe(true);
    expect(isCognitoError(error, 'NotAuthorizedException')).toBe(true);
    expect(isCognitoError(error, 'ResourceNotFoundException')).toBe(false);
    expect(isCognitoError(new CognitoNetworkError('down', 'fetch'))).toBe(false);
    expect(isCognitoError({ name: 'NotAuthorizedException', code: 'NotAuthorizedException' })).toBe(false);
    expect(isCognitoError(undefined)).toBe(false);
  });
});
