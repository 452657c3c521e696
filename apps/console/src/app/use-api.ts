import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (skipped while it is undefined) and reloads when it changes or on `reload()`. */
export function useApi<T>(path: string | undefined): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === undefined) return;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    api.get<T>(path).then(
      (data) => {
        if (current) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (current) setState({ error, loading: false });
      },
    );
    return () => {
      current = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => {
    setTick((t) => t + 1);
  }, []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
