import { helpSell } from '@linli/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import HelpSellPage from '../src/areas/leader/help-sell/HelpSellPage.tsx';
import { renderLeader } from './leader-render.tsx';

afterEach(() => vi.unstubAllGlobals());

const earnings = { lines: 0, salesFen: 0, asSellerFen: 0, asPublisherFen: 0, sellers: 0 };
const campaign = (optedIn: boolean) => ({
  campaignId: 'cmp_1',
  title: '麻阳冰糖橙',
  status: 'open',
  opensAt: '2026-11-20T00:00:00Z',
  cutoffAt: '2026-11-20T14:00:00Z',
  pickupDate: '2026-11-21',
  publisher: { kind: 'supplier', id: 'sup_1', name: '湘江果蔬' },
  scorecard: {
    supplierId: 'sup_1',
    supplierName: '湘江果蔬',
    purchaseOrders: 10,
    received: 10,
    onTime: 9,
    late: 1,
    notReceived: 0,
    onTimeRate: 0.9,
    linesReceived: 20,
    shortLines: 1,
    shortShipRate: 0.05,
    unitsReceived: 500,
    unitsRejected: 10,
    rejectRate: 0.02,
    complaints: 2,
    ratings: 30,
    avgItemsScore: 4.6,
    avgFreshnessScore: 4.5,
  },
  sellerBp: 1500,
  publisherBp: 500,
  platformBp: 8000,
  lines: [{ skuId: 'sku_1', title: '冰糖橙 5斤', groupPriceFen: 2990, sellerFen: 448 }],
  resellers: optedIn ? 4 : 3,
  mine: false,
  optedIn,
  selling: true,
  earnings: optedIn ? { ...earnings, lines: 2, salesFen: 5980, asSellerFen: 897, sellers: 1 } : earnings,
});
const answer = (optedIn: boolean) =>
  helpSell.LeaderHelpSell.parse({ campaigns: [campaign(optedIn)], asSellerFen: optedIn ? 897 : 0, asPublisherFen: 0 });

describe('the leader’s 帮卖 page', () => {
  it('shows the publisher with its scorecard, the split and what I earn per unit; opting in asks the server and shows my earnings', async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${new URL(url, 'http://x').pathname}`);
      // the proposals under the list (help-sell-proposals.test.tsx tests them)
      const body = url.includes('/proposals') ? { proposals: [] } : answer(init?.method === 'PUT');
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    renderLeader(<HelpSellPage />, '/help-sell');
    const card = await screen.findByTestId('help-sell-campaign');
    expect(card.textContent).toContain('供应商「湘江果蔬」发布');
    expect(screen.getByTestId('help-sell-scorecard').textContent).toBe('供应商近30天：准时到货 90%，缺货 5%，质检退货 2%，投诉 2 次');
    expect(screen.getByTestId('help-sell-split').textContent).toBe('分成：帮卖团长 15%，发布方 5%，平台 80%');
    expect(screen.getByTestId('help-sell-line').textContent).toContain('每份赚 ¥4.48');
    fireEvent.click(screen.getByTestId('help-sell-toggle'));
    await waitFor(() => expect(screen.getByTestId('help-sell-as-seller').textContent).toBe('¥8.97'));
    expect(calls).toContain('PUT /api/v1/leader/help-sell/cmp_1/resell');
    expect(screen.getByTestId('help-sell-toggle').textContent).toContain('不再帮卖');
    expect(screen.getByTestId('help-sell-earnings').textContent).toContain('帮卖佣金 ¥8.97');
  });
});
