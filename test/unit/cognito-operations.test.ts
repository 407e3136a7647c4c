import { describe, expect, it } from 'vitest';
import {
  COGNITO_OPERATIONS,
  COGNITO_TARGET_PREFIX,
  DEVICE_FLOW_OPERATIONS,
  isCognitoOperation,
  parseTarget,
  targetFor,
} from '../../src/cognito/index.ts';

describe('parseTarget', () => {
  it('returns the operation of a Cognito user pool target', () => {
    expect(parseTarget('AWSCognitoIdentityProviderService.InitiateAuth')).toBe('InitiateAuth');
    expect(parseTarget('AWSCognitoIdentityProviderService.RespondToAuthChallenge')).toBe(
      'RespondToAuthChallenge',
    );
  });

  it('tolerates surrounding whitespace but nothing inside', () => {
    expect(parseTarget('  AWSCognitoIdentityProviderService.ListDevices\t')).toBe('ListDevices');
    expect(parseTarget('AWSCognitoIdentityProviderService. ListDevices')).toBeUndefined();
    expect(parseTarget('AWSCognitoIdentityProviderService.List Devices')).toBeUndefined();
  });

  it('passes well-formed but unknown operations through for the caller to judge', () => {
    expect(parseTarget('AWSCognitoIdentityProviderService.SomeFutureOperation')).toBe('SomeFutureOperation');
    expect(isCognitoOperation('SomeFutureOperation')).toBe(false);
  });

  it('rejects other services, missing or malformed operations', () => {
    for (const header of [
      '',
      'AWSCognitoIdentityProviderService.',
      'AWSCognitoIdentityProviderService',
      'AWSCognitoIdentityService.GetId',
      'awscognitoidentityproviderservice.InitiateAuth',
      'AWSCognitoIdentityProviderService.initiateAuth',
      'AWSCognitoIdentityProviderService.Initiate.Auth',
      'AWSCognitoIdentityProviderService.InitiateAuth\r\nX: y',
      'xAWSCognitoIdentityProviderService.InitiateAuth',
      `AWSCognitoIdentityProviderService.${'A'.repeat(65)}`,
    ]) {
      expect(parseTarget(header), JSON.stringify(header)).toBeUndefined();
    }
    expect(parseTarget(null)).toBeUndefined();
    expect(parseTarget(undefined)).toBeUndefined();
  });

  it('round-trips with targetFor', () => {
    for (const operation of COGNITO_OPERATIONS) {
      expect(parseTarget(targetFor(operation))).toBe(operation);
    }
    expect(targetFor('GetUser')).toBe(`${COGNITO_TARGET_PREFIX}GetUser`);
    expect(() => targetFor('Get\nUser')).toThrow(TypeError);
  });
});

describe('operation list', () => {
  it('knows the device flow operations and the admin device ones', () => {
    for (const operation of [...DEVICE_FLOW_OPERATIONS, 'AdminListDevices', 'AdminForgetDevice', 'SignUp']) {
      expect(isCognitoOperation(operation), operation).toBe(true);
    }
    expect(new Set(COGNITO_OPERATIONS).size).toBe(COGNITO_OPERATIONS.length);
  });

  it('is not fooled by prototype keys or other types', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'initiateauth', '', 42, null]) {
      expect(isCognitoOperation(name)).toBe(false);
    }
  });
});
