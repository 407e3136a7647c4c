import type { JSX } from 'preact';
import type { Diagnosis, LocalDeviceView, SiteView } from '../../src/messages/index.ts';
import { t } from '../i18n.ts';
import { doctorAdvice, doctorTitle, summarize } from '../summary.ts';
import type { Loaded } from '../use-load.ts';
import { ErrorNote, Skeleton } from './common.tsx';

const ICON = { off: '○', ok: '✓', todo: '→', wait: '?', alert: '!' } as const;

/** The status block at the top of the site view: one sentence about this site, this account, this browser. */
export function SiteSummary(props: {
  site: SiteView;
  local: LocalDeviceView[];
  findings: Loaded<Diagnosis[]>;
}) {
  const findings = props.findings.state === 'ok' ? props.findings.value : [];
  const s = summarize(props.site, props.local, findings);
  return (
    <div class={`summary tone-${s.tone}`} role="status" data-testid="site-summary" data-tone={s.tone}>
      <span class="summary-icon" aria-hidden="true">
        {ICON[s.tone]}
      </span>
      <div class="grow">
        <p class="summary-title">
          <strong data-testid="summary-title">{s.title}</strong>
        </p>
        <p class="muted small">{s.hint}</p>
      </div>
    </div>
  );
}

/** "Why is the code still asked?": the site doctor's findings, each with what it means and what to do. */
export function Doctor({ findings, onRetry }: { findings: Loaded<Diagnosis[]>; onRetry: () => void }) {
  let body: JSX.Element;
  if (findings.state === 'loading') body = <Skeleton rows={1} />;
  else if (findings.state === 'error') body = <ErrorNote error={findings.error} onRetry={onRetry} />;
  else if (findings.value.length === 0) body = <p class="muted small">{t('doctorNothing')}</p>;
  else
    body = (
      <ul class="findings" data-testid="doctor-findings">
        {findings.value.map((d) => (
          <li
            key={`${d.code} ${d.poolId ?? ''} ${d.username ?? ''}`}
            data-testid="finding"
            data-code={d.code}
            class={`finding sev-${d.severity}`}
          >
            <strong>{doctorTitle(d)}</strong>
            {d.username && <span class="muted small"> {t('doctorFor', d.username)}</span>}
            <p class="small">{doctorAdvice(d)}</p>
          </li>
        ))}
      </ul>
    );
  return (
    <section class="doctor" aria-labelledby="doctor-heading">
      <h3 id="doctor-heading">{t('doctorHeading')}</h3>
      {body}
    </section>
  );
}
