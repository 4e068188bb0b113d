/**
 * What the admin section tests share: i18n started as the admin area does, the providers an
 * admin page runs in, the browser APIs jsdom lacks, and an API answered by a table of routes
 * (each test gives contract-shaped answers, checked with the contract's schemas).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import { adminLocales } from '../src/areas/admin/locales.ts';
import { initI18n } from '../src/common/i18n.ts';
import type { StaffRole } from '../src/areas/admin/permissions.ts';
import { writeSession } from '../src/common/session.ts';

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

localStorage.setItem('linli.lang', 'zh-CN');
initI18n('admin', adminLocales);
// Sections show what the staff member's roles allow: the section tests act as an admin.
const adminSession = {
  token: 'test-session',
  expiresAt: '2099-01-01T00:00:00Z',
  principal: {
    kind: 'staff' as const,
    id: 'st-admin',
    operatorId: 'op-1',
    name: 'Admin',
    phone: '13800000001',
    roles: ['admin'] as StaffRole[],
  },
};
writeSession('admin', adminSession);

/**
 * Runs a test as a staff member with only these roles (`auth/me`, when the test's API answers it,
 * should return the principal given), then acts as the admin again.
 */
export async function asStaff(roles: StaffRole[], run: (principal: typeof adminSession.principal) => Promise<void>): Promise<void> {
  const principal = { ...adminSession.principal, id: `st-${roles.join('-')}`, name: roles.join(', '), roles };
  writeSession('admin', { ...adminSession, principal });
  try {
    await run(principal);
  } finally {
    writeSession('admin', adminSession);
  }
}

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Handler = (call: Call) => { status?: number; body?: unknown } | unknown;

/**
 * Replaces fetch with a table of `'METHOD path'` → handler (path without /api/v1/, no query);
 * records every call. A handler may answer `{ status, body }` for a failure.
 */
export function stubApi(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost');
    const path = url.pathname.replace(/^\/api\/v1\//, '');
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const call = { method, path, query: url.searchParams, body };
    calls.push(call);
    const handler = routes[`${method} ${path}`];
    if (!handler) return new Response(JSON.stringify({ code: 'ROUTE_NOT_FOUND', message: path }), { status: 404 });
    const answer = handler(call) as { status?: number; body?: unknown } | undefined;
    if (answer && typeof answer === 'object' && 'status' in answer && typeof answer.status === 'number') {
      return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status, headers: { 'content-type': 'application/json' } });
    }
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

/** Renders an admin section at `/admin/<path>` inside the providers the admin shell gives it. */
export function renderSection(section: string, page: ReactNode, path = `/${section}`) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ConfigProvider locale={zhCN}>
        <AntApp>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={`/${section}/*`} element={page} />
            </Routes>
          </MemoryRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>,
  );
}

/** A page of items as the API answers it. */
export const pageOf = <T,>(items: T[], total = items.length) => ({ items, page: 1, pageSize: 20, total });
