// What the options page's custom endpoint does to a site record, on an in-memory IndexedDB
// (fake-indexeddb: Node has none; the e2e suite runs the same code on Chromium's).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openVault } from '../../background/vault/open.ts';
import { Vault } from '../../background/vault/vault.ts';

const ORIGIN = 'https://app.example';
const AWS = 'https://cognito-idp.us-east-1.amazonaws.com/';
const EMULATOR = 'http://127.0.0.1:9229/';

async function siteWithClients(): Promise<Vault> {
  const vault = new Vault(await openVault('endpoint-test', new IDBFactory()));
  await vault.enableSite(ORIGIN, 1);
  await vault.bindClient(ORIGIN, 'awsclient', AWS);
  return vault;
}

describe('custom endpoint on a site', () => {
  it('is refused for a site that is not enabled', async () => {
    const vault = await siteWithClients();
    expect(await vault.setCustomEndpoint('https://other.example', EMULATOR)).toBe(false);
    expect(await vault.getSite('https://other.example')).toBeUndefined();
  });

  it('unbinds clients learned through another endpoint, keeps policy, and clears back', async () => {
    const vault = await siteWithClients();
    await vault.setPolicy(ORIGIN, 'never');
    expect(await vault.setCustomEndpoint(ORIGIN, EMULATOR)).toBe(true);
    expect(await vault.getSite(ORIGIN)).toMatchObject({
      customEndpoint: EMULATOR,
      clients: [],
      policy: 'never',
    });
    // A client learned through the emulator then does not conflict.
    expect(await vault.bindClient(ORIGIN, 'awsclient', EMULATOR)).toBe('bound');

    expect(await vault.setCustomEndpoint(ORIGIN, undefined)).toBe(true);
    const cleared = await vault.getSite(ORIGIN);
    expect(cleared).not.toHaveProperty('customEndpoint');
    expect(cleared?.clients).toEqual([]);
  });

  it('keeps clients already bound to the same endpoint, and changes nothing when set again', async () => {
    const vault = new Vault(await openVault('endpoint-same', new IDBFactory()));
    await vault.enableSite(ORIGIN, 1);
    await vault.bindClient(ORIGIN, 'emuclient', EMULATOR);
    await vault.setCustomEndpoint(ORIGIN, EMULATOR);
    await vault.setCustomEndpoint(ORIGIN, EMULATOR);
    expect((await vault.getSite(ORIGIN))?.clients).toEqual([{ clientId: 'emuclient', endpoint: EMULATOR }]);
  });
});
