import { useState } from 'preact/hooks';
import type { Diagnosis, LocalDeviceView, SitePolicy, SiteView } from '../../src/messages/index.ts';
import { ask, reloadTab, requestSiteAccess } from '../api.ts';
import { t } from '../i18n.ts';
import type { Loaded } from '../use-load.ts';
import { ActionButton, Confirm, ErrorNote, Skeleton, useAction } from './common.tsx';
import { Doctor, SiteSummary } from './doctor.tsx';
import { EndpointEditor } from './endpoint.tsx';
import { ManagesDevices } from './manages-devices.tsx';
import { RemoteDevices } from './remote-devices.tsx';
import { TrustLifetime } from './trust-lifetime.tsx';

interface Props {
  origin: string;
  tabId?: number | undefined;
  site: Loaded<SiteView>;
  local: LocalDeviceView[];
  /** The site doctor's findings; the popup loads them, the options page does not. */
  findings?: Loaded<Diagnosis[]>;
  onRetryFindings?: () => void;
  /** Options page: also the developer settings (custom endpoint). */
  detailed?: boolean;
  onSite: (site: SiteView) => void;
  onChanged: () => void;
  onRetry: () => void;
}

/**
 * One site: first what it means for the person (status block, then why the code is still asked),
 * then the accounts and their devices, the policy, and the pools and clients in a details section.
 */
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
      <p data-testid="site-state" class="muted small">
        {t(s.enabled ? 'siteEnabled' : 'siteNotEnabled')}
      </p>
      {props.findings && <SiteSummary site={s} local={props.local} findings={props.findings} />}
      {s.enabled ? (
        <>
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
          {props.findings && (
            <Doctor findings={props.findings} onRetry={props.onRetryFindings ?? props.onRetry} />
          )}
          {s.users.length === 0 ? (
            <p class="muted small">{t('noUsersYet')}</p>
          ) : (
            s.users.map((u) => (
              <RemoteDevices
                key={`${u.poolId} ${u.username}`}
                origin={s.origin}
                poolId={u.poolId}
                username={u.username}
                local={props.local.find(
                  (d) => d.poolId === u.poolId && d.username === u.username && d.origin === s.origin,
                )}
                onChanged={props.onChanged}
              />
            ))
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
          <TrustLifetime site={s} onSite={props.onSite} />
          <ManagesDevices site={s} onSite={props.onSite} />
          <details class="tech" open={props.detailed}>
            <summary data-testid="site-details">{t('detailsHeading')}</summary>
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
          </details>
          {props.detailed && <EndpointEditor site={s} onSite={props.onSite} />}
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
              <ActionButton testid="site-disable" busy={action.busy} onClick={() => setDisabling(true)}>
                {t('disable')}
              </ActionButton>
            </p>
          )}
        </>
      ) : (
        <ActionButton primary testid="site-enable" busy={action.busy} onClick={() => void enable()}>
          {t('enable')}
        </ActionButton>
      )}
      {action.error !== undefined && <ErrorNote error={action.error} />}
    </div>
  );
}
