import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { PurchaseOrder } from '../src/areas/supplier/confirmation.ts';
import { supplierLocales } from '../src/areas/supplier/locales.ts';
import { PurchaseOrderCard } from '../src/areas/supplier/PurchaseOrderCard.tsx';
import type { Statement, StatementLine } from '../src/areas/supplier/statement.ts';
import { StatementPage } from '../src/areas/supplier/StatementPage.tsx';
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

const wrap = (ui: ReactNode) => render(<QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>);
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

const po = (warehouse: PurchaseOrder['warehouse']): PurchaseOrder => ({
  id: 'po_1',
  poNo: 'PO261122-7QK3M2',
  supplierId: 'sup_1',
  supplierName: '湘江果蔬合作社',
  deliveryDate: '2026-11-22',
  warehouse,
  status: 'sent',
  totalCostFen: 1850,
  createdAt: '2026-11-21T15:00:00Z',
  sentAt: '2026-11-21T15:30:00Z',
  confirmedAt: null,
  receivedAt: null,
  lines: [],
});

describe('the purchase order card', () => {
  it('names the warehouse to deliver to', () => {
    wrap(<PurchaseOrderCard po={po({ id: 'wh_1', name: '长沙中心仓', address: '雨花区物流园 8 号' })} onOpen={() => undefined} />);
    expect(screen.getByTestId('po-warehouse').textContent).toBe('送至 长沙中心仓');
    expect(screen.getByTestId('po-no').textContent).toBe('PO261122-7QK3M2');
  });

  it('says when the operator has no receiving warehouse yet', () => {
    wrap(<PurchaseOrderCard po={po(null)} onOpen={() => undefined} />);
    expect(screen.getByTestId('po-warehouse').textContent).toBe('收货仓库待定，请联系采购');
  });
});

describe('the statement', () => {
  const entry = (n: number): StatementLine => ({
    entryId: `e${n}`,
    occurredAt: `2026-11-${String(n).padStart(2, '0')}T01:00:00Z`,
    kind: 'goods_received',
    documentType: 'purchase_order',
    documentId: `po_${n}`,
    memo: '',
    meta: {},
    account: 'supplier_payable',
    amountFen: 100 * n,
  });
  const answer = (page: number, lines: StatementLine[]): Statement => ({
    supplierId: 'sup_1',
    supplierName: '湘江果蔬合作社',
    from: '2026-11-01',
    to: '2026-11-22',
    openingFen: 0,
    receivedFen: 123_400,
    chargebacksFen: 0,
    helpSellFen: 0,
    closingFen: 123_400,
    lines,
    total: 3,
    page,
    pageSize: 2,
  });

  it('asks the server for the newest entries a page at a time and shows the whole period’s figures', async () => {
    // jsdom lays nothing out: give elements the offsetParent that antd-mobile's InfiniteScroll looks for
    // (every box then sits at the top of the window, in view, as on a phone showing the end of the list).
    const offsetParent = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetParent');
    Object.defineProperty(HTMLElement.prototype, 'offsetParent', { configurable: true, get: () => document.body });
    onTestFinished(() => {
      if (offsetParent) Object.defineProperty(HTMLElement.prototype, 'offsetParent', offsetParent);
    });
    const fetch = vi.fn(async (url: string) => {
      const page = Number(new URL(url, 'http://x').searchParams.get('page'));
      return json(page === 1 ? answer(1, [entry(3), entry(2)]) : answer(2, [entry(1)]));
    });
    vi.stubGlobal('fetch', fetch);
    wrap(<StatementPage />);
    expect((await screen.findByTestId('statement-balance')).textContent).toBe('¥1234.00');
    expect(screen.getByText('明细（3 笔）')).toBeTruthy();
    const first = new URL(String(fetch.mock.calls[0]?.[0]), 'http://x');
    expect(first.pathname).toBe('/api/v1/supplier/statement');
    expect(Object.fromEntries(first.searchParams)).toMatchObject({ page: '1', pageSize: '30', order: 'desc' });
    expect(first.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-01$/);
    await waitFor(() => expect(screen.getAllByTestId('statement-entry')).toHaveLength(3));
    expect(screen.getAllByTestId('statement-entry').map((el) => el.textContent?.includes('po_3'))).toEqual([true, false, false]);
    expect(fetch.mock.calls.map((c) => new URL(String(c[0]), 'http://x').searchParams.get('page'))).toEqual(['1', '2']);
  });
});
