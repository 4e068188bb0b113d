import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.ts';

/** Server state: retry network trouble, never a client mistake; refetch when the window comes back. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, err) => count < 2 && (!(err instanceof ApiError) || err.status === 0 || err.status >= 500),
      },
      mutations: { retry: false },
    },
  });
}
