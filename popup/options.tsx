import { ask } from './api.ts';
import { Activity } from './components/activity.tsx';
import { ErrorNote, Skeleton } from './components/common.tsx';
import { LocalDevices } from './components/local-devices.tsx';
import { Prompts } from './components/prompt.tsx';
import { SiteCard } from './components/site.tsx';
import { SettingsTransfer } from './components/transfer.tsx';
import { t } from './i18n.ts';
import { useLoad } from './use-load.ts';

/** The options page: the popup's views for every enabled site, plus developer endpoints and settings transfer. */
export function Options() {
  const [sites, reloadSites] = useLoad(() => ask({ type: 'sites.list' }), 'sites');
  const [local, reloadLocal] = useLoad(() => ask({ type: 'vault.list' }), 'local');
  const refresh = () => {
    void reloadSites();
    void reloadLocal();
  };
  const localList = local.state === 'ok' ? local.value : [];
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      <Prompts devices={localList} onChanged={refresh} />
      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">{t('sitesHeading')}</h2>
        {sites.state === 'loading' ? (
          <Skeleton rows={3} />
        ) : sites.state === 'error' ? (
          <ErrorNote error={sites.error} onRetry={() => void reloadSites()} />
        ) : sites.value.length === 0 ? (
          <p class="muted">{t('sitesEmpty')}</p>
        ) : (
          sites.value.map((s) => (
            <article key={s.origin} class="card" data-testid="options-site">
              <SiteCard
                detailed
                origin={s.origin}
                site={{ state: 'ok', value: s }}
                local={localList}
                onSite={() => void reloadSites()}
                onChanged={refresh}
                onRetry={() => void reloadSites()}
              />
            </article>
          ))
        )}
      </section>
      <LocalDevices devices={local} onChanged={refresh} onRetry={() => void reloadLocal()} />
      <Activity />
      <SettingsTransfer onChanged={refresh} />
    </main>
  );
}
