import { helpSell } from '@linli/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HelpSellPage } from '../src/areas/supplier/HelpSellPage.tsx';
import { supplierLocales } from '../src/areas/supplier/locales.ts';
import { initI18n } from '../src/common/i18n.ts';
import { createQueryClient } from '../src/common/query.ts';
import '../src/mobile/react19.ts';

beforeAll(() => {
  initI18n('supplier', supplierLocales);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the supplier’s 帮卖 page', () => {
  it('lists my help-sell campaigns with the split, the resellers, the sales and my share', async () => {
    const body = helpSell.SupplierHelpSell.parse({
      campaigns: [
        {
          campaignId: 'cmp_1',
          title: '麻阳冰糖橙',
          status: 'closed',
          cutoffAt: '2026-11-20T14:00:00Z',
          pickupDate: '2026-11-21',
          sellerBp: 1200,
          publisherBp: 1000,
          platformBp: 7800,
          resellers: 3,
          earnings: { lines: 12, salesFen: 35880, asSellerFen: 0, asPublisherFen: 3588, sellers: 3 },
        },
      ],
      asPublisherFen: 3588,
    });
    const fetch = vi.fn(
      // the proposals under the list (help-sell-proposals.test.tsx tests them)
      async (url: string) =>
        new Response(JSON.stringify(url.includes('/proposals') ? { proposals: [] } : body), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    vi.stubGlobal('fetch', fetch);
    render(
      <QueryClientProvider client={createQueryClient()}>
        <HelpSellPage />
      </QueryClientProvider>,
    );
    expect((await screen.findByTestId('help-sell-total')).textContent).toBe('¥35.88');
    expect(fetch.mock.calls.map((c) => new URL(String(c[0]), 'http://x').pathname)).toContain('/api/v1/supplier/help-sell');
    const card = screen.getByTestId('help-sell-campaign');
    expect(card.textContent).toContain('分成：帮卖团长 12%，您 10%，平台 78%');
    expect(screen.getByTestId('help-sell-figures').textContent).toBe('3 位团长帮卖 · 销售 ¥358.80 · 您的分成 ¥35.88');
  });
});
