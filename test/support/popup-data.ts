// What the background tells the popup in its component tests: the shop site most of them open on,
// alice's device in this browser, and the devices Cognito lists for her.
import type { LocalDeviceView, RemoteDeviceView, SiteView } from '../../src/messages/index.ts';

/** The site most popup tests open on, its pool, and the tab they open it in. */
export const SHOP = {
  origin: 'https://shop.example',
  pool: 'us-east-1_Pool1',
  tab: { origin: 'https://shop.example', tabId: 7 },
} as const;

/** The shop site enabled (policy ask) with one app client and alice seen signing in. */
export function shopSite(over: Partial<SiteView> = {}): SiteView {
  return {
    origin: SHOP.origin,
    enabled: true,
    policy: 'ask',
    clients: [
      { clientId: 'client1', endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/', poolId: SHOP.pool },
    ],
    users: [{ poolId: SHOP.pool, username: 'alice' }],
    ...over,
  };
}

/** Alice's device in this browser for the shop site, a day old. */
export function shopDevice(over: Partial<LocalDeviceView> = {}): LocalDeviceView {
  return {
    poolId: SHOP.pool,
    username: 'alice',
    deviceKey: 'us-east-1_here',
    deviceName: 'Chrome on Linux',
    status: 'remembered',
    origin: SHOP.origin,
    createdAt: Date.now() - 86_400_000,
    ...over,
  };
}

/** `n` devices Cognito lists for alice, the first one this browser's (`shopDevice`). */
export function remoteDevices(
  n: number,
  more: (i: number) => Partial<RemoteDeviceView> = () => ({}),
): RemoteDeviceView[] {
  return Array.from({ length: n }, (_, i) => ({
    deviceKey: i === 0 ? 'us-east-1_here' : `us-east-1_d${i}`,
    name: i === 0 ? 'Chrome on Linux' : `Laptop ${i}`,
    status: 'valid',
    thisBrowser: i === 0,
    ...more(i),
  }));
}
