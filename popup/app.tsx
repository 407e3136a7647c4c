import { useCallback, useEffect, useState } from 'preact/hooks';
import type { LocalDeviceView, SitePolicy, SiteView } from '../src/messages/index.ts';
import { ask, currentTab, requestSiteAccess } from './api.ts';

/**
 * The minimal popup: enable or disable the current site, choose what happens when a pool asks
 * whether to remember this browser, and see or remove the devices this browser holds.
 */
export function App() {
  const [origin, setOrigin] = useState<string | undefined>();
  const [site, setSite] = useState<SiteView | undefined>();
  const [devices, setDevices] = useState<LocalDeviceView[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async (o: string | undefined) => {
    try {
      setDevices(await ask<LocalDeviceView[]>({ type: 'vault.list' }));
      if (o) setSite(await ask<SiteView>({ type: 'site.status', origin: o }));
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void currentTab().then(({ origin: o }) => {
      setOrigin(o);
      void refresh(o);
    });
  }, [refresh]);

  const run = (work: () => Promise<unknown>) => async () => {
    try {
      await work();
      await refresh(origin);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const enable = run(async () => {
    if (!origin) return;
    if (!(await requestSiteAccess(origin))) throw new Error('Access to the site was not granted.');
    setSite(await ask<SiteView>({ type: 'site.enable', origin }));
  });
  const disable = run(async () => {
    if (origin) setSite(await ask<SiteView>({ type: 'site.disable', origin, removeDevices: false }));
  });
  const setPolicy = (policy: SitePolicy) =>
    run(async () => {
      if (origin) setSite(await ask<SiteView>({ type: 'site.setPolicy', origin, policy }));
    })();

  return (
    <main aria-busy={loading}>
      <h1>Device Companion</h1>
      <section aria-labelledby="site-heading">
        <h2 id="site-heading">This site</h2>
        {origin ? (
          <>
            <p class="origin" data-testid="site-origin">
              {origin}
            </p>
            {site?.enabled ? (
              <>
                <p data-testid="site-state">Enabled: this browser is remembered on sign-in.</p>
                <label>
                  When the site asks to remember this browser{' '}
                  <select
                    data-testid="site-policy"
                    value={site.policy}
                    onChange={(e) => setPolicy((e.currentTarget as HTMLSelectElement).value as SitePolicy)}
                  >
                    <option value="always">Always remember</option>
                    <option value="ask">Ask me</option>
                    <option value="never">Never</option>
                  </select>
                </label>
                <p>
                  <button type="button" data-testid="site-disable" onClick={disable}>
                    Disable on this site
                  </button>
                </p>
              </>
            ) : (
              <>
                <p data-testid="site-state" class="muted">
                  Not enabled. Reload the page after enabling.
                </p>
                <button
                  type="button"
                  class="primary"
                  data-testid="site-enable"
                  onClick={enable}
                  disabled={loading}
                >
                  Enable on this site
                </button>
              </>
            )}
          </>
        ) : (
          <p class="muted">Open a web site to enable it.</p>
        )}
      </section>
      <section aria-labelledby="devices-heading">
        <h2 id="devices-heading">Devices in this browser</h2>
        {devices.length === 0 ? (
          <p class="muted">None yet. Sign in on an enabled site to remember this browser.</p>
        ) : (
          <ul data-testid="local-devices">
            {devices.map((d) => (
              <li key={d.deviceKey}>
                <span>
                  {d.username} <span class="muted">({d.status.replace('_', ' ')})</span>
                </span>
                <button
                  type="button"
                  aria-label={`Remove ${d.username}'s device from this browser`}
                  onClick={run(() => ask({ type: 'vault.remove', poolId: d.poolId, username: d.username }))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {error && (
        <p role="alert" class="error" data-testid="popup-error">
          {error}
        </p>
      )}
    </main>
  );
}
