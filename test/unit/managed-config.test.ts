import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { MANAGED_SITES_MAX, parseManagedConfig } from '../../src/managed-config.ts';
import { SETTINGS_FORMAT, SettingsFile } from '../../src/messages/index.ts';
import { MAX_TRUST_DAYS } from '../../src/site-rules.ts';

describe('parseManagedConfig', () => {
  it('accepts sites with a policy and a custom endpoint, canonicalising the endpoint', () => {
    const config = parseManagedConfig({
      sites: [
        {
          origin: 'https://app.example.com',
          policy: 'always',
          customEndpoint: 'https://AUTH.example.com#x',
        },
        { origin: 'https://intranet.example.com/' },
        { origin: 'http://127.0.0.1:8501', customEndpoint: 'http://127.0.0.1:8500' },
      ],
    });
    expect(config.problems).toEqual([]);
    expect(config.sites).toEqual([
      { origin: 'https://app.example.com', policy: 'always', customEndpoint: 'https://auth.example.com/' },
      { origin: 'https://intranet.example.com' },
      { origin: 'http://127.0.0.1:8501', customEndpoint: 'http://127.0.0.1:8500/' },
    ]);
  });

  it('treats no policy at all as nothing managed', () => {
    expect(parseManagedConfig({})).toEqual({ sites: [], problems: [] });
    expect(parseManagedConfig(undefined)).toEqual({ sites: [], problems: [] });
    expect(parseManagedConfig(null)).toEqual({ sites: [], problems: [] });
  });

  it('takes a settings file exported from the options page as it is', () => {
    const exported = {
      format: SETTINGS_FORMAT,
      version: 1,
      sites: [
        { origin: 'https://app.example.com', policy: 'never' },
        { origin: 'http://localhost:5173', policy: 'always', customEndpoint: 'http://localhost:9229/' },
      ],
    };
    expect(v.safeParse(SettingsFile, exported).success).toBe(true);
    expect(parseManagedConfig(exported)).toEqual({
      sites: [
        { origin: 'https://app.example.com', policy: 'never' },
        { origin: 'http://localhost:5173', policy: 'always', customEndpoint: 'http://localhost:9229/' },
      ],
      problems: [],
    });
  });

  it('skips invalid entries with a readable reason and keeps the valid rest', () => {
    const config = parseManagedConfig({
      sites: [
        { origin: 'https://ok.example.com', policy: 'never' },
        { origin: 'https://app.example.com/login' },
        { origin: 'ftp://files.example.com' },
        { origin: 'https://user:pw@example.com' },
        { origin: 'not a url' },
        { origin: 42 },
        'https://bare-string.example.com',
        { origin: 'https://policy.example.com', policy: 'sometimes' },
        { origin: 'https://typo.example.com', polcy: 'always' },
        { origin: 'https://ok.example.com' },
      ],
    });
    expect(config.sites.map((s) => s.origin)).toEqual(['https://ok.example.com']);
    expect(config.problems).toHaveLength(9);
    expect(config.problems[0]).toMatch(/sites\[1\].*origin only/);
    expect(config.problems[1]).toMatch(/sites\[2\].*http\(s\)/);
    expect(config.problems[2]).toMatch(/sites\[3\].*origin only/);
    expect(config.problems[3]).toMatch(/sites\[4\].*not a URL/);
    expect(config.problems[4]).toMatch(/sites\[5\].*URL string/);
    expect(config.problems[5]).toMatch(/sites\[6\].*object/);
    expect(config.problems[6]).toMatch(/sites\[7\].*always, ask, never.*sometimes/);
    expect(config.problems[7]).toMatch(/sites\[8\].*unknown "polcy"/);
    expect(config.problems[8]).toMatch(/sites\[9\].*listed twice/);
  });

  it('skips a site whose custom endpoint is unsafe, rather than enabling it half-configured', () => {
    const config = parseManagedConfig({
      sites: [
        { origin: 'https://plain-http.example.com', customEndpoint: 'http://auth.example.com/' },
        { origin: 'https://creds.example.com', customEndpoint: 'https://u:p@auth.example.com/' },
        { origin: 'https://scheme.example.com', customEndpoint: 'javascript:alert(1)' },
        { origin: 'https://number.example.com', customEndpoint: 443 },
      ],
    });
    expect(config.sites).toEqual([]);
    const problems = config.problems.join('\n');
    expect(problems).toMatch(/plain-http.*"customEndpoint".*must be https/);
    expect(problems).toMatch(/creds.*credentials/);
    expect(problems).toMatch(/scheme.*http\(s\)/);
    expect(problems).toMatch(/number.*URL string/);
  });

  it('lets AWS Cognito hosts and loopback through, refuses plain http elsewhere', () => {
    const config = parseManagedConfig({
      sites: [
        { origin: 'https://a.example.com', customEndpoint: 'https://cognito-idp.eu-west-1.amazonaws.com/' },
        { origin: 'https://b.example.com', customEndpoint: 'http://[::1]:9229/' },
        { origin: 'https://c.example.com', customEndpoint: 'http://10.0.0.5:9229/' },
      ],
    });
    expect(config.sites.map((s) => s.customEndpoint)).toEqual([
      'https://cognito-idp.eu-west-1.amazonaws.com/',
      'http://[::1]:9229/',
    ]);
    expect(config.problems).toEqual([expect.stringMatching(/c\.example\.com.*must be https/)]);
  });

  it('rejects a configuration of the wrong shape and reports unknown settings', () => {
    expect(parseManagedConfig('sites')).toEqual({
      sites: [],
      problems: ['managed configuration must be an object'],
    });
    expect(parseManagedConfig([]).problems).toEqual(['managed configuration must be an object']);
    expect(parseManagedConfig({ sites: 'https://a.example.com' }).problems).toEqual([
      '"sites" must be a list',
    ]);
    expect(parseManagedConfig({ site: [] }).problems).toEqual(['unknown setting "site" ignored']);
  });

  it('applies at most MANAGED_SITES_MAX sites', () => {
    const sites = Array.from({ length: MANAGED_SITES_MAX + 5 }, (_, i) => ({
      origin: `https://s${i}.example.com`,
    }));
    const config = parseManagedConfig({ sites });
    expect(config.sites).toHaveLength(MANAGED_SITES_MAX);
    expect(config.problems).toEqual([
      `"sites" lists ${MANAGED_SITES_MAX + 5}; only the first ${MANAGED_SITES_MAX} apply`,
    ]);
  });

  it('matches the schema Chrome validates the policy against', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../public/managed-schema.json', import.meta.url), 'utf8'),
    );
    const site = schema.properties.sites.items;
    expect(Object.keys(site.properties).sort()).toEqual(['customEndpoint', 'origin', 'policy', 'trustDays']);
    expect(site.properties.policy.enum).toEqual(['always', 'ask', 'never']);
    for (const key of ['customEndpoint', 'origin', 'policy'])
      expect(site.properties[key].type).toBe('string');
    expect(site.properties.trustDays).toMatchObject({ type: 'integer', minimum: 1, maximum: MAX_TRUST_DAYS });
  });

  it('accepts the example policy the README documents', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- managed-example -->\s*```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const config = parseManagedConfig(JSON.parse(block ?? ''));
    expect(config.problems).toEqual([]);
    expect(config.sites.length).toBeGreaterThan(0);
  });
});
