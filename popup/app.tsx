import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { SiteView } from '../src/messages/index.ts';
import { ask, currentTab, openOptions } from './api.ts';
import { Activity } from './components/activity.tsx';
import { LocalDevices } from './components/local-devices.tsx';
import { Prompts } from './components/prompt.tsx';
import { SiteCard } from './components/site.tsx';
import { t } from './i18n.ts';
import { useLoad } from './use-load.ts';

export type View = 'site' | 'browser' | 'activity';
const VIEWS: View[] = ['site', 'browser', 'activity'];
const LABEL = { site: 'tabSite', browser: 'tabBrowser', activity: 'tabActivity' } as const;

/** The toolbar popup: this site, every device in this browser, and the activity log. `#browser` or `#activity` opens that view. */
export function App({ initialView }: { initialView?: View }) {
  const [view, setView] = useState<View>(
    initialView ?? (VIEWS.find((v) => `#${v}` === location.hash) as View | undefined) ?? 'site',
  );
  const tab = useMemo(() => currentTab(), []);
  const [where] = useLoad(() => tab, 'tab');
  const [local, reloadLocal] = useLoad(() => ask({ type: 'vault.list' }), 'local');
  const [site, reloadSite, setSite] = useLoad(async () => {
    const { origin } = await tab;
    return origin ? ask({ type: 'site.status', origin }) : undefined;
  }, 'site');
  const [findings, reloadFindings] = useLoad(async () => {
    const { origin } = await tab;
    return origin ? ask({ type: 'site.doctor', origin }) : [];
  }, 'findings');
  const refresh = () => {
    void reloadLocal();
    void reloadSite();
    void reloadFindings();
  };
  const localList = local.state === 'ok' ? local.value : [];

  let body: JSX.Element;
  if (view === 'site') {
    const origin = where.state === 'ok' ? where.value.origin : undefined;
    body = (
      <section aria-labelledby="site-heading">
        <h2 id="site-heading" class="sr-only">
          {t('siteHeading')}
        </h2>
        {site.state === 'ok' && !site.value ? (
          <p class="muted">{t('noSite')}</p>
        ) : (
          <SiteCard
            origin={origin ?? ''}
            tabId={where.state === 'ok' ? where.value.tabId : undefined}
            site={site.state === 'ok' ? { state: 'ok', value: site.value as SiteView } : site}
            local={localList}
            findings={findings}
            onRetryFindings={() => void reloadFindings()}
            onSite={(value) => {
              setSite(value);
              void reloadFindings();
            }}
            onChanged={() => {
              void reloadLocal();
              void reloadFindings();
            }}
            onRetry={() => void reloadSite()}
          />
        )}
      </section>
    );
  } else if (view === 'browser') {
    body = <LocalDevices devices={local} onChanged={refresh} onRetry={() => void reloadLocal()} />;
  } else {
    body = <Activity />;
  }

  return (
    <main class="popup">
      <header class="row">
        <h1 class="grow">{t('appTitle')}</h1>
        <button type="button" class="link" data-testid="open-options" onClick={() => void openOptions()}>
          {t('openSettings')}
        </button>
      </header>
      <Prompts devices={localList} onChanged={refresh} />
      <nav class="tabs" aria-label={t('appTitle')}>
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            data-testid={`tab-${v}`}
            aria-current={view === v ? 'page' : undefined}
            onClick={() => setView(v)}
          >
            {t(LABEL[v])}
          </button>
        ))}
      </nav>
      {body}
    </main>
  );
}
