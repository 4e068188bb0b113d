import { admin, helpSell } from '@linli/contracts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import { HelpSellCard } from '../src/areas/admin/campaigns/HelpSellCard.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const at = '2026-11-22T01:00:00.000Z';
const campaign = (status: 'draft' | 'open') =>
  admin.Campaign.parse({
    id: 'cmp_1',
    title: '麻阳冰糖橙',
    description: '',
    status,
    opensAt: at,
    cutoffAt: '2026-11-22T14:00:00.000Z',
    pickupDate: '2026-11-23',
    minTotalQuantity: 0,
    leaderScope: 'all',
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    cancelledAt: null,
    cancelReason: null,
    lines: [],
  });
const terms = helpSell.CampaignHelpSell.parse({
  terms: {
    campaignId: 'cmp_1',
    publisherKind: 'leader',
    publisherId: 'ldr_1',
    publisherName: '王姐',
    sellerBp: 1500,
    publisherBp: 500,
    platformBp: 8000,
    resellers: [{ id: 'ldr_2', name: '李哥' }],
  },
});

describe('help-sell on the admin campaign page', () => {
  it('shows the publisher, the split and the resellers; an open campaign cannot be changed', async () => {
    stubApi({ 'GET admin/campaigns/cmp_1/help-sell': () => terms });
    renderSection('campaigns', <HelpSellCard campaign={campaign('open')} />);
    expect((await screen.findByTestId('help-sell-publisher-name')).textContent).toBe('团长 · 王姐');
    expect(screen.getByTestId('help-sell-split').textContent).toBe('帮卖团长 15% · 发布方 5% · 平台 80%');
    expect(screen.getByTestId('help-sell-resellers').textContent).toBe('李哥');
    expect(screen.queryByTestId('help-sell-edit')).toBeNull();
  });

  it('edits a draft’s split in percent and sends basis points; the server’s refusal is shown by its code', async () => {
    const calls = stubApi({
      'GET admin/campaigns/cmp_1/help-sell': () => terms,
      'PUT admin/campaigns/cmp_1/help-sell': () => ({
        status: 422,
        body: { code: 'HELP_SELL_SPLIT_INVALID', message: 'no' },
      }),
      'GET admin/leaders': () => ({ items: [], page: 1, pageSize: 20, total: 0 }),
    });
    renderSection('campaigns', <HelpSellCard campaign={campaign('draft')} />);
    fireEvent.click(await screen.findByTestId('help-sell-edit'));
    const seller = (await screen.findByTestId('help-sell-seller')).closest('.ant-input-number')?.querySelector('input') as HTMLInputElement;
    fireEvent.change(seller, { target: { value: '96' } });
    await waitFor(() => expect(screen.getByTestId('help-sell-platform').textContent).toBe('平台保留 -1%'));
    fireEvent.click(screen.getByTestId('help-sell-save'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      publisherKind: 'leader',
      publisherId: 'ldr_1',
      sellerBp: 9600,
      publisherBp: 500,
    });
    expect(await screen.findByText(/分成比例有误/)).toBeTruthy();
  });
});
