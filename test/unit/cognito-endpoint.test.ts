import { describe, expect, it } from 'vitest';
import {
  endpointForRegion,
  isCognitoHost,
  isRegion,
  normalizeEndpoint,
  regionFromCognitoHost,
  regionFromUserPoolId,
} from '../../src/cognito/index.ts';

describe('endpointForRegion', () => {
  it('builds the regional endpoint', () => {
    expect(endpointForRegion('us-east-1')).toBe('https://cognito-idp.us-east-1.amazonaws.com/');
    expect(endpointForRegion('ap-southeast-2')).toBe('https://cognito-idp.ap-southeast-2.amazonaws.com/');
    expect(endpointForRegion('us-gov-west-1')).toBe('https://cognito-idp.us-gov-west-1.amazonaws.com/');
  });

  it('builds the FIPS endpoint on request and the China partition domain for cn- regions', () => {
    expect(endpointForRegion('us-west-2', { fips: true })).toBe(
      'https://cognito-idp-fips.us-west-2.amazonaws.com/',
    );
    expect(endpointForRegion('cn-north-1')).toBe('https://cognito-idp.cn-north-1.amazonaws.com.cn/');
  });

  it('rejects anything that is not a region, so no URL can be smuggled in', () => {
    for (const bad of [
      '',
      'US-EAST-1',
      'us-east',
      'useast1',
      'us-east-1.evil.com',
      'us-east-1/',
      'evil.com#',
      ' us-east-1',
    ]) {
      expect(() => endpointForRegion(bad), bad).toThrow(TypeError);
    }
    expect(isRegion('eu-central-2')).toBe(true);
    expect(isRegion(42)).toBe(false);
  });
});

describe('regionFromUserPoolId', () => {
  it('takes the part before the underscore', () => {
    expect(regionFromUserPoolId('us-east-1_abc')).toBe('us-east-1');
    expect(regionFromUserPoolId('eu-west-2_AbC123xyZ')).toBe('eu-west-2');
  });

  it('rejects malformed pool ids', () => {
    for (const bad of [
      'us-east-1',
      'us-east-1_',
      '_abc',
      'us-east-1_ab-c',
      'xx_abc',
      'us-east-1_abc def',
      `us-east-1_${'a'.repeat(60)}`,
    ]) {
      expect(() => regionFromUserPoolId(bad), bad).toThrow(TypeError);
    }
  });
});

describe('isCognitoHost', () => {
  it('recognises regional, FIPS and China hosts', () => {
    expect(isCognitoHost('cognito-idp.us-east-1.amazonaws.com')).toBe(true);
    expect(isCognitoHost('cognito-idp-fips.us-gov-west-1.amazonaws.com')).toBe(true);
    expect(isCognitoHost('COGNITO-IDP.EU-WEST-1.AMAZONAWS.COM.')).toBe(true);
    expect(isCognitoHost('cognito-idp.cn-northwest-1.amazonaws.com.cn')).toBe(true);
    expect(regionFromCognitoHost('cognito-idp-fips.us-east-2.amazonaws.com')).toBe('us-east-2');
  });

  it('rejects look-alikes and other AWS services', () => {
    for (const host of [
      'cognito-identity.us-east-1.amazonaws.com',
      'cognito-idp.amazonaws.com',
      'cognito-idp.us-east-1.amazonaws.com.evil.com',
      'evil.cognito-idp.us-east-1.amazonaws.com',
      'cognito-idp.us-east-1.amazonaws.co',
      'cognito-idp.us-east-1.amazonaws.com.cn',
      'cognito-idp.cn-north-1.amazonaws.com',
      'cognito-idp-fipsx.us-east-1.amazonaws.com',
      'cognito-idp.not_a_region.amazonaws.com',
      '',
    ]) {
      expect(isCognitoHost(host), host).toBe(false);
    }
  });
});

describe('normalizeEndpoint', () => {
  it('canonicalises case, default ports, empty paths and fragments', () => {
    expect(normalizeEndpoint('HTTPS://Cognito-IDP.us-east-1.amazonaws.com')).toBe(
      'https://cognito-idp.us-east-1.amazonaws.com/',
    );
    expect(normalizeEndpoint('https://cognito-idp.us-east-1.amazonaws.com:443/#x')).toBe(
      'https://cognito-idp.us-east-1.amazonaws.com/',
    );
    expect(normalizeEndpoint('http://127.0.0.1:9229')).toBe('http://127.0.0.1:9229/');
    expect(normalizeEndpoint('http://localhost:80/pool/')).toBe('http://localhost/pool/');
  });

  it('gives the same key for spellings of the same endpoint', () => {
    const keys = new Set(
      ['https://auth.example.com', 'https://AUTH.example.com/', 'https://auth.example.com:443/#frag'].map(
        normalizeEndpoint,
      ),
    );
    expect([...keys]).toEqual(['https://auth.example.com/']);
  });

  it('rejects relative, non-http and credentialed URLs', () => {
    for (const bad of [
      '/relative',
      'cognito-idp.us-east-1.amazonaws.com',
      'ftp://example.com/',
      'javascript:alert(1)',
      'data:text/plain,x',
      'https://user:pass@example.com/',
      'https://user@example.com/',
      '',
    ]) {
      expect(() => normalizeEndpoint(bad), bad).toThrow(TypeError);
    }
  });
});
