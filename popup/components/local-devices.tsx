import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { LocalDeviceView } from '../../src/messages/index.ts';
import { ask } from '../api.ts';
import { t } from '../i18n.ts';
import { absoluteTime, relativeTime } from '../time.ts';
import type { Loaded } from '../use-load.ts';
import { Confirm, ErrorNote, Section, Skeleton, useAction } from './common.tsx';
import { statusText } from './status.ts';

/** Every device this browser holds, across sites; removing one needs no token (it is local). */
export function LocalDevices(props: {
  devices: Loaded<LocalDeviceView[]>;
  onChanged: () => void;
  onRetry: () => void;
}) {
  const action = useAction();
  const [confirming, setConfirming] = useState<string | undefined>();
  const { devices } = props;
  let body: JSX.Element;
  if (devices.state === 'loading') body = <Skeleton rows={3} />;
  else if (devices.state === 'error') body = <ErrorNote error={devices.error} onRetry={props.onRetry} />;
  else if (devices.value.length === 0) body = <p class="muted">{t('localEmpty')}</p>;
  else
    body = (
      <ul class="devices" data-testid="local-devices">
        {devices.value.map((d) => {
          const key = `${d.poolId} ${d.username}`;
          return (
            <li key={key} data-testid="local-device">
              <div class="grow">
                <div>
                  <strong>{d.username}</strong> <span class="muted small">{d.poolId}</span>
                </div>
                <div class="muted small">
                  {t('onSite', d.origin)} · <span>{statusText(d.status)}</span> ·{' '}
                  {d.lastUsedAt !== undefined ? (
                    <time dateTime={new Date(d.lastUsedAt).toISOString()} title={absoluteTime(d.lastUsedAt)}>
                      {t('lastUsed', relativeTime(d.lastUsedAt))}
                    </time>
                  ) : (
                    t('neverUsed')
                  )}
                </div>
              </div>
              <div class="actions">
                <button
                  type="button"
                  data-testid="local-remove"
                  aria-label={t('removeLabel', d.username)}
                  disabled={action.busy}
                  onClick={() => setConfirming(key)}
                >
                  {t('remove')}
                </button>
              </div>
              {confirming === key && (
                <Confirm
                  danger
                  message={t('confirmRemove', d.username)}
                  confirmLabel={t('remove')}
                  onCancel={() => setConfirming(undefined)}
                  onConfirm={() => {
                    setConfirming(undefined);
                    void action.run(async () => {
                      await ask({ type: 'vault.remove', deviceKey: d.deviceKey });
                      props.onChanged();
                    });
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
    );
  return (
    <Section id="local" heading={t('localHeading')}>
      {body}
      {action.error !== undefined && <ErrorNote error={action.error} />}
    </Section>
  );
}
