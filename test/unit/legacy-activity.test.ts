// Vault v4's upgrade of older activity entries (background/vault/legacy-activity.ts). The words every
// released carrier line wrote are in test/reliability/fixtures/vault-v3.json, upgraded through the real
// migration there; these are the cases no released version wrote, which must still keep their meaning.
import { describe, expect, it } from 'vitest';
import { activityFromV3 } from '../../background/vault/legacy-activity.ts';

const at = 1760000000000;
const origin = 'https://old.example';

describe('activity entries from before reasons were recorded', () => {
  it('keeps an error whose words name no known reason as an error, with its words and key', () => {
    expect(activityFromV3({ id: 7, at, kind: 'error', origin, detail: 'Something else broke' })).toEqual({
      id: 7,
      at,
      kind: 'error',
      origin,
      detail: 'Something else broke',
      reason: 'unrecorded',
    });
    expect(activityFromV3({ at, kind: 'error', origin })).toEqual({
      at,
      kind: 'error',
      origin,
      reason: 'unrecorded',
    });
  });

  it('reads the days of an ended trust, and keeps one without days as an error rather than invent them', () => {
    const detail =
      'Trust for this browser ended after 12 days: the code was asked and the browser enrolled again';
    expect(activityFromV3({ at, kind: 'trust-ended', origin, detail })).toEqual({
      at,
      kind: 'trust-ended',
      origin,
      detail,
      trustDays: 12,
    });
    expect(activityFromV3({ at, kind: 'trust-ended', origin, detail: 'Trust ended' })).toEqual({
      at,
      kind: 'error',
      origin,
      detail: 'Trust ended',
      reason: 'unrecorded',
    });
  });

  it('leaves every other kind as it was', () => {
    const entry = {
      id: 3,
      at,
      kind: 'mfa-asked',
      origin,
      poolId: 'us-east-1_P',
      username: 'al',
      detail: 'SMS_MFA',
    };
    expect(activityFromV3(entry)).toEqual(entry);
  });
});
