import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANAGED_SITES_MAX, parseManagedConfig } from '../../src/managed-config.ts';

describe('parseManagedConfig', () => {
  it('accepts the README example and canonicalises origins and endpoints', () => {
    const config = parseManagedConfig({
      sites: [
        {
          origin: 'https://App.Example.com:443',
          policy: 'always',
          clients: [{ clientId: '1example23456789', endpoint: 'https://AUTH.example.com#x' }],
        },
        { origin: 'https://intranet.example.com/' },
        {
          origin: 'http://127.0.0.1:8501',
          clients: [{ clientId: 'abc', endpoint: 'http://127.0.0.1:8500' }],
        },
      ],
    });
    expect(config.problems).toEqual([]);
    expect(config.sites).toEqual([
      {
        origin: 'https://app.example.com',
        policy: 'always',
        clients: [{ clientId: '1example23456789', endpoint: 'https://auth.example.com/' }],
      },
      { origin: 'https://intranet.example.com', clients: [] },
      {
        origin: 'http://127.0.0.1:8501',
        clients: [{ clientId: 'abc', endpoint: 'http://127.0.0.1:8500/' }],
      },
    ]);
  });

  it('treats no policy at all as nothing managed', () => {
    expect(parseManagedConfig({})).toEqual({ sites: [], problems: [] });
    expect(parseManagedConfig(undefined)).toEqual({ sites: [], problems: [] });
    expect(parseManagedConfig(null)).toEqual({ sites: [], problems: [] });
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
        { origin: 'https://OK.example.com' },
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

  it('skips a whole site when one of its client bindings is invalid', () => {
    const config = parseManagedConfig({
      sites: [
        {
          origin: 'https://app.example.com',
          clients: [
            { clientId: 'good1', endpoint: 'https://auth.example.com/' },
            { clientId: 'bad id!', endpoint: 'https://auth.example.com/' },
          ],
        },
        {
          origin: 'https://plain-http.example.com',
          clients: [{ clientId: 'c', endpoint: 'http://auth.example.com/' }],
        },
        {
          origin: 'https://creds.example.com',
          clients: [{ clientId: 'c', endpoint: 'https://u:p@auth.example.com/' }],
        },
        {
          origin: 'https://twice.example.com',
          clients: [
            { clientId: 'c', endpoint: 'https://a.example.com/' },
            { clientId: 'c', endpoint: 'https://b.example.com/' },
          ],
        },
        {
          origin: 'https://extra.example.com',
          clients: [{ clientId: 'c', endpoint: 'https://a.example.com/', region: 'x' }],
        },
        { origin: 'https://notalist.example.com', clients: { clientId: 'c' } },
      ],
    });
    expect(config.sites).toEqual([]);
    expect(config.problems.join('\n')).toMatch(
      /app\.example\.com\) clients\[1\].*not a Cognito app client id/,
    );
    expect(config.problems.join('\n')).toMatch(/plain-http.*must be https/);
    expect(config.problems.join('\n')).toMatch(/creds.*credentials/);
    expect(config.problems.join('\n')).toMatch(/twice.*listed twice/);
    expect(config.problems.join('\n')).toMatch(/extra.*unknown "region"/);
    expect(config.problems.join('\n')).toMatch(/notalist.*"clients" must be a list/);
  });

  it('lets AWS Cognito hosts and loopback through, refuses plain http elsewhere', () => {
    const config = parseManagedConfig({
      sites: [
        {
          origin: 'https://a.example.com',
          clients: [
            { clientId: 'aws', endpoint: 'https://cognito-idp.eu-west-1.amazonaws.com/' },
            { clientId: 'local', endpoint: 'http://localhost:9229/' },
          ],
        },
      ],
    });
    expect(config.problems).toEqual([]);
    expect(config.sites[0]?.clients.map((c) => c.endpoint)).toEqual([
      'https://cognito-idp.eu-west-1.amazonaws.com/',
      'http://localhost:9229/',
    ]);
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
    expect(Object.keys(site.properties).sort()).toEqual(['clients', 'origin', 'policy']);
    expect(site.properties.policy.enum).toEqual(['always', 'ask', 'never']);
    expect(Object.keys(site.properties.clients.items.properties).sort()).toEqual(['clientId', 'endpoint']);
  });

  it('accepts the example policy the README documents', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- managed-example -->\s*```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const policy = JSON.parse(block ?? '');
    const config = parseManagedConfig(policy);
    expect(config.problems).toEqual([]);
    expect(config.sites.length).toBeGreaterThan(0);
  });
});
