import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Statement, StatementLine, Summary } from '../src/areas/leader/api.ts';
import CommissionPage from '../src/areas/leader/commission/CommissionPage.tsx';
import { periodRange } from '../src/areas/leader/commission/period.ts';
import { businessToday } from '../src/common/format.ts';
import { renderLeader } from './leader-render.tsx';

const line = (entryId: string, kind: string, account: string, amountFen: number, minute: number): StatementLine => ({
  entryId,
  kind,
  account,
  amountFen,
  occurredAt: new Date(Date.parse('2026-11-22T00:00:00Z') + minute * 60_000).toISOString(),
  documentType: 'order',
  documentId: `ord_${entryId}`,
  memo: '',
  meta: {},
});

// 35 lines newest first: 28 accruals, a release split by the page boundary (its pending line last
// on page 1, its available line first on page 2), then 4 older accruals and a refund clawback.
const newest = [
  ...Array.from({ length: 29 }, (_, i) =>
    i === 28
      ? line('e_rel', 'commission_release', 'commission_pending', -500, 100)
      : line(`e${i}`, 'commission_accrual', 'commission_pending', 100, 200 - i),
  ),
  line('e_rel', 'commission_release', 'commission_available', 500, 100),
  ...Array.from({ length: 4 }, (_, i) => line(`o${i}`, 'commission_accrual', 'commission_pending', 200, 50 - i)),
  line('c1', 'commission_clawback', 'commission_pending', -120, 10),
];

const statement = (over: Partial<Statement>): Statement => ({
  leaderId: 'ldr_1',
  leaderName: '王姐',
  from: null,
  to: null,
  orders: 33,
  salesFen: 356_000,
  accruedFen: 3600,
  clawedBackFen: 120,
  deductedFen: 0,
  adjustedFen: 0,
  helpSellSellerFen: 0,
  helpSellPublisherFen: 0,
  releasedFen: 500,
  paidFen: 0,
  pendingFen: 2980,
  availableFen: 500,
  withdrawingFen: 0,
  lines: [],
  total: newest.length,
  page: 1,
  pageSize: 30,
  ...over,
});

const summary: Summary = {
  date: '2026-11-22',
  orders: 0,
  gmvFen: 0,
  members: 0,
  commissionAccruedFen: 0,
  commissionAvailableFen: 500,
  commissionHeldFen: 2980,
  commissionWithdrawingFen: 0,
  withdrawal: { minFen: 100, feeBp: 0, dailyLimitFen: 0, withdrawnTodayFen: 0 },
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const asked: URLSearchParams[] = [];
let failPage2 = false;
const realFetch = globalThis.fetch;
beforeEach(() => {
  asked.length = 0;
  failPage2 = false;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    if (url.pathname === '/api/v1/leader/summary') return json(summary);
    if (url.pathname !== '/api/v1/leader/commission') return json({ code: 'NOT_FOUND', message: url.pathname }, 404);
    asked.push(url.searchParams);
    const page = Number(url.searchParams.get('page'));
    const size = Number(url.searchParams.get('pageSize'));
    if (page === 2 && failPage2) return json({ code: 'INTERNAL', message: 'down' }, 500);
    return json(statement({ lines: newest.slice((page - 1) * size, page * size), page, pageSize: size }));
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

const rows = () => screen.queryAllByTestId('commission-line');

describe('the commission screen pages its lines on the server', () => {
  it('asks for this month, newest first, 30 lines at a time, with the period’s figures', async () => {
    renderLeader(<CommissionPage />);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    const month = periodRange('month', businessToday());
    expect(Object.fromEntries(asked[0]!)).toEqual({ ...month, page: '1', pageSize: '30', order: 'desc' });
    expect(screen.getByText('明细（35 条）')).toBeTruthy();
    expect(screen.getByText('¥36.00')).toBeTruthy();
    // The release whose other half is on page 2 waits for it.
    expect(rows()).toHaveLength(28);
    expect(screen.getByTestId('commission-balance').textContent).toBe('¥5.00');
  });

  it('loads more on request, joining an entry split by the page boundary into one move', async () => {
    renderLeader(<CommissionPage />);
    fireEvent.click(await screen.findByTestId('commission-more'));
    await waitFor(() => expect(rows()).toHaveLength(28 + 1 + 5));
    expect(Object.fromEntries(asked[1]!)).toMatchObject({ page: '2', pageSize: '30', order: 'desc' });
    const release = rows()[28]!;
    expect(release.textContent).toContain('待结算 → 可提现');
    expect(release.textContent).toContain('¥5.00');
    expect(screen.queryByTestId('commission-more')).toBeNull();
  });

  it('keeps the lines shown when loading more fails, and can try again', async () => {
    failPage2 = true;
    renderLeader(<CommissionPage />);
    fireEvent.click(await screen.findByTestId('commission-more'));
    await waitFor(() => expect(asked).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 50));
    expect(rows()).toHaveLength(28);
    failPage2 = false;
    fireEvent.click(screen.getByTestId('commission-more'));
    await waitFor(() => expect(rows()).toHaveLength(34));
  });

  it('starts again at page 1 when the period changes', async () => {
    renderLeader(<CommissionPage />);
    fireEvent.click(await screen.findByTestId('commission-more'));
    await waitFor(() => expect(rows()).toHaveLength(34));
    fireEvent.click(screen.getByText('全部'));
    await waitFor(() => expect(asked).toHaveLength(3));
    expect(Object.fromEntries(asked[2]!)).toEqual({ page: '1', pageSize: '30', order: 'desc' });
    await waitFor(() => expect(rows()).toHaveLength(28));
    expect(screen.getByTestId('commission-more')).toBeTruthy();
  });
});
