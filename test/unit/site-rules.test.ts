import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseManagedConfig } from '../../src/managed-config.ts';
import { SETTINGS_FORMAT, SettingsFile } from '../../src/messages/index.ts';
import { checkEndpoint, checkOrigin } from '../../src/site-rules.ts';

// Every reader of an origin or endpoint (popup requests, settings import, managed configuration)
// must give the same answer: these cases run through all three.
const fileWith = (site: object) => ({ format: SETTINGS_FORMAT, version: 1, sites: [site] });
const importAccepts = (site: object) => v.safeParse(SettingsFile, fileWith(site)).success;
const managedAccepts = (site: object) => parseManagedConfig({ sites: [site] }).sites.length === 1;

const BAD_ORIGINS = [
  'https://*',
  'https://*.example.com',
  'https://app.*',
  'https://App.Example.com',
  'https://app.example.com:443',
  'https://app.example.com.',
  'https://app.example.com/login',
  'https://app.example.com/?x',
  'https://u:p@app.example.com',
  'https://ex%61mple.com',
  'ftp://files.example.com',
  'https://exаmple.com', // a Cyrillic "а": the browser turns it into xn--..., not what was shown
];
const GOOD_ORIGINS = [
  'https://app.example.com',
  'http://127.0.0.1:8501',
  'https://[::1]:8443',
  'https://a.b/',
];

const BAD_ENDPOINTS = [
  'http://auth.example.com/',
  'http://cognito-idp.us-east-1.amazonaws.com/',
  'http://10.0.0.5:9229/',
  'https://*.example.com/',
  'https://u:p@auth.example.com/',
  'https://auth.example.com/?redirect=x',
  'javascript:alert(1)',
];
const GOOD_ENDPOINTS: [string, string][] = [
  ['https://cognito-idp.us-east-1.amazonaws.com', 'https://cognito-idp.us-east-1.amazonaws.com/'],
  ['https://AUTH.example.com/cognito#x', 'https://auth.example.com/cognito'],
  ['http://127.0.0.1:9229', 'http://127.0.0.1:9229/'],
  ['http://localhost:9229/', 'http://localhost:9229/'],
  ['http://[::1]:9229/', 'http://[::1]:9229/'],
];

describe('one validator for origins and endpoints', () => {
  it.each(BAD_ORIGINS)('refuses the origin %s everywhere', (origin) => {
    expect(checkOrigin(origin).ok).toBe(false);
    expect(importAccepts({ origin, policy: 'ask' })).toBe(false);
    expect(managedAccepts({ origin })).toBe(false);
  });

  it.each(GOOD_ORIGINS)('accepts the origin %s everywhere', (origin) => {
    const canonical = new URL(origin).origin;
    expect(checkOrigin(origin)).toEqual({ ok: true, value: canonical });
    expect(importAccepts({ origin, policy: 'ask' })).toBe(true);
    expect(parseManagedConfig({ sites: [{ origin }] }).sites).toEqual([{ origin: canonical }]);
  });

  it.each(BAD_ENDPOINTS)('refuses the endpoint %s everywhere', (customEndpoint) => {
    const site = { origin: 'https://app.example.com', policy: 'ask', customEndpoint };
    expect(checkEndpoint(customEndpoint).ok).toBe(false);
    expect(importAccepts(site)).toBe(false);
    expect(managedAccepts(site)).toBe(false);
  });

  it.each(GOOD_ENDPOINTS)('accepts the endpoint %s everywhere, stored as %s', (customEndpoint, stored) => {
    const site = { origin: 'https://app.example.com', policy: 'ask', customEndpoint };
    expect(checkEndpoint(customEndpoint)).toEqual({ ok: true, value: stored });
    const parsed = v.parse(SettingsFile, fileWith(site));
    expect(parsed.sites[0]?.customEndpoint).toBe(stored);
    expect(parseManagedConfig({ sites: [site] }).sites[0]?.customEndpoint).toBe(stored);
  });

  it('says why, in words a person can act on', () => {
    expect(checkOrigin('https://*.example.com')).toEqual({
      ok: false,
      problem: '"origin" "https://*.example.com" must name one host, without wildcards',
    });
    expect(checkOrigin('https://App.example.com')).toMatchObject({
      problem: expect.stringContaining('must be written as https://app.example.com'),
    });
    expect(checkEndpoint('http://auth.example.com/')).toMatchObject({
      problem: expect.stringContaining('must be https (http is for loopback only)'),
    });
  });

  it('refuses a settings file that lists one site twice (which entry would win is not for the file to hide)', () => {
    const twice = {
      format: SETTINGS_FORMAT,
      version: 1,
      sites: [
        { origin: 'https://app.example.com', policy: 'never' },
        { origin: 'https://app.example.com/', policy: 'always', customEndpoint: 'https://auth.example.com/' },
      ],
    };
    const parsed = v.safeParse(SettingsFile, twice);
    expect(parsed.success).toBe(false);
    expect(parsed.issues?.[0]?.message).toBe('a site is listed twice: each origin once');
  });
});
