// Firefox match patterns carry no port, so with several enabled sites on one host every page of
// that host gets each site's registered hook and relay. A Cognito call the device flows do not join
// must still be handed back and answered by the emulator, not lost between the copies.

import { describe, expect, it } from 'vitest';
import { enableSiteInFirefoxPopup } from '../../dev/extension.ts';
import { launchFirefoxWithExtension } from '../../dev/firefox.ts';
import { useStackAndBrowser } from '../support/browser-stack.ts';

const { stack, browser: firefox } = useStackAndBrowser(launchFirefoxWithExtension);

describe('several enabled sites on one host in Firefox', () => {
  it('answers a Cognito call the carrier does not join from a page of one of them', async () => {
    const origins = [stack.amplifyUrl, stack.acijUrl, stack.emulatorUrl].map((u) => new URL(u).origin);
    expect(new Set(origins.map((o) => new URL(o).hostname)).size).toBe(1);
    const popup = await firefox.newPage();
    for (const origin of origins) {
      await enableSiteInFirefoxPopup(firefox, origin, popup);
    }

    const page = await firefox.newPage();
    await page.goto(stack.amplifyUrl);
    const answer = await page.evaluate(async (endpoint) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.ListDevices',
        },
        body: JSON.stringify({ AccessToken: 'not-a-token' }),
      });
      return { status: response.status, type: ((await response.json()) as { __type?: string }).__type };
    }, `${stack.emulatorUrl}/`);
    // The emulator's own refusal of the token: the call went out and came back.
    expect(answer).toEqual({ status: 400, type: 'NotAuthorizedException' });
  }, 60_000);
});
