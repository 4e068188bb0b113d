/**
 * The desk follows the staff member's roles: each role sees the menu entries of the sections the
 * server lets it use, and a direct link to any other section shows "not permitted" without
 * calling the section's routes.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminApp } from '../src/areas/admin/AdminApp.tsx';
import type { StaffRole } from '../src/areas/admin/permissions.ts';
import { clearSession, writeSession } from '../src/common/session.ts';
import { stubApi } from './admin-sections-harness.tsx';

const everyone = [
  'dashboard',
  'catalog',
  'campaigns',
  'promotions',
  'leaders',
  'purchasing',
  'warehouse',
  'sorting',
  'dispatch',
  'aftersales',
  'complaints',
  'orders',
  'finance',
  'staff',
  'points',
];

/** What each role's menu shows, from the server's `requireStaff` role lists. */
const menus: Record<StaffRole, string[]> = {
  admin: everyone,
  merchandiser: ['dashboard', 'catalog', 'campaigns', 'promotions', 'purchasing'],
  purchaser: ['dashboard', 'purchasing'],
  warehouse: ['dashboard', 'purchasing', 'warehouse', 'sorting', 'dispatch', 'aftersales'],
  dispatcher: ['dashboard', 'sorting', 'dispatch', 'orders'],
  finance: ['dashboard', 'finance'],
  support: ['dashboard', 'leaders', 'aftersales', 'complaints', 'orders', 'points'],
};

function principal(roles: StaffRole[]) {
  return { kind: 'staff' as const, id: 'st-1', operatorId: 'op-1', name: '林晓', phone: '13800000001', roles };
}

function openDesk(roles: StaffRole[], path: string) {
  writeSession('admin', { token: 'tok', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), principal: principal(roles) });
  const calls = stubApi({ 'GET auth/me': () => principal(roles) });
  window.history.pushState({}, '', path);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <ConfigProvider>
        <AntApp>
          <AdminApp />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>,
  );
  return calls;
}

const shownMenus = () => everyone.filter((key) => document.querySelector(`[data-testid="nav-${key}"]`) !== null);

afterEach(() => {
  cleanup();
  clearSession('admin');
});

describe('admin menus by role', () => {
  for (const [role, expected] of Object.entries(menus) as [StaffRole, string[]][]) {
    it(`shows ${role} the menus of the sections its role may use`, async () => {
      openDesk([role], '/admin/');
      await screen.findByTestId('nav-dashboard');
      expect(shownMenus()).toEqual(expected);
    });
  }

  it('shows the union of the menus for a staff member with several roles', async () => {
    openDesk(['finance', 'support'], '/admin/');
    await screen.findByTestId('nav-dashboard');
    expect(shownMenus()).toEqual(['dashboard', 'leaders', 'aftersales', 'complaints', 'orders', 'finance', 'points']);
  });

  it('shows "not permitted" on a direct link to a section the role cannot use, without calling its routes', async () => {
    const calls = openDesk(['finance'], '/admin/catalog');
    expect(await screen.findByText('无权访问')).toBeTruthy();
    await waitFor(() => expect(calls.some((c) => c.path === 'auth/me')).toBe(true));
    expect(calls.filter((c) => c.path.startsWith('admin/'))).toEqual([]);
  });

  it('shows "not permitted" on the orders desk to a role without it (finance)', async () => {
    const calls = openDesk(['finance'], '/admin/orders');
    expect(await screen.findByText('无权访问')).toBeTruthy();
    expect(calls.filter((c) => c.path.startsWith('admin/order-desk'))).toEqual([]);
  });

  it('follows the roles auth/me answers when they changed since the login', async () => {
    writeSession('admin', { token: 'tok', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), principal: principal(['finance']) });
    stubApi({ 'GET auth/me': () => principal(['merchandiser']) });
    window.history.pushState({}, '', '/admin/');
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <AdminApp />
      </QueryClientProvider>,
    );
    await screen.findByTestId('nav-catalog');
    expect(shownMenus()).toEqual(menus.merchandiser);
  });
});
