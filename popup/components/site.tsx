import { useState } from 'preact/hooks';
import type { LocalDeviceView, SitePolicy, SiteView } from '../../src/messages/index.ts';
import { ask, reloadTab, requestSiteAccess } from '../api.ts';
import { t } from '../i18n.ts';
import type { Loaded } from '../use-load.ts';
import { Confirm, ErrorNote, Skeleton, useAction } from './common.tsx';
import { EndpointEditor } from './endpoint.tsx';
import { RemoteDevices } from './remote-devices.tsx';

interface Props {
  origin: string;
  tabId?: number | undefined;
  site: Loaded<SiteView>;
  local: LocalDeviceView[];
  /** Options page: also the developer settings (custom endpoint). */
  detailed?: boolean;
  onSite: (site: SiteView) => void;
  onChanged: () => void;
  onRetry: () => void;
}

/** One site: enabled or not, its policy, the pools and clients it used, its accounts and their devices. */
export function SiteCard(props: Props) {
  const { origin, site } = props;
  const action = useAction();
  const [justEnabled, setJustEnabled] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const [removeDevices, setRemoveDevices] = useState(false);

  const enable = () =>
    action.run(async () => {
      // First thing in the click handler: the permission prompt needs the user gesture.
      if (!(await requestSiteAccess(origin))) throw new Error(t('accessDenied'));
      props.onSite(await ask({ type: 'site.enable', origin }));
      setJustEnabled(true);
      props.onChanged();
    });
  const disable = () =>
    action.run(async () => {
      setDisabling(false);
      props.onSite(await ask({ type: 'site.disable', origin, removeDevices }));
      setJustEnabled(false);
      props.onChanged();
    });
  const setPolicy = (policy: SitePolicy) =>
    action.run(async () => props.onSite(await ask({ type: 'site.setPolicy', origin, policy })));

  if (site.state === 'loading') return <Skeleton rows={3} />;
  if (site.state === 'error') return <ErrorNote error={site.error} onRetry={props.onRetry} />;
  const s = site.value;
  const policyId = `policy-${origin}`.replace(/[^\w-]/g, '_');

  return (
    <div class="site">
      <p class="origin" data-testid="site-origin">
        {origin}
      </p>
      {s.enabled ? (
        <>
          <p data-testid="site-state">{t('siteEnabled')}</p>
          {justEnabled && props.tabId !== undefined && (
            <div class="notice" role="status">
              <p>{t('enabledReload')}</p>
              <button
                type="button"
                class="primary"
                data-testid="reload-tab"
                onClick={() => void action.run(() => reloadTab(props.tabId as number))}
              >
                {t('reloadTab')}
              </button>
            </div>
          )}
          <div class="field">
            <label for={policyId}>{t('policyLabel')}</label>
            <select
              id={policyId}
              data-testid="site-policy"
              value={s.policy}
              disabled={action.busy}
              onChange={(e) => void setPolicy((e.currentTarget as HTMLSelectElement).value as SitePolicy)}
            >
              <option value="always">{t('policyAlways')}</option>
              <option value="ask">{t('policyAsk')}</option>
              <option value="never">{t('policyNever')}</option>
            </select>
          </div>
          <h3>{t('poolsHeading')}</h3>
          {s.clients.length === 0 ? (
            <p class="muted small">{t('noClientsYet')}</p>
          ) : (
            <ul class="plain small" data-testid="site-clients">
              {s.clients.map((c) => (
                <li key={c.clientId}>
                  <span class="mono">{c.poolId ?? t('poolUnknown')}</span> ·{' '}
                  <span class="mono">{c.clientId}</span>
                  <div class="muted mono">{c.endpoint}</div>
                </li>
              ))}
            </ul>
          )}
          {props.detailed && <EndpointEditor site={s} onSite={props.onSite} />}
          {s.users.length === 0 ? (
            <p class="muted small">{t('noUsersYet')}</p>
          ) : (
            s.users.map((u) => (
              <RemoteDevices
                key={`${u.poolId} ${u.username}`}
                poolId={u.poolId}
                username={u.username}
                local={props.local.find(
                  (d) => d.poolId === u.poolId && d.username === u.username && d.origin === s.origin,
                )}
                onChanged={props.onChanged}
              />
            ))
          )}
          {disabling ? (
            <Confirm
              danger
              message={t('confirmDisable', origin)}
              confirmLabel={t('disable')}
              onConfirm={() => void disable()}
              onCancel={() => setDisabling(false)}
            >
              <label class="check">
                <input
                  type="checkbox"
                  data-testid="disable-remove-devices"
                  checked={removeDevices}
                  onChange={(e) => setRemoveDevices((e.currentTarget as HTMLInputElement).checked)}
                />{' '}
                {t('alsoRemoveDevices')}
              </label>
            </Confirm>
          ) : (
            <p>
              <button
                type="button"
                data-testid="site-disable"
                disabled={action.busy}
                onClick={() => setDisabling(true)}
              >
                {t('disable')}
              </button>
            </p>
          )}
        </>
      ) : (
        <>
          <p data-testid="site-state" class="muted">
            {t('siteNotEnabled')}
          </p>
          <button
            type="button"
            class="primary"
            data-testid="site-enable"
            disabled={action.busy}
            onClick={() => void enable()}
          >
            {t('enable')}
          </button>
        </>
      )}
      {action.error !== undefined && <ErrorNote error={action.error} />}
    </div>
  );
}
