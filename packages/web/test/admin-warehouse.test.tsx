import { procurement } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import i18n from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import { poLine, purchaseOrder } from './admin-ops-fixtures.ts';
import { lotsOf } from '../src/areas/admin/warehouse/LotsTab.tsx';
import { emptyDraft, receiptBody, receiptTotals, settle, shortfallOf } from '../src/areas/admin/warehouse/receipt.ts';
import WarehousePage from '../src/areas/admin/warehouse/WarehousePage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const t = i18n.getFixedT('zh-CN', 'warehouse');
const confirmed = purchaseOrder({
  id: 'po_1',
  status: 'short_confirmed',
  lines: [
    poLine({ id: 'l1', skuName: '麻阳冰糖橙 5斤装', demandQuantity: 53, orderedQuantity: 53, confirmedQuantity: 37 }),
    poLine({ id: 'l2', skuName: '海南香蕉 3斤装', demandQuantity: 65, orderedQuantity: 65, confirmedQuantity: 65, costPriceFen: 750 }),
  ],
});

describe('receipt rules', () => {
  it('splits a receipt as the server does: rejects go back, extra good units are kept only when accepted', () => {
    expect(settle(37, 37, 0, false)).toEqual({ accepted: 37, over: 0 });
    expect(settle(38, 38, 2, false)).toEqual({ accepted: 36, over: 0 });
    expect(settle(65, 70, 0, false)).toEqual({ accepted: 65, over: 5 });
    expect(settle(65, 70, 0, true)).toEqual({ accepted: 70, over: 5 });
  });

  it('builds the receipts body from typed lines, checked with the contract, and names what is wrong per field', () => {
    const none = receiptBody(confirmed, {}, t);
    expect(none).toEqual({ lines: [], errors: {} });
    const bad = receiptBody(
      confirmed,
      { l1: { ...emptyDraft, receivedQuantity: 37 }, l2: { ...emptyDraft, receivedQuantity: 3, rejectedQuantity: 5, lotCode: 'L-2' } },
      t,
    );
    expect(bad.lines).toEqual([]);
    expect(bad.errors).toEqual({ l1: { lotCode: '必填' }, l2: { rejectedQuantity: '拒收不能多于实收' } });
    const good = receiptBody(
      confirmed,
      { l1: { ...emptyDraft, receivedQuantity: 37, lotCode: ' L-1 ', expiresOn: '2026-11-26' }, l2: { ...emptyDraft } },
      t,
    );
    expect(good.errors).toEqual({});
    expect(procurement.ReceivePurchaseOrder.parse({ lines: good.lines })).toEqual({
      lines: [
        { lineId: 'l1', receivedQuantity: 37, rejectedQuantity: 0, lotCode: 'L-1', expiresOn: '2026-11-26', acceptOverDelivery: false },
      ],
    });
  });

  it('leaves out lines already received', () => {
    const partly = { ...confirmed, lines: [{ ...confirmed.lines[0]!, receivedQuantity: 37 }, confirmed.lines[1]!] };
    const body = receiptBody(partly, { l1: { ...emptyDraft, receivedQuantity: 1, lotCode: 'x' } }, t);
    expect(body).toEqual({ lines: [], errors: {} });
  });

  it('totals a received order and the units likely short per line', () => {
    const received = {
      ...confirmed,
      lines: [
        {
          ...confirmed.lines[0]!,
          receivedQuantity: 37,
          rejectedQuantity: 2,
          acceptedQuantity: 35,
          overQuantity: 0,
          lotCode: 'L-1',
          expiresOn: '2026-11-26',
        },
        {
          ...confirmed.lines[1]!,
          receivedQuantity: 70,
          rejectedQuantity: 0,
          acceptedQuantity: 65,
          overQuantity: 5,
          overAccepted: false,
          lotCode: 'L-2',
        },
      ],
    };
    expect(receiptTotals(received)).toEqual({ accepted: 100, rejected: 2, over: 5, payableFen: 35 * 1850 + 65 * 750 });
    expect(received.lines.map(shortfallOf)).toEqual([18, 0]);
    expect(lotsOf([received]).map((l) => [l.lotCode, l.accepted])).toEqual([
      ['L-1', 35],
      ['L-2', 65],
    ]);
  });
});

