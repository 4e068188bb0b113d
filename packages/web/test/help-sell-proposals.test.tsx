import { helpSell } from '@linli/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HelpSellPage } from '../src/areas/supplier/HelpSellPage.tsx';
import { supplierLocales } from '../src/areas/supplier/locales.ts';
import { initI18n } from '../src/common/i18n.ts';
import { createQueryClient } from '../src/common/query.ts';
import { percentToBp, proposalBody, shanghaiIso } from '../src/mobile/help-sell/proposal.ts';
import '../src/mobile/react19.ts';

/** 帮卖 proposals in the supplier portal (the leader app shows the same form and list): propose, see the outcome, withdraw. */

beforeAll(() => {
  initI18n('supplier', supplierLocales);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const proposal = (over: Record<string, unknown>) =>
  helpSell.HelpSellProposal.parse({
    id: 'hsp_1',
    status: 'pending',
    proposer: { kind: 'supplier', id: 'sup_1', name: '湘江果蔬' },
    title: '冰糖橙帮卖',
    note: '',
    opensAt: '2026-11-20T03:00:00.000Z',
    cutoffAt: '2026-11-22T03:00:00.000Z',
    pickupDate: '2026-11-23',
    lines: [{ skuId: 'sku_1', title: '麻阳冰糖橙 500g', groupPriceFen: 1500, stockTotal: 100, perResidentLimit: null }],
    sellerBp: 1200,
    publisherBp: 800,
    agreed: null,
    reason: null,
    campaignId: null,
    createdAt: '2026-11-20T02:00:00.000Z',
    decidedAt: null,
    ...over,
  });
const skus = { skus: [{ skuId: 'sku_1', productName: '麻阳冰糖橙', spec: '500g', unit: '份', listPriceFen: 1990 }] };
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A server answering the portal's requests; records each as `METHOD path` with its body. */
function server(proposals: unknown[]) {
  const calls: { call: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const path = new URL(url, 'http://x').pathname;
    const method = init?.method ?? 'GET';
    calls.push({ call: `${method} ${path}`, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    if (path === '/api/v1/supplier/help-sell') return json({ campaigns: [], asPublisherFen: 0 });
    if (path === '/api/v1/supplier/help-sell/skus') return json(skus);
    if (path === '/api/v1/supplier/help-sell/proposals' && method === 'GET') return json({ proposals });
    if (path === '/api/v1/supplier/help-sell/proposals') return json(proposal({}), 201);
    if (path.endsWith('/withdraw')) return json(proposal({ status: 'withdrawn' }));
    return json({ code: 'ROUTE_NOT_FOUND', message: path }, 404);
  });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <HelpSellPage />
    </QueryClientProvider>,
  );
  return calls;
}
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('the proposal body', () => {
  it.each([
    ['a local time in Shanghai', '2026-11-20T09:30', '2026-11-20T09:30:00+08:00'],
    ['blank', '', undefined],
  ])('%s', (_name, local, iso) => {
    expect(shanghaiIso(local)).toBe(iso);
  });
  it.each([
    ['12.5', 1250],
    ['0', 0],
    ['', undefined],
  ])('%s %% is %s bp', (typed, bp) => {
    expect(percentToBp(typed)).toBe(bp);
  });
  it('blank stock and limit are none', () => {
    const body = proposalBody({
      title: 't',
      note: '',
      opensAt: '2026-11-20T09:30',
      cutoffAt: '2026-11-22T20:00',
      pickupDate: '2026-11-23',
      lines: [{ skuId: 'sku_1', price: '15', stock: '', limit: '2' }],
      sellerPct: '12',
      publisherPct: '8',
    });
    expect(body.lines).toEqual([{ skuId: 'sku_1', groupPriceFen: 1500, stockTotal: null, perResidentLimit: 2 }]);
    expect(helpSell.CreateHelpSellProposal.safeParse(body).success).toBe(true);
  });
});

describe('the supplier’s 帮卖 proposals', () => {
  it('checks the form before sending, then proposes the campaign with its lines and split', async () => {
    const calls = server([]);
    fireEvent.click(await screen.findByTestId('help-sell-propose'));
    fireEvent.click(screen.getByTestId('proposal-submit'));
    expect(await screen.findByTestId('proposal-error-title')).toBeTruthy();
    expect(calls.some((c) => c.call.startsWith('POST'))).toBe(false);
    await waitFor(() => expect(screen.getByTestId('proposal-add-line').querySelectorAll('option').length).toBe(2));
    type('proposal-title', '冰糖橙帮卖');
    type('proposal-opensAt', '2026-11-20T11:00');
    type('proposal-cutoffAt', '2026-11-22T20:00');
    type('proposal-pickupDate', '2026-11-23');
    type('proposal-add-line', 'sku_1');
    type('proposal-line-price', '15');
    type('proposal-line-stock', '100');
    type('proposal-seller', '12');
    type('proposal-publisher', '8');
    expect(screen.getByTestId('proposal-platform').textContent).toBe('平台 80%');
    fireEvent.click(screen.getByTestId('proposal-submit'));
    await waitFor(() => expect(calls.map((c) => c.call)).toContain('POST /api/v1/supplier/help-sell/proposals'));
    expect(calls.find((c) => c.call.startsWith('POST'))?.body).toEqual({
      title: '冰糖橙帮卖',
      note: '',
      opensAt: '2026-11-20T11:00:00+08:00',
      cutoffAt: '2026-11-22T20:00:00+08:00',
      pickupDate: '2026-11-23',
      lines: [{ skuId: 'sku_1', groupPriceFen: 1500, stockTotal: 100, perResidentLimit: null }],
      sellerBp: 1200,
      publisherBp: 800,
    });
  });

  it('shows each proposal’s fate: the agreed split of an approved one, the reason of a rejected one; a pending one can be withdrawn', async () => {
    const calls = server([
      proposal({ id: 'hsp_p' }),
      proposal({ id: 'hsp_a', status: 'approved', campaignId: 'cmp_9', agreed: { sellerBp: 1000, publisherBp: 800, platformBp: 8200 } }),
      proposal({ id: 'hsp_r', status: 'rejected', reason: '价格偏高' }),
    ]);
    await waitFor(() => expect(screen.getAllByTestId('proposal')).toHaveLength(3));
    expect(screen.getAllByTestId('proposal-status').map((e) => e.textContent)).toEqual(['待审核', '已通过', '未通过']);
    expect(screen.getAllByTestId('proposal-split').map((e) => e.textContent)).toEqual([
      '申请分成：帮卖团长 12%，发布方 8%',
      '约定分成：帮卖团长 10%，发布方 8%，平台 82%',
      '申请分成：帮卖团长 12%，发布方 8%',
    ]);
    expect(screen.getByTestId('proposal-reason').textContent).toBe('原因：价格偏高');
    expect(screen.getAllByTestId('proposal-withdraw')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('proposal-withdraw'));
    fireEvent.click(await screen.findByText('确定'));
    await waitFor(() => expect(calls.map((c) => c.call)).toContain('POST /api/v1/supplier/help-sell/proposals/hsp_p/withdraw'));
  });
});
