// What the toolbar button says about the current tab's site, computed from vault records.
import { describe, expect, it } from 'vitest';
import { TOOLBAR_LOOKS, type ToolbarInput, toolbarState } from '../../background/toolbar/state.ts';
import type { ActivityRecord, DeviceRecord, SiteRecord } from '../../background/vault/schema.ts';
import messages from '../../public/_locales/en/messages.json' with { type: 'json' };
import type { DeviceStatus } from '../../src/messages/index.ts';

const SITE = 'https://app.example.com';
const OTHER = 'https://other.example.com';

function site(origin = SITE): SiteRecord {
  return { origin, policy: 'ask', clients: [], enabledAt: 1 };
}

function device(status: DeviceStatus, origin = SITE, username = 'alice'): DeviceRecord {
  return {
    poolId: 'us-east-1_pool',
    username,
    deviceKey: `us-east-1_${username}-${origin.length}-${status}`,
    deviceGroupKey: 'group',
    devicePassword: 'secret',
    deviceName: 'Chrome on Linux',
    status,
    origin,
    endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/',
    createdAt: 1,
  };
}

function entry(kind: 'error' | 'mfa-skipped', origin = SITE, at = 1): ActivityRecord {
  return kind === 'error' ? { at, kind, reason: 'confirm-device-failed', origin } : { at, kind, origin };
}

function state(input: Partial<ToolbarInput>) {
  return toolbarState({ origin: SITE, site: site(), devices: [], activity: [], ...input });
}

describe('toolbarState', () => {
  it('is off where the browser hides the URL, on non-web pages and on sites not enabled', () => {
    expect(state({ origin: undefined, site: undefined })).toBe('off');
    expect(state({ site: undefined, devices: [device('remembered')] })).toBe('off');
    // A site record of another origin never lights up this tab.
    expect(state({ site: site(OTHER) })).toBe('off');
  });

  it('is enabled on an enabled site with no device remembered here', () => {
    expect(state({})).toBe('enabled');
    expect(state({ devices: [device('not_remembered'), device('unconfirmed', SITE, 'bob')] })).toBe(
      'enabled',
    );
    // Another site's remembered device does not count here (each site has its own device).
    expect(state({ devices: [device('remembered', OTHER)] })).toBe('enabled');
  });

  it('is remembered once a device of this site is remembered', () => {
    expect(state({ devices: [device('remembered')] })).toBe('remembered');
    expect(state({ devices: [device('not_remembered'), device('remembered', SITE, 'bob')] })).toBe(
      'remembered',
    );
  });

  it('is waiting while a device of this site waits for the answer, even if another account is remembered', () => {
    expect(state({ devices: [device('pending')] })).toBe('waiting');
    expect(state({ devices: [device('remembered'), device('pending', SITE, 'bob')] })).toBe('waiting');
    expect(state({ devices: [device('pending', OTHER)] })).toBe('enabled');
  });

  it("needs attention after the site's latest activity was an error, or with a broken device", () => {
    expect(state({ devices: [device('remembered')], activity: [entry('error')] })).toBe('attention');
    expect(state({ devices: [device('broken')] })).toBe('attention');
    expect(state({ devices: [device('pending'), device('broken', SITE, 'bob')] })).toBe('attention');
  });

  it('forgets an error once something went right since (activity is newest first), and ignores other sites', () => {
    const activity = [entry('mfa-skipped', SITE, 3), entry('error', SITE, 2)];
    expect(state({ devices: [device('remembered')], activity })).toBe('remembered');
    expect(state({ devices: [device('remembered')], activity: [entry('error', OTHER)] })).toBe('remembered');
  });
});

describe('TOOLBAR_LOOKS', () => {
  it('grey icon and no badge only when off; a badge colour wherever there is a badge; a tooltip message each', () => {
    for (const [name, look] of Object.entries(TOOLBAR_LOOKS)) {
      expect(look.icon === 'off', name).toBe(name === 'off');
      expect(look.color !== undefined, name).toBe(look.badge !== '');
      expect(look.badge.length, name).toBeLessThanOrEqual(4);
      expect(messages, name).toHaveProperty(look.title);
    }
    const badges = Object.values(TOOLBAR_LOOKS).map((l) => `${l.badge}${l.color ?? ''}`);
    expect(new Set(badges).size, 'states with a badge look different').toBe(badges.length - 1);
  });
});
