// The closed set of error codes an extension page can receive, and the English bundle's messages for them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cognitoErrorCode, errorMessageKey, PAGE_ERROR_CODES } from '../../src/messages/index.ts';

const bundle = JSON.parse(
  readFileSync(new URL('../../public/_locales/en/messages.json', import.meta.url), 'utf8'),
) as Record<string, { message: string }>;

describe('page error codes', () => {
  it('every code has a message in the English bundle', () => {
    const missing = PAGE_ERROR_CODES.filter((code) => !bundle[errorMessageKey(code)]?.message);
    expect(missing).toEqual([]);
  });

  it('every error_ message in the bundle belongs to a code (no stale AWS names)', () => {
    const known = new Set<string>(PAGE_ERROR_CODES.map(errorMessageKey));
    const stale = Object.keys(bundle).filter((key) => key.startsWith('error_') && !known.has(key));
    expect(stale).toEqual([]);
  });

  it('maps Cognito exception names to the few codes the popup shows', () => {
    expect(cognitoErrorCode('NotAuthorizedException')).toBe('token-expired');
    expect(cognitoErrorCode('TooManyRequestsException')).toBe('rate-limited');
    expect(cognitoErrorCode('LimitExceededException')).toBe('rate-limited');
    expect(cognitoErrorCode('ResourceNotFoundException')).toBe('device-not-found');
    expect(cognitoErrorCode('InvalidParameterException')).toBe('cognito-refused');
    expect(cognitoErrorCode('UnknownError')).toBe('cognito-refused');
  });

  it('writes - as _ in bundle keys, which may not contain -', () => {
    expect(errorMessageKey('token-expired')).toBe('error_token_expired');
    for (const code of PAGE_ERROR_CODES) expect(errorMessageKey(code)).toMatch(/^[A-Za-z0-9_]+$/);
  });
});
