import type { SiteView } from '../../src/messages/index.ts';
import { ask } from '../api.ts';
import { t } from '../i18n.ts';
import { ErrorNote, FieldHint, useAction } from './common.tsx';

/** The choices offered; a value set elsewhere (a file, the administrator) is shown as well. */
const PRESETS = [1, 7, 14, 30, 60, 90, 180, 365];

/**
 * "Remember this browser for": how many days after enrolment the site skips the code before it is
 * asked once more and the browser enrolls again. Counted from enrolment, not from last use.
 */
export function TrustLifetime({ site, onSite }: { site: SiteView; onSite: (site: SiteView) => void }) {
  const action = useAction();
  const id = `trust-${site.origin}`.replace(/[^\w-]/g, '_');
  const days = site.trustDays;
  const choices =
    days === undefined || PRESETS.includes(days) ? PRESETS : [...PRESETS, days].sort((a, b) => a - b);
  const set = (value: string) =>
    action.run(async () => {
      const trustDays = value === '' ? undefined : Number(value);
      onSite(
        await ask(
          trustDays === undefined
            ? { type: 'site.setTrustDays', origin: site.origin }
            : { type: 'site.setTrustDays', origin: site.origin, trustDays },
        ),
      );
    });
  return (
    <div class="field">
      <label for={id}>{t('trustLabel')}</label>
      <select
        id={id}
        data-testid="site-trust-days"
        value={days === undefined ? '' : String(days)}
        disabled={action.busy}
        aria-describedby={`${id}-hint`}
        onChange={(e) => void set((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{t('trustNoLimit')}</option>
        {choices.map((n) => (
          <option key={n} value={String(n)}>
            {t(n === 1 ? 'trustOneDay' : 'trustDays', String(n))}
          </option>
        ))}
      </select>
      <FieldHint id={id}>{t('trustHint')}</FieldHint>
      {action.error !== undefined && <ErrorNote error={action.error} />}
    </div>
  );
}
