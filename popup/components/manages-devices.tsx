import type { SiteView } from '../../src/messages/index.ts';
import { ask } from '../api.ts';
import { t } from '../i18n.ts';
import { ErrorNote, FieldHint, useAction } from './common.tsx';

/**
 * "This site manages its own devices": for sites whose own code remembers and forgets devices (it needs
 * the device data the extension would otherwise keep from the page). On, the extension stays out of
 * the site's sign-ins; also set by itself when the site is seen doing so.
 */
export function ManagesDevices({ site, onSite }: { site: SiteView; onSite: (site: SiteView) => void }) {
  const action = useAction();
  const id = `manages-${site.origin}`.replace(/[^\w-]/g, '_');
  const set = (managesDevices: boolean) =>
    action.run(async () =>
      onSite(await ask({ type: 'site.setManagesDevices', origin: site.origin, managesDevices })),
    );
  return (
    <div class="field">
      <label class="check">
        <input
          type="checkbox"
          id={id}
          data-testid="site-manages-devices"
          checked={site.managesDevices !== undefined}
          disabled={action.busy}
          aria-describedby={`${id}-hint`}
          onChange={(e) => void set((e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        {t('managesDevicesLabel')}
      </label>
      <FieldHint id={id}>{t('managesDevicesHint')}</FieldHint>
      {action.error !== undefined && <ErrorNote error={action.error} />}
    </div>
  );
}
