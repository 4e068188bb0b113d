import { helpSell } from '@linli/contracts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import CampaignsPage from '../src/areas/admin/campaigns/CampaignsPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const proposal = (over: Record<string, unknown> = {}) =>
  helpSell.HelpSellProposal.parse({
    id: 'hsp_1',
    status: 'pending',
    proposer: { kind: 'supplier', id: 'sup_1', name: '湘江果蔬' },
    title: '冰糖橙帮卖',
    note: '产地直发',
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
const inputOf = (testId: string) => screen.getByTestId(testId).closest('.ant-input-number')?.querySelector('input') as HTMLInputElement;

describe('帮卖申请 in the admin', () => {
  it('lists the pending proposals and approves one with a changed split, published, then opens the campaign it became', async () => {
    const calls = stubApi({
      'GET admin/help-sell/proposals': () => pageOf([proposal()]),
      'POST admin/help-sell/proposals/hsp_1/approve': () =>
        proposal({ status: 'approved', campaignId: 'cmp_9', agreed: { sellerBp: 1000, publisherBp: 800, platformBp: 8200 } }),
    });
    renderSection('campaigns', <CampaignsPage />, '/campaigns/proposals');
    const row = await screen.findByTestId('proposal-row');
    expect(row.textContent).toContain('供应商 湘江果蔬');
    expect(row.textContent).toContain('麻阳冰糖橙 500g ¥15.00（库存 100，限购 不限）');
    expect(row.textContent).toContain('帮卖团长 12% · 发布方 8%');
    expect(calls.find((c) => c.path === 'admin/help-sell/proposals')?.query.get('status')).toBe('pending');
    fireEvent.click(screen.getByTestId('proposal-approve'));
    await waitFor(() => expect(inputOf('approve-seller').value).toBe('12'));
    fireEvent.change(inputOf('approve-seller'), { target: { value: '10' } });
    await waitFor(() => expect(screen.getByTestId('approve-platform').textContent).toBe('平台保留 82%'));
    fireEvent.click(screen.getByTestId('approve-publish'));
    fireEvent.click(screen.getByRole('button', { name: '通 过' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ sellerBp: 1000, publisherBp: 800, publish: true });
    expect(await screen.findByText('已通过，活动已创建')).toBeTruthy();
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/campaigns/cmp_9')).toBe(true));
  });

  it('rejects with a reason the proposer is told (none given is not sent)', async () => {
    const calls = stubApi({
      'GET admin/help-sell/proposals': () => pageOf([proposal()]),
      'POST admin/help-sell/proposals/hsp_1/reject': () => proposal({ status: 'rejected', reason: '价格偏高' }),
    });
    renderSection('campaigns', <CampaignsPage />, '/campaigns/proposals');
    fireEvent.click(await screen.findByTestId('proposal-reject'));
    fireEvent.click(await screen.findByRole('button', { name: '拒 绝' }));
    expect(await screen.findByText('请填写原因')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(screen.getByTestId('reject-reason'), { target: { value: '价格偏高' } });
    fireEvent.click(screen.getByRole('button', { name: '拒 绝' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: '价格偏高' });
    expect(await screen.findByText('已拒绝，已通知发起方')).toBeTruthy();
  });
});
