import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfirmForm } from '../src/areas/supplier/ConfirmForm.tsx';
import type { PurchaseOrder, PurchaseOrderLine } from '../src/areas/supplier/confirmation.ts';
import { supplierLocales } from '../src/areas/supplier/locales.ts';
import { initI18n } from '../src/common/i18n.ts';
import { createQueryClient } from '../src/common/query.ts';
import '../src/mobile/react19.ts';
import { poLine } from './admin-ops-fixtures.ts';

beforeAll(() => {
  initI18n('supplier', supplierLocales);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const line = (id: string, orderedQuantity: number, costPriceFen: number): PurchaseOrderLine =>
  poLine({
    id,
    skuName: `麻阳冰糖橙 ${id}`,
    demandQuantity: orderedQuantity,
    suggestedQuantity: orderedQuantity,
    orderedQuantity,
    costPriceFen,
  });
const po: PurchaseOrder = {
  id: 'po_1',
  poNo: 'PO261122-7QK3M2',
  supplierId: 'sup_1',
  supplierName: '湘江果蔬合作社',
  deliveryDate: '2026-11-22',
  warehouse: { id: 'wh_1', name: '长沙中心仓', address: '长沙市雨花区物流园 8 号' },
  status: 'sent',
  totalCostFen: 29 * 1850 + 28 * 3500,
  createdAt: '2026-11-21T15:00:00Z',
  sentAt: '2026-11-21T15:30:00Z',
  confirmedAt: null,
  receivedAt: null,
  lines: [line('a', 29, 1850), line('b', 28, 3500)],
};

function renderForm(onDone = vi.fn()) {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <ConfirmForm po={po} onDone={onDone} onCancel={() => undefined} />
    </QueryClientProvider>,
  );
  return onDone;
}
const qtyInput = (i: number) => screen.getAllByTestId('po-line-qty')[i]!.querySelector('input') as HTMLInputElement;
const setQty = (i: number, value: string) => {
  fireEvent.change(qtyInput(i), { target: { value } });
  fireEvent.blur(qtyInput(i));
};
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('confirming a purchase order', () => {
  it('starts in full and totals the ordered amount', () => {
    renderForm();
    expect(qtyInput(0).value).toBe('29');
    expect(screen.getByTestId('po-summary').textContent).toContain('全部足量供货，共 57 件');
    expect(screen.getByTestId('po-confirmed-total').textContent).toBe('¥1516.50');
  });

  it('totals a short shipment as the supplier types', () => {
    renderForm();
    setQty(0, '20');
    expect(screen.getByTestId('po-summary').textContent).toContain('1 个商品缺货，少 9 件');
    expect(screen.getByTestId('po-confirmed-total').textContent).toBe('¥1350.00');
    expect(screen.getByTestId('po-submit').textContent).toContain('部分缺货');
  });

  it('sends only the short lines and reports back', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => json(200, { ...po, status: 'short_confirmed' }));
    vi.stubGlobal('fetch', fetch);
    const onDone = renderForm();
    setQty(1, '0');
    await act(async () => fireEvent.click(screen.getByTestId('po-submit')));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/v1/supplier/purchase-orders/po_1/confirmation');
    expect(JSON.parse(String(init.body))).toEqual({ lines: [{ lineId: 'b', confirmedQuantity: 0 }] });
  });

  it('refuses an empty quantity before sending', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    renderForm();
    fireEvent.change(qtyInput(0), { target: { value: '' } });
    fireEvent.blur(qtyInput(0));
    await act(async () => fireEvent.click(screen.getByTestId('po-submit')));
    expect(screen.getByTestId('po-error').textContent).toBe('请先修正标红的数量');
    expect(fetch).not.toHaveBeenCalled();
  });

  it("shows the server's INVALID_STATE in the supplier's words", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(409, { code: 'INVALID_STATE', message: 'a purchase order cannot go from confirmed to confirmed' })),
    );
    const onDone = renderForm();
    await act(async () => fireEvent.click(screen.getByTestId('po-submit')));
    await waitFor(() => expect(screen.getByTestId('po-error').textContent).toBe('该采购单已确认或已取消，不能再修改，已为您刷新'));
    expect(onDone).not.toHaveBeenCalled();
  });
});
