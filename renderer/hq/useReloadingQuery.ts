import { useCallback, useEffect, useState } from 'react';
import { errorText } from './hqClient';

/**
 * One HQ read shown on a page that also acts on it: the data, read on mount and again by `load`,
 * and `run`, which performs an action and reads the data afresh once it succeeds. Errors of both
 * are kept as text for the page to show.
 */
export function useReloadingQuery<T>(read: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // `read` names a fixed query; it is read once per call of `load`, not tracked.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const load = useCallback(() => void read().then(setData, (e: unknown) => setError(errorText(e))), []);
  useEffect(() => load(), [load]);
  const run = (work: () => Promise<unknown>) => {
    setError(null);
    work().then(load, (e: unknown) => setError(errorText(e)));
  };
  return { data, error, setError, load, run };
}
