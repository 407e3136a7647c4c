import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { type ImportResult, SettingsFile } from '../../src/messages/index.ts';
import { ask, requestSiteAccess } from '../api.ts';
import { t } from '../i18n.ts';
import { ErrorNote, useAction } from './common.tsx';

const MAX_FILE_BYTES = 256 * 1024;

/** Export and import of site settings (origins, policies, endpoints): never devices or secrets. */
export function SettingsTransfer({ onChanged }: { onChanged: () => void }) {
  const action = useAction();
  const [result, setResult] = useState<ImportResult | undefined>();
  const [pending, setPending] = useState<SettingsFile | undefined>();

  const exportFile = () =>
    action.run(async () => {
      const settings = await ask({ type: 'settings.export' });
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(settings, null, 2)], { type: 'application/json' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = 'device-companion-settings.json';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });

  const apply = async (settings: SettingsFile) => {
    const applied = await ask({ type: 'settings.import', settings });
    setResult(applied);
    setPending(applied.needsAccess.length ? settings : undefined);
    onChanged();
  };

  const importFile = (file: File | undefined) =>
    action.run(async () => {
      setResult(undefined);
      if (!file) return;
      let parsed: unknown;
      try {
        if (file.size > MAX_FILE_BYTES) throw new Error('too large');
        parsed = JSON.parse(await file.text());
      } catch {
        throw new Error(t('importInvalid'));
      }
      // Checked here for a clear message; the background checks again with the same strict schema.
      if (!v.is(SettingsFile, parsed)) throw new Error(t('importInvalid'));
      await apply(parsed);
    });

  const grant = () =>
    action.run(async () => {
      if (!pending || !result) return;
      if (!(await requestSiteAccess(result.needsAccess))) throw new Error(t('accessDenied'));
      await apply(pending);
    });

  return (
    <section aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">{t('transferHeading')}</h2>
      <p class="muted small">{t('transferHint')}</p>
      <div class="row">
        <button
          type="button"
          data-testid="settings-export"
          disabled={action.busy}
          onClick={() => void exportFile()}
        >
          {t('export')}
        </button>
      </div>
      <div class="field">
        <label for="settings-import">{t('importLabel')}</label>
        <input
          id="settings-import"
          type="file"
          accept="application/json,.json"
          data-testid="settings-import"
          disabled={action.busy}
          onChange={(e) => void importFile((e.currentTarget as HTMLInputElement).files?.[0])}
        />
      </div>
      {result && (
        <div role="status" data-testid="import-result">
          <p>{t('importApplied', String(result.applied.length))}</p>
          {result.needsAccess.length > 0 && (
            <>
              <p>{t('importNeedsAccess', result.needsAccess.join(', '))}</p>
              <button type="button" class="primary" data-testid="import-grant" onClick={() => void grant()}>
                {t('grantAccess')}
              </button>
            </>
          )}
        </div>
      )}
      {action.error !== undefined && <ErrorNote error={action.error} />}
    </section>
  );
}