describe('receiving screen', () => {
  it('records a receipt with lots and quantities, completes it and tells whether the shortage allocation runs', async () => {
    let current = confirmed;
    const other = purchaseOrder({
      id: 'po_9',
      supplierName: '望城蔬菜基地',
      status: 'confirmed',
      lines: [poLine({ id: 'l9', skuName: '番茄 500g' })],
    });
    const calls = stubApi({
      'GET admin/purchase-orders': () => procurement.PurchaseOrderPage.parse(pageOf([current, other])),
      'GET admin/purchase-orders/po_1': () => current,
      'POST admin/purchase-orders/po_1/receipts': ({ body }) => {
        const { lines } = procurement.ReceivePurchaseOrder.parse(body);
        current = {
          ...current,
          status: 'receiving',
          lines: current.lines.map((l) => {
            const r = lines.find((x) => x.lineId === l.id);
            if (!r) return l;
            const s = settle(l.confirmedQuantity ?? l.orderedQuantity, r.receivedQuantity, r.rejectedQuantity, r.acceptOverDelivery);
            return {
              ...l,
              receivedQuantity: r.receivedQuantity,
              rejectedQuantity: r.rejectedQuantity,
              acceptedQuantity: s.accepted,
              overQuantity: s.over,
              lotCode: r.lotCode,
              expiresOn: r.expiresOn,
            };
          }),
        };
        return current;
      },
      'POST admin/purchase-orders/po_1/receiving/complete': () => {
        current = {
          ...current,
          status: 'received',
          receivedAt: '2026-11-22T19:00:00.000Z',
          lines: current.lines.map((l) =>
            l.receivedQuantity === null ? { ...l, receivedQuantity: 0, rejectedQuantity: 0, acceptedQuantity: 0, overQuantity: 0 } : l,
          ),
        };
        return current;
      },
    });
    renderSection('warehouse', <WarehousePage />);
    fireEvent.click((await screen.findAllByTestId('receiving-row'))[0]!);
    const qty = await screen.findAllByTestId('receipt-qty');
    expect(qty).toHaveLength(2);
    expect(screen.getByText('供应商确认缺 16')).toBeTruthy();
    fireEvent.change(qty[0]!, { target: { value: '37' } });
    fireEvent.click(screen.getByTestId('receipt-submit'));
    expect(await screen.findByText('必填')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(screen.getAllByTestId('receipt-lot')[0]!, { target: { value: 'L1123-01' } });
    fireEvent.change(screen.getAllByTestId('receipt-rejected')[0]!, { target: { value: '2' } });
    await act(async () => fireEvent.click(screen.getByTestId('receipt-submit')));
    expect(await screen.findByText('已登记 1 个品项')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/receipts'))!.body).toEqual({
      lines: [{ lineId: 'l1', receivedQuantity: 37, rejectedQuantity: 2, lotCode: 'L1123-01', expiresOn: null, acceptOverDelivery: false }],
    });
    await waitFor(() => expect(screen.getAllByTestId('receipt-qty')).toHaveLength(1));

    fireEvent.click(screen.getByTestId('receiving-complete'));
    expect(await screen.findByText(/未登记的 1 个品项将按未到货处理/)).toBeTruthy();
    await act(async () => fireEvent.click(document.querySelector('.ant-popconfirm .ant-btn-primary')!));
    const result = await screen.findByTestId('receiving-result');
    expect(result.textContent).toContain('收货完成');
    // 53 wanted, 35 stocked: 18 short; the banana line got nothing: 65 short.
    expect(result.textContent).toContain('18');
    expect(result.textContent).toContain('65');
    expect((await screen.findByTestId('allocation-state')).textContent).toContain('还有 1 张采购单未完成收货');
  });
});
