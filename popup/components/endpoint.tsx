import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { CustomEndpoint, type SiteView } from '../../src/messages/index.ts';
import { ask } from '../api.ts';
import { t } from '../i18n.ts';
import { ErrorNote, useAction } from './common.tsx';

/** Options page: where a developer points a site's Cognito calls (e.g. the local emulator). */
export function EndpointEditor({ site, onSite }: { site: SiteView; onSite: (s: SiteView) => void }) {
  const [value, setValue] = useState(site.customEndpoint ?? '');
  const [invalid, setInvalid] = useState(false);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const id = `endpoint-${site.origin}`.replace(/[^\w-]/g, '_');
  const save = (e: Event) => {
    e.preventDefault();
    const endpoint = value.trim();
    setSaved(false);
    if (endpoint && !v.is(CustomEndpoint, endpoint)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    void action.run(async () => {
      onSite(
        await ask(
          endpoint
            ? { type: 'site.setEndpoint', origin: site.origin, endpoint }
            : { type: 'site.setEndpoint', origin: site.origin },
        ),
      );
      setSaved(true);
    });
  };
  return (
    <form class="field" onSubmit={save}>
      <label for={id}>{t('endpointLabel')}</label>
      <div class="row">
        <input
          id={id}
          type="url"
          class="grow"
          data-testid="endpoint-input"
          placeholder="http://127.0.0.1:9229"
          value={value}
          aria-invalid={invalid}
          aria-describedby={`${id}-hint`}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" data-testid="endpoint-save" disabled={action.busy}>
          {t('save')}
        </button>
      </div>
      <p
        id={`${id}-hint`}
        class={invalid ? 'error small' : 'muted small'}
        role={invalid ? 'alert' : undefined}
      >
        {invalid ? t('endpointInvalid') : saved ? t('saved') : t('endpointHint')}
      </p>
      {action.error !== undefined && <ErrorNote error={action.error} />}
    </form>
  );
}
