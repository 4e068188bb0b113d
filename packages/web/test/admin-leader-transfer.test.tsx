import { leaderTransfer } from '@linli/contracts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
// The harness starts i18n first, as the admin area does.
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import LeadersPage from '../src/areas/admin/leaders/LeadersPage.tsx';
import { transferMapData } from '../src/areas/admin/leaders/Transfers.tsx';

const brief = (id: string, name: string, leaderName: string, lat: number, level = 1) => ({
  id,
  name,
  address: `${name}路1号`,
  lat,
  lng: 112.97,
  status: 'open' as const,
  leaderId: `ldr_${id}`,
  leaderName,
  leaderLevel: level,
});
const near = brief('pp_near', '枫林小区', '李团长', 28.21, 1);
const far = brief('pp_far', '岳麓小区', '周团长', 28.23, 3);
const old = brief('pp_old', '麓谷小区', '王团长', 28.2);

const transfer = (over: Record<string, unknown> = {}) =>
  leaderTransfer.LeaderTransfer.parse({
    id: 'ltr_1',
    leaderId: 'ldr_pp_old',
    leaderName: '王团长',
    leaderStatus: 'active',
    reason: 'removal',
    note: '末位淘汰',
    status: 'proposed',
    requestedBy: 'staff',
    createdAt: '2026-11-20T02:00:00.000Z',
    confirmedAt: null,
    completedAt: null,
    cancelledAt: null,
    membersMoved: 0,
    withdrawalId: null,
    waitingFor: [],
    openOrders: 1,
    commission: { pendingFen: 1089, pendingOrders: 1, availableFen: 0, withdrawingFen: 0 },
    points: [
      {
        from: old,
        members: 4,
        proposed: near,
        to: near,
        distanceMeters: 1112,
        candidates: [
          { point: near, distanceMeters: 1112 },
          { point: far, distanceMeters: 3336 },
        ],
      },
    ],
    ...over,
  });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin leader transfers', () => {
  it('lists the history and opens a transfer', async () => {
    stubApi({
      'GET admin/leader-applications': () => pageOf([]),
      'GET admin/leader-transfers': () =>
        pageOf([
          leaderTransfer.TransferSummary.parse({
            id: 'ltr_1',
            leaderId: 'ldr_pp_old',
            leaderName: '王团长',
            reason: 'removal',
            status: 'confirmed',
            requestedBy: 'staff',
            createdAt: '2026-11-20T02:00:00.000Z',
            confirmedAt: '2026-11-20T03:00:00.000Z',
            completedAt: null,
            points: 1,
            members: 4,
            membersMoved: 4,
            waitingFor: ['open_orders'],
          }),
        ]),
    });
    renderSection('leaders', <LeadersPage />, '/leaders/transfers');
    await waitFor(() => expect(screen.getByTestId('transfer-list').textContent).toContain('王团长'));
    const list = screen.getByTestId('transfer-list').textContent ?? '';
    expect(list).toContain('收尾中');
    expect(list).toContain('4 / 4');
    expect(list).toContain('原自提点订单待提货');
  });

  it('shows the proposal with its map and confirms it', async () => {
    let current = transfer();
    const calls = stubApi({
      'GET admin/leader-applications': () => pageOf([]),
      'GET admin/leader-transfers/ltr_1': () => current,
      'POST admin/leader-transfers/ltr_1/confirm': () => {
        current = transfer({
          status: 'confirmed',
          membersMoved: 4,
          confirmedAt: '2026-11-20T03:00:00.000Z',
          waitingFor: ['open_orders', 'pending_commission'],
        });
        return current;
      },
    });
    renderSection('leaders', <LeadersPage />, '/leaders/transfers/ltr_1');
    await waitFor(() => expect(screen.getByTestId('transfer-leader').textContent).toBe('王团长'));
    const points = screen.getByTestId('transfer-points').textContent ?? '';
    expect(points).toContain('麓谷小区');
    expect(points).toContain('1112 米');
    expect(screen.getByTestId('transfer-open-orders').textContent).toBe('1');
    await waitFor(() => expect(screen.getByTestId('transfer-map')).toBeTruthy());
    fireEvent.click(screen.getByTestId('transfer-confirm'));
    fireEvent.click(await screen.findByTestId('transfer-confirm-ok'));
    await waitFor(() => expect(screen.getByTestId('transfer-moved').textContent).toBe('4'));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['admin/leader-transfers/ltr_1/confirm']);
    expect(screen.getByTestId('transfer-status').textContent).toBe('收尾中');
    expect(screen.queryByTestId('transfer-confirm')).toBeNull();
    expect(screen.getByTestId('transfer-complete')).toBeTruthy();
  });

  it('draws the old point red, its target green with a line, the other candidates grey', () => {
    const { points, lines } = transferMapData(transfer(), { from: 'from', to: 'to' });
    const byId = new Map(points.map((p) => [p.id, p]));
    expect(byId.get('pp_old')).toMatchObject({ color: '#cf1322', label: '4' });
    expect(byId.get('pp_near')).toMatchObject({ color: '#389e0d' });
    expect(byId.get('pp_far')?.color).toBeUndefined();
    expect(lines).toEqual([
      expect.objectContaining({
        path: [
          [28.2, 112.97],
          [28.21, 112.97],
        ],
        dashed: true,
      }),
    ]);
  });
});
