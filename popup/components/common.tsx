import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../errors.ts';
import { t } from '../i18n.ts';

/** A popup section under its heading; the heading names the section for screen readers. */
export function Section(props: { id: string; heading: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.heading}</h2>
      {props.children}
    </section>
  );
}

/** Grey placeholder rows of the final height, so nothing moves when the data arrives. */
export function Skeleton({ rows = 2 }: { rows?: number }) {
  return (
    <div class="skeleton-wrap">
      <span class="sr-only" role="status">
        {t('loading')}
      </span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} class="skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}

export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert" class="error" data-testid="popup-error">
      <p>{errorText(error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

/** An inline "are you sure?" that names what is at stake; focus moves to it so keyboards follow. */
export function Confirm(props: {
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
  children?: ComponentChildren;
}) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <fieldset class="confirm" data-testid="confirm">
      <legend>{props.message}</legend>
      {props.children}
      <div class="row">
        <button
          ref={first}
          type="button"
          class={props.danger ? 'danger' : 'primary'}
          data-testid="confirm-yes"
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </button>
        <button type="button" data-testid="confirm-no" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </fieldset>
  );
}

/** A field's hint, named by the field's `aria-describedby={`${id}-hint`}`. */
export function FieldHint(props: { id: string; children: ComponentChildren }) {
  return (
    <p id={`${props.id}-hint`} class="muted small">
      {props.children}
    </p>
  );
}

/** A button that starts a section's action: disabled while that section's action runs (useAction). */
export function ActionButton(props: {
  testid: string;
  busy: boolean;
  onClick: () => void;
  primary?: boolean;
  children: ComponentChildren;
}) {
  return (
    <button
      type="button"
      class={props.primary ? 'primary' : undefined}
      data-testid={props.testid}
      disabled={props.busy}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

/** Runs one action at a time, remembering its failure for display. */
export function useAction(): {
  busy: boolean;
  error: unknown;
  run: (work: () => Promise<unknown>) => Promise<void>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  return {
    busy,
    error,
    clear: () => setError(undefined),
    run: async (work) => {
      setBusy(true);
      setError(undefined);
      try {
        await work();
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
  };
}
