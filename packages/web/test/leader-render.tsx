import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach } from 'vitest';
import { leaderLocales } from '../src/areas/leader/locales.ts';
import { initI18n } from '../src/common/i18n.ts';

let started = false;
afterEach(cleanup);

/** Renders a piece of the leader console with its strings (Chinese), server state and a router. */
export function renderLeader(ui: ReactNode, path = '/') {
  if (!started) {
    initI18n('leader', leaderLocales);
    started = true;
  }
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}
