import { QueryClient, useQuery } from '@tanstack/react-query';
import { ApiError, api, setWriteHandler } from '../api/client';

/**
 * The console's one cache of API reads (TanStack Query). A read is keyed by its path, so two cards asking for
 * the same thing share one request; 4xx answers are final (a retry would get the same answer), other
 * failures (503 while a dependency restarts, a dropped connection) are retried twice.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
}

export const queryClient = createQueryClient();

// A write (a saved rule publishes a version, rescoring changes leads, a read notification changes the
// count) can change almost any read: every cached one goes stale and the ones on screen are read again.
setWriteHandler(() => {
  void invalidateApi('/api/');
});

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (skipped while it is undefined); `pollMs` re-reads it that often while the page is shown. */
export function useApi<T>(path: string | undefined, options: { pollMs?: number } = {}): Loaded<T> {
  const result = useQuery({
    queryKey: ['api', path],
    queryFn: () => api.get<T>(path ?? ''),
    enabled: path !== undefined,
    ...(options.pollMs ? { refetchInterval: options.pollMs } : {}),
  });
  return {
    data: result.data,
    error: result.error ?? undefined,
    loading: result.isFetching,
    reload: () => {
      void result.refetch();
    },
  };
}

/**
 * After a write: every cached read whose path starts with one of `prefixes` is stale and re-read by the
 * pages that show it (a saved rule refreshes the rules list and the versions page without a reload).
 */
export function invalidateApi(...prefixes: string[]): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (query) => {
      const path = query.queryKey[1];
      return typeof path === 'string' && prefixes.some((prefix) => path.startsWith(prefix));
    },
  });
}
