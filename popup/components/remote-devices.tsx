import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ForgetOutcome, LocalDeviceView, RemoteDeviceView } from '../../src/messages/index.ts';
import { ask } from '../api.ts';
import { errorCode } from '../errors.ts';
import { t } from '../i18n.ts';
import { absoluteTime, relativeTime } from '../time.ts';
import { useLoad } from '../use-load.ts';
import { Confirm, ErrorNote, Skeleton, useAction } from './common.tsx';
import { statusText } from './status.ts';

interface Props {
  /** The site the popup shows: only the access token it produced is used. */
  origin: string;
  poolId: string;
  username: string;
  /** This browser's record for the account, shown even when Cognito no longer lists it. */
  local?: LocalDeviceView | undefined;
  onChanged: () => void;
}

type Row = RemoteDeviceView & { localOnly?: boolean };

/** The account's devices as Cognito lists them (through the background), this browser marked. */
export function RemoteDevices({ origin, poolId, username, local, onChanged }: Props) {
  const [list, reload] = useLoad(
    () => ask({ type: 'devices.list', origin, poolId, username }),
    `${origin} ${poolId} ${username}`,
  );
  const action = useAction();
  const [confirming, setConfirming] = useState<Row | undefined>();
  const [forgettingOthers, setForgettingOthers] = useState(false);
  const [outcomes, setOutcomes] = useState<{ outcomes: ForgetOutcome[]; names: Map<string, string> }>();
  const headingId = `devices-${poolId}-${username}`.replace(/[^\w-]/g, '_');

  const act = (work: () => Promise<unknown>) =>
    action.run(async () => {
      try {
        await work();
      } finally {
        await reload();
        onChanged();
      }
    });

  let others: Row[] = [];
  let body: JSX.Element;
  if (list.state === 'loading') body = <Skeleton rows={2} />;
  else if (list.state === 'error') {
    const code = errorCode(list.error);
    body =
      code === 'token-expired' || code === 'token-missing' ? (
        <div class="notice" role="status" data-testid="token-problem">
          <p>{t(code === 'token-expired' ? 'tokenExpired' : 'tokenMissing')}</p>
          <p>{t('tokenAdvice')}</p>
        </div>
      ) : (
        <ErrorNote error={list.error} onRetry={() => void reload()} />
      );
  } else {
    const rows: Row[] = [...list.value];
    // Cognito lists remembered devices only: keep this browser's own visible whatever its status.
    if (local && !rows.some((r) => r.deviceKey === local.deviceKey)) {
      const row: Row = {
        deviceKey: local.deviceKey,
        name: local.deviceName,
        status: local.status,
        thisBrowser: true,
        localOnly: true,
      };
      if (local.lastUsedAt !== undefined) row.lastAuthenticatedAt = local.lastUsedAt / 1000;
      rows.unshift(row);
    }
    others = rows.filter((r) => !r.thisBrowser);
    body =
      rows.length === 0 ? (
        <p class="muted">{t('noRemoteDevices')}</p>
      ) : (
        <ul class="devices" data-testid="remote-devices">
          {rows.map((d) => {
            const name = d.name ?? d.deviceKey;
            const used = d.lastAuthenticatedAt ?? d.lastModifiedAt;
            const rememberedHere =
              d.thisBrowser && local?.deviceKey === d.deviceKey ? local.status : undefined;
            const remembered = rememberedHere ? rememberedHere === 'remembered' : !d.localOnly;
            return (
              <li key={d.deviceKey} data-testid="device-row" data-device-key={d.deviceKey}>
                <div class="grow">
                  <div>
                    <strong>{name}</strong>{' '}
                    {d.thisBrowser && (
                      <span class="badge" data-testid="this-browser">
                        {t('thisBrowser')}
                      </span>
                    )}
                  </div>
                  <div class="muted small">
                    {used !== undefined ? (
                      <time dateTime={new Date(used * 1000).toISOString()} title={absoluteTime(used * 1000)}>
                        {t('lastUsed', relativeTime(used * 1000))}
                      </time>
                    ) : (
                      t('neverUsed')
                    )}
                    {d.lastIp && <> · {t('lastIp', d.lastIp)}</>}
                    {' · '}
                    <span data-testid="device-status">{statusText(rememberedHere ?? d.status)}</span>
                  </div>
                </div>
                <div class="actions">
                  <button
                    type="button"
                    data-testid={remembered ? 'device-not-remember' : 'device-remember'}
                    aria-label={t(remembered ? 'dontRememberLabel' : 'rememberLabel', name)}
                    disabled={action.busy}
                    onClick={() =>
                      void act(() =>
                        ask({
                          type: 'devices.setRemembered',
                          origin,
                          poolId,
                          username,
                          deviceKey: d.deviceKey,
                          remembered: !remembered,
                        }),
                      )
                    }
                  >
                    {t(remembered ? 'dontRemember' : 'remember')}
                  </button>
                  <button
                    type="button"
                    class="danger-text"
                    data-testid="device-forget"
                    aria-label={t('forgetLabel', name)}
                    disabled={action.busy}
                    onClick={() => setConfirming(d)}
                  >
                    {t('forget')}
                  </button>
                </div>
                {confirming?.deviceKey === d.deviceKey && (
                  <Confirm
                    danger
                    message={t(d.thisBrowser ? 'confirmForgetThis' : 'confirmForget', name)}
                    confirmLabel={t('forget')}
                    onCancel={() => setConfirming(undefined)}
                    onConfirm={() => {
                      setConfirming(undefined);
                      void act(() =>
                        ask({ type: 'devices.forget', origin, poolId, username, deviceKey: d.deviceKey }),
                      );
                    }}
                  />
                )}
              </li>
            );
          })}
        </ul>
      );
  }

  const nameOf = (d: Row) => d.name ?? d.deviceKey;
  const forgetOthers = () => {
    const names = new Map(others.map((d) => [d.deviceKey, nameOf(d)]));
    setForgettingOthers(false);
    void act(async () => {
      const result = await ask({
        type: 'devices.forgetOthers',
        origin,
        poolId,
        username,
        deviceKeys: [...names.keys()],
      });
      setOutcomes({ outcomes: result, names });
    });
  };
  const done = outcomes?.outcomes.filter((o) => o.forgotten) ?? [];
  const failed = outcomes?.outcomes.filter((o) => !o.forgotten) ?? [];

  return (
    <section class="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('devicesOf', username)}</h3>
      {body}
      {others.length > 0 &&
        (forgettingOthers ? (
          <Confirm
            danger
            message={t('confirmForgetOthers', others.map(nameOf).join(', '))}
            confirmLabel={t('forgetOthers')}
            onCancel={() => setForgettingOthers(false)}
            onConfirm={forgetOthers}
          />
        ) : (
          <p>
            <button
              type="button"
              class="danger-text"
              data-testid="forget-others"
              disabled={action.busy}
              onClick={() => {
                setOutcomes(undefined);
                setForgettingOthers(true);
              }}
            >
              {t('forgetOthers')}
            </button>
          </p>
        ))}
      {outcomes && (
        <div role="status" data-testid="forget-others-result" class="small">
          {done.length > 0 && (
            <p>
              {t('forgotOthers', done.map((o) => outcomes.names.get(o.deviceKey) ?? o.deviceKey).join(', '))}
            </p>
          )}
          {failed.map((o) => (
            <p key={o.deviceKey} class="error">
              {t('forgetOthersFailed', outcomes.names.get(o.deviceKey) ?? o.deviceKey, o.error ?? '')}
            </p>
          ))}
        </div>
      )}
      {action.error !== undefined && <ErrorNote error={action.error} />}
    </section>
  );
}
