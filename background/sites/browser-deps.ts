import browser from 'webextension-polyfill';
import { originPattern } from '../../src/origin-pattern.ts';
import { getVault, sessionTokens } from '../platform.ts';
import { hasHostPermission, registerSiteScripts, unregisterSiteScripts } from './content-scripts.ts';
import { injectIntoOpenTabs } from './late-injection.ts';
import { type SiteLifecycle, siteLifecycle } from './lifecycle.ts';

/** The site lifecycle over the real browser and vault: what the handlers and managed configuration use. */
export async function browserSites(): Promise<SiteLifecycle> {
  const vault = await getVault();
  return siteLifecycle({
    vault,
    now: Date.now,
    hasHostPermission,
    hostPattern: (origin) => originPattern(origin, __BROWSER__),
    async releaseHostPermission(origin) {
      try {
        await browser.permissions.remove({ origins: [originPattern(origin, __BROWSER__)] });
      } catch {
        // A required host permission (test builds) cannot be removed: nothing to give back.
      }
    },
    registerScripts: registerSiteScripts,
    unregisterScripts: unregisterSiteScripts,
    injectIntoOpenTabs: (origins) => injectIntoOpenTabs(origins),
    // The vault drops the site's aliases with its record (disableSite); its access tokens live in
    // storage.session, keyed by origin.
    forgetSiteState: (origin) => sessionTokens.forgetOrigin(origin),
  });
}
