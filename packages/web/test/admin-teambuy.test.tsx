import { teambuy } from '@linli/contracts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import TeamBuyPage from '../src/areas/admin/teambuy/TeamBuyPage.tsx';

const deal = teambuy.TeamDeal.parse({
  id: 'tdl_1',
  title: '麻阳冰糖橙 2人团',
  campaignId: 'cmp_1',
  campaignLineId: 'cml_1',
  productName: '麻阳冰糖橙 500g',
  groupPriceFen: 1000,
  teamPriceFen: 600,
  teamSize: 2,
  timeLimitMinutes: 30,
  openerNewcomerOnly: false,
  operatorMayFill: true,
  extraPayerPolicy: 'new_team',
  promotionId: 'prm_1',
  status: 'active',
  cutoffAt: '2026-11-20T15:00:00.000Z',
  createdAt: '2026-11-20T01:00:00.000Z',
  teams: { opened: 3, open: 1, formed: 1, failed: 1, filledTeams: 1, filledSlots: 1 },
  report: { orders: 5, paidMembers: 4, refundedOrders: 1, costFen: 1200, newResidents: 2 },
});
const team = (id: string, state: 'open' | 'formed' | 'failed') =>
  teambuy.AdminTeam.parse({
    id,
    dealId: 'tdl_1',
    state,
    size: 2,
    memberCount: state === 'open' ? 1 : 2,
    slotsLeft: state === 'open' ? 1 : 0,
    openedAt: '2026-11-20T02:00:00.000Z',
    expiresAt: '2026-11-20T02:30:00.000Z',
    formedAt: state === 'formed' ? '2026-11-20T02:10:00.000Z' : null,
    failedAt: state === 'failed' ? '2026-11-20T02:30:00.000Z' : null,
    filledCount: 0,
    sharePath: `/shop/teams/${id}`,
    members: [
      { name: '王*', initial: '王', isOpener: true, simulated: false, joinedAt: '2026-11-20T02:00:00.000Z', refunded: state === 'failed' },
    ],
    history: [{ at: '2026-11-20T02:00:00.000Z', kind: 'opened', amountFen: null, note: null }],
  });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin team buys', () => {
  it("lists each deal with its teams and P&L, pauses it, and shows its teams' states", async () => {
    const calls = stubApi({
      'GET admin/team-deals': () => ({ items: [deal] }),
      'POST admin/team-deals/tdl_1/status': (c) => ({ ...deal, status: (c.body as { status: string }).status }),
      'GET admin/team-deals/tdl_1/teams': () => ({ items: [team('tem_1', 'open'), team('tem_2', 'formed'), team('tem_3', 'failed')] }),
    });
    renderSection('teambuy', <TeamBuyPage />);
    await waitFor(() => expect(screen.getByTestId('deal-pnl').textContent).toContain('成本 ¥12.00'));
    expect(screen.getByTestId('deal-teams').textContent).toContain('成团 1');
    expect(screen.getByTestId('deal-teams').textContent).toContain('模拟成团 1 个团');
    fireEvent.click(screen.getByTestId('deal-pause'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === 'admin/team-deals/tdl_1/status')).toBe(true));
    fireEvent.click(screen.getByText('麻阳冰糖橙 2人团'));
    await waitFor(() => expect(screen.getAllByTestId('team-state')).toHaveLength(3));
    expect(screen.getAllByTestId('team-state').map((e) => e.textContent)).toEqual(['拼团中', '已成团', '已失败']);
  });
});
