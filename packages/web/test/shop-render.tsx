import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach } from 'vitest';
import { writeCart } from '../src/areas/shop/cartStore.ts';
import { shopLocales } from '../src/areas/shop/locales.ts';
import type { Campaign, CampaignLine } from '../src/areas/shop/types.ts';
import { initI18n } from '../src/common/i18n.ts';

let started = false;
afterEach(() => {
  cleanup();
  writeCart('anonymous', []);
  localStorage.clear();
});

/** Renders a piece of the shop with its strings (Chinese), server state and a router. */
export function renderShop(ui: ReactNode, path = '/') {
  if (!started) {
    initI18n('shop', shopLocales);
    started = true;
  }
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

export function line(over: Partial<CampaignLine> = {}): CampaignLine {
  return {
    id: 'cml_egg',
    skuId: 'sku_egg',
    productName: '特价鸡蛋',
    spec: '10枚',
    unit: '盒',
    images: [],
    groupPriceFen: 590,
    listPriceFen: 990,
    stockLeft: null,
    perResidentLimit: null,
    boughtByMe: 0,
    ...over,
  };
}

export function campaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: 'cmp_1',
    title: '今日爆款',
    description: '',
    opensAt: new Date(Date.now() - 3_600_000).toISOString(),
    cutoffAt: new Date(Date.now() + 3_600_000).toISOString(),
    pickupDate: '2026-11-23',
    lines: [line()],
    ...over,
  };
}
