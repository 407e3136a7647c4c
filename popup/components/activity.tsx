import type { JSX } from 'preact';
import { ask } from '../api.ts';
import { hasKey, t } from '../i18n.ts';
import { absoluteTime, relativeTime } from '../time.ts';
import { useLoad } from '../use-load.ts';
import { ErrorNote, Section, Skeleton } from './common.tsx';

/** What the extension did, newest first. The log holds no secrets: kinds, sites, users, device keys. */
export function Activity() {
  const [list, reload] = useLoad(() => ask({ type: 'activity.list' }), 'activity');
  let body: JSX.Element;
  if (list.state === 'loading') body = <Skeleton rows={4} />;
  else if (list.state === 'error') body = <ErrorNote error={list.error} onRetry={() => void reload()} />;
  else if (list.value.length === 0) body = <p class="muted">{t('activityEmpty')}</p>;
  else
    body = (
      <ol class="activity" data-testid="activity-list">
        {list.value.map((a, i) => {
          const key = `act_${a.kind.replace(/-/g, '_')}`;
          const who = [a.username, a.origin].filter(Boolean).join(' · ');
          return (
            <li key={`${a.at} ${i}`} class={a.kind === 'error' ? 'is-error' : undefined}>
              <div class="grow">
                <strong>{hasKey(key) ? t(key) : a.kind}</strong>
                {who && <span class="muted small"> {who}</span>}
                {a.detail && <div class="muted small detail">{a.detail}</div>}
              </div>
              <time class="muted small" dateTime={new Date(a.at).toISOString()} title={absoluteTime(a.at)}>
                {relativeTime(a.at)}
              </time>
            </li>
          );
        })}
      </ol>
    );
  return (
    <Section id="activity" heading={t('activityHeading')}>
      {body}
    </Section>
  );
}
