// The toolbar button in real Chromium: each tab shows its own site's state (off, enabled,
// remembered), set by the background as the person enables a site and signs in.
import { describe, expect, it } from 'vitest';
import { launchChromiumWithExtension } from '../../dev/chromium.ts';
import { signedOutPage, signInAnsweringMfa } from '../../dev/demo-page.ts';
import { DEMO_POOL } from '../../dev/demo-sites/fixtures.ts';
import { enableSiteInPopup } from '../../dev/extension.ts';
import { toolbarOf } from '../../dev/popup.ts';
import messages from '../../public/_locales/en/messages.json' with { type: 'json' };
import { useStackAndBrowser } from '../support/browser-stack.ts';

const { stack, browser: chromium } = useStackAndBrowser(launchChromiumWithExtension);

const look = (badge: string, title: keyof typeof messages) => ({ badge, title: messages[title].message });

describe('toolbar button in Chromium', () => {
  it('shows off, then enabled, then remembered for the enabled site, and off for the other site meanwhile', async () => {
    const alice = DEMO_POOL.users.find((u) => u.username === 'alice');
    if (!alice) throw new Error('no alice in the demo pool');
    const amplify = await signedOutPage(chromium.context, stack.amplifyUrl);
    const acij = await signedOutPage(chromium.context, stack.acijUrl);
    await expect.poll(() => toolbarOf(chromium, amplify)).toEqual(look('', 'toolbarOff'));

    await enableSiteInPopup(chromium, new URL(stack.amplifyUrl).origin);
    await expect.poll(() => toolbarOf(chromium, amplify)).toEqual(look('', 'toolbarEnabled'));

    expect(await signInAnsweringMfa(amplify, alice, stack.totp)).toMatchObject({
      status: 'signed-in',
      mfaAsked: 'yes',
    });
    await expect.poll(() => toolbarOf(chromium, amplify)).toEqual(look('✓', 'toolbarRemembered'));
    // One site never changes what another tab shows.
    expect(await toolbarOf(chromium, acij)).toEqual(look('', 'toolbarOff'));

    // A new page of the site (a navigation) shows the same state again.
    await amplify.reload();
    await expect.poll(() => toolbarOf(chromium, amplify)).toEqual(look('✓', 'toolbarRemembered'));
    await amplify.close();
    await acij.close();
  });
});
