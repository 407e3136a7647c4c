import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; error: unknown };

/**
 * Runs `load` on mount and whenever `key` changes; `reload` keeps showing the last value while it
 * refreshes (no flash back to the skeleton). Answers that arrive after a newer request are dropped.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  key: string,
): [Loaded<T>, () => Promise<void>, (value: T) => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(async () => {
    const id = ++latest.current;
    try {
      const value = await loadRef.current();
      if (id === latest.current) setResult({ state: 'ok', value });
    } catch (error) {
      if (id === latest.current) setResult({ state: 'error', error });
    }
  }, []);
  // Reloads whenever `key` (what is loaded) changes.
  useEffect(() => {
    setResult({ state: 'loading' });
    void reload();
  }, [key, reload]);
  // A fresher value from an action's reply replaces whatever a load in flight would bring.
  const set = useCallback((value: T) => {
    latest.current++;
    setResult({ state: 'ok', value });
  }, []);
  return [result, reload, set];
}
