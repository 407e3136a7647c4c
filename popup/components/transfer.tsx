import { useState } from 'preact/hooks';
import * as v from 'valibot';
import {
  type ImportChange,
  type ImportResult,
  SettingsFile,
  type SitePolicy,
} from '../../src/messages/index.ts';
import { ask, requestSiteAccess } from '../api.ts';
import { type MessageKey, t } from '../i18n.ts';
import { ActionButton, ErrorNote, Section, useAction } from './common.tsx';

const MAX_FILE_BYTES = 256 * 1024;
const POLICY_KEY: Record<SitePolicy, MessageKey> = {
  always: 'policyAlways',
  ask: 'policyAsk',
  never: 'policyNever',
};

const trustLabel = (days: number | undefined) =>
  days === undefined ? t('trustNoLimit') : t(days === 1 ? 'trustOneDay' : 'trustDays', String(days));

/** One site of the preview: what is enabled or changed, the endpoint in words nobody can miss. */
function ChangeLine({ change }: { change: ImportChange }) {
  const head =
    change.kind === 'add'
      ? t('importAdds', change.origin)
      : change.kind === 'update'
        ? t('importUpdates', change.origin)
        : t('importSame', change.origin);
  const { policy, endpoint, trustDays } = change;
  return (
    <li data-testid="import-change">
      <strong>{head}</strong>
      {policy &&
        (policy.from
          ? ` · ${t('importPolicyChange', t(POLICY_KEY[policy.from]), t(POLICY_KEY[policy.to]))}`
          : ` · ${t('importPolicy', t(POLICY_KEY[policy.to]))}`)}
      {trustDays && (
        <span data-testid="import-trust-change">
          {` · ${t('importTrust', trustLabel(trustDays.from), trustLabel(trustDays.to))}`}
        </span>
      )}
      {endpoint && (
        <p class="error small" data-testid="import-endpoint-change">
          {endpoint.to === undefined
            ? t('importEndpointRemoved', endpoint.from ?? '')
            : endpoint.from === undefined
              ? t('importEndpointSet', endpoint.to)
              : t('importEndpointChange', endpoint.from, endpoint.to)}
        </p>
      )}
    </li>
  );
}

/**
 * Export and import of site settings (origins, policies, endpoints): never devices or secrets. An
 * import is previewed first (settings.preview) and applied only when the person confirms it.
 */
export function SettingsTransfer({ onChanged }: { onChanged: () => void }) {
  const action = useAction();
  const [result, setResult] = useState<ImportResult | undefined>();
  const [pending, setPending] = useState<SettingsFile | undefined>();
  const [preview, setPreview] = useState<{ settings: SettingsFile; changes: ImportChange[] } | undefined>();

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
      setPreview(undefined);
      if (!file) return;
      let parsed: unknown;
      try {
        if (file.size > MAX_FILE_BYTES) throw new Error('too large');
        parsed = JSON.parse(await file.text());
      } catch {
        throw new Error(t('importInvalid'));
      }
      // The same strict schema the background applies (src/site-rules.ts): its first problem is shown.
      const checked = v.safeParse(SettingsFile, parsed);
      if (!checked.success) {
        const [issue] = checked.issues;
        throw new Error(issue?.message ? `${t('importInvalid')} ${issue.message}` : t('importInvalid'));
      }
      const { changes } = await ask({ type: 'settings.preview', settings: checked.output });
      setPreview({ settings: checked.output, changes });
    });

  const confirm = () =>
    action.run(async () => {
      if (!preview) return;
      const { settings } = preview;
      setPreview(undefined);
      await apply(settings);
    });

  const grant = () =>
    action.run(async () => {
      if (!pending || !result) return;
      if (!(await requestSiteAccess(result.needsAccess))) throw new Error(t('accessDenied'));
      await apply(pending);
    });

  const changesSomething = preview?.changes.some((c) => c.kind !== 'same') ?? false;
  const movesSignIns = preview?.changes.some((c) => c.endpoint !== undefined) ?? false;

  return (
    <Section id="transfer" heading={t('transferHeading')}>
      <p class="muted small">{t('transferHint')}</p>
      <div class="row">
        <ActionButton testid="settings-export" busy={action.busy} onClick={() => void exportFile()}>
          {t('export')}
        </ActionButton>
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
      {preview && (
        <section aria-labelledby="import-preview-heading" data-testid="import-preview">
          <h3 id="import-preview-heading">{t('importPreviewHeading')}</h3>
          {movesSignIns && (
            <p class="error" role="alert">
              {t('importEndpointWarning')}
            </p>
          )}
          <ul>
            {preview.changes.map((c) => (
              <ChangeLine key={c.origin} change={c} />
            ))}
          </ul>
          {!changesSomething && <p>{t('importNothing')}</p>}
          <div class="row">
            <button
              type="button"
              class="primary"
              data-testid="import-confirm"
              disabled={action.busy || !changesSomething}
              onClick={() => void confirm()}
            >
              {t('importConfirm')}
            </button>
            <button type="button" data-testid="import-cancel" onClick={() => setPreview(undefined)}>
              {t('cancel')}
            </button>
          </div>
        </section>
      )}
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
    </Section>
  );
}
