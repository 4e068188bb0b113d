import { procurement } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import { poLine, purchaseOrder } from './admin-ops-fixtures.ts';
import { lotsOf } from '../src/areas/admin/warehouse/LotsTab.tsx';
import {
  draftShortReason,
  emptyDraft,
  filledDraft,
  receiptBody,
  receiptTotals,
  settle,
  shortReasonChoice,
  shortfallOf,
} from '../src/areas/admin/warehouse/receipt.ts';
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
      { l1: { ...emptyDraft, receivedQuantity: 0 }, l2: { ...emptyDraft, receivedQuantity: 3, rejectedQuantity: 5, lotCode: 'L-2' } },
      t,
    );
    expect(bad.lines).toEqual([]);
    // Nothing received of a promised line: the warehouse must say why (no reason is preset).
    expect(bad.errors).toEqual({ l1: { shortReason: '实收为 0，请选择原因' }, l2: { rejectedQuantity: '拒收不能多于实收' } });
    // A blank lot is left out: the server makes one.
    expect(receiptBody(confirmed, { l1: { ...emptyDraft, receivedQuantity: 37, lotCode: '  ' } }, t)).toEqual({
      lines: [{ lineId: 'l1', receivedQuantity: 37, rejectedQuantity: 0, expiresOn: null, acceptOverDelivery: false }],
      errors: {},
    });
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

  it('offers a short line only the reasons the server accepts, preset with its default, and a line that is not short none', () => {
    const all = ['supplier_short_shipped', 'rejected_quality', 'warehouse_error', 'damaged_in_warehouse'];
    const warehouse = ['warehouse_error', 'damaged_in_warehouse'];
    // ordered, confirmed, received, rejected → the reasons offered and the server's default (null: not short)
    const table: Array<[number, number | null, number, number, string[] | null, string | null]> = [
      [10, null, 10, 0, null, null],
      [10, 10, 12, 0, null, null],
      [10, null, 12, 2, null, null],
      [53, 37, 37, 0, null, null],
      [53, 0, 0, 0, null, null],
      [10, null, 8, 0, warehouse, 'warehouse_error'],
      [10, 10, 0, 0, warehouse, 'warehouse_error'],
      [53, 37, 30, 0, ['supplier_short_shipped', ...warehouse], 'supplier_short_shipped'],
      [10, null, 10, 2, all, 'rejected_quality'],
      [10, 10, 10, 10, all, 'rejected_quality'],
      [53, 37, 37, 2, all, 'rejected_quality'],
    ];
    for (const [ordered, confirmed, received, rejected, reasons, preset] of table) {
      const line = { orderedQuantity: ordered, confirmedQuantity: confirmed };
      const row = `${ordered}/${confirmed}: ${received} received, ${rejected} rejected`;
      expect(shortReasonChoice(line, received, rejected), row).toEqual(reasons && { reasons, preset });
    }
    // A choice the line no longer allows (the rejects were cleared) falls back to the default.
    const l1 = confirmed.lines[0]!;
    const draft = { ...emptyDraft, receivedQuantity: 30, rejectedQuantity: 0, lotCode: 'L', shortReason: 'rejected_quality' as const };
    expect(draftShortReason(l1, draft)).toBe('supplier_short_shipped');
    expect(draftShortReason(l1, { ...draft, shortReason: 'damaged_in_warehouse' })).toBe('damaged_in_warehouse');
    expect(draftShortReason(l1, { ...draft, receivedQuantity: 37 })).toBeNull();
    // Received empty: no default, only the reason chosen.
    expect(draftShortReason(l1, { ...draft, receivedQuantity: 0, shortReason: null })).toBeNull();
    expect(draftShortReason(l1, { ...draft, receivedQuantity: 0, shortReason: 'warehouse_error' })).toBe('warehouse_error');
    const zero = { ...confirmed.lines[0]!, confirmedQuantity: 0 };
    expect(draftShortReason(zero, { ...draft, receivedQuantity: 0, shortReason: null })).toBeNull();
    expect(receiptBody({ ...confirmed, lines: [zero] }, { l1: { ...draft, receivedQuantity: 0, shortReason: null } }, t).errors).toEqual(
      {},
    );
    expect(receiptBody(confirmed, { l1: { ...draft, shortReason: 'damaged_in_warehouse' } }, t).lines).toEqual([
      expect.objectContaining({ lineId: 'l1', shortReason: 'damaged_in_warehouse' }),
    ]);
  });

  it('fills as expected only what is still empty: received = expected, nothing rejected, expiry from the shelf life', () => {
    const l1 = { ...confirmed.lines[0]!, shelfLifeDays: 15 };
    expect(filledDraft(l1, '2026-11-23')).toEqual({ ...emptyDraft, receivedQuantity: 37, rejectedQuantity: 0, expiresOn: '2026-12-08' });
    const typed = { ...emptyDraft, receivedQuantity: 30, lotCode: 'L-1', expiresOn: '2026-11-30' };
    expect(filledDraft(l1, '2026-11-23', typed)).toEqual({ ...typed, rejectedQuantity: 0 });
    expect(filledDraft({ ...l1, shelfLifeDays: null }, '2026-11-23').expiresOn).toBeNull();
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

let lotSeq = 0;
/** What the server stores for a receipt (lines with their split, reason and lot, made when blank), for the stubbed API. */
function applyReceipt(po: typeof confirmed, body: unknown): typeof confirmed {
  const { lines } = procurement.ReceivePurchaseOrder.parse(body);
  return {
    ...po,
    status: 'receiving',
    lines: po.lines.map((l) => {
      const r = lines.find((x) => x.lineId === l.id);
      if (!r) return l;
      const s = settle(l.confirmedQuantity ?? l.orderedQuantity, r.receivedQuantity, r.rejectedQuantity, r.acceptOverDelivery);
      return {
        ...l,
        receivedQuantity: r.receivedQuantity,
        rejectedQuantity: r.rejectedQuantity,
        acceptedQuantity: s.accepted,
        overQuantity: s.over,
        shortReason: r.shortReason ?? null,
        lotCode: r.lotCode ?? (r.receivedQuantity > 0 ? `L20261123-${String(++lotSeq).padStart(4, '0')}` : null),
        expiresOn: r.expiresOn,
      };
    }),
  };
}

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
        current = applyReceipt(current, body);
        return current;
      },
      'GET admin/purchase-orders/po_1/shortfall-preview': () => ({
        lineId: 'l2',
        shortQuantity: 65,
        orderLines: 40,
        residents: 31,
        allocated: false,
      }),
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
    // the purchase order's number as the purchasing desk, the supplier and the Excel sheet show it
    expect((await screen.findAllByTestId('po-no')).map((el) => el.textContent)).toContain(current.poNo);
    fireEvent.click((await screen.findAllByTestId('receiving-row'))[0]!);
    const qty = await screen.findAllByTestId('receipt-qty');
    expect(qty).toHaveLength(2);
    expect(screen.getByText('供应商确认缺 16')).toBeTruthy();
    fireEvent.change(qty[0]!, { target: { value: '37' } });
    fireEvent.change(screen.getAllByTestId('receipt-lot')[0]!, { target: { value: 'L1123-01' } });
    fireEvent.change(screen.getAllByTestId('receipt-rejected')[0]!, { target: { value: '2' } });
    await act(async () => fireEvent.click(screen.getByTestId('receipt-submit')));
    expect(await screen.findByText('已登记 1 个品项')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/receipts'))!.body).toEqual({
      lines: [
        {
          lineId: 'l1',
          receivedQuantity: 37,
          rejectedQuantity: 2,
          lotCode: 'L1123-01',
          expiresOn: null,
          acceptOverDelivery: false,
          shortReason: 'rejected_quality',
        },
      ],
    });
    await waitFor(() => expect(screen.getAllByTestId('receipt-qty')).toHaveLength(1));

    // Completing waits until every promised line is recorded: the banana line never came, recorded as 0 with its reason.
    expect(screen.getByTestId('receiving-complete').closest('button')!.disabled).toBe(true);
    expect(screen.getByTestId('receiving-complete-blocked').textContent).toBe('还有 1 个品项未登记，请先登记（实收 0 需选择原因）');
    fireEvent.change(screen.getByTestId('receipt-qty'), { target: { value: '0' } });
    fireEvent.mouseDown(within(await screen.findByTestId('receipt-short-reason')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('仓库差错'));
    await act(async () => fireEvent.click(screen.getByTestId('receipt-submit')));
    await waitFor(() => expect(screen.queryAllByTestId('receipt-qty')).toHaveLength(0));
    expect(calls.filter((c) => c.path.endsWith('/receipts')).at(-1)!.body).toEqual({
      lines: [
        {
          lineId: 'l2',
          receivedQuantity: 0,
          rejectedQuantity: 0,
          expiresOn: null,
          acceptOverDelivery: false,
          shortReason: 'warehouse_error',
        },
      ],
    });

    fireEvent.click(screen.getByTestId('receiving-complete'));
    expect(await screen.findByText('完成后不能再登记，供应商将按入库数量结算。确定完成？')).toBeTruthy();
    await act(async () => fireEvent.click(document.querySelector('.ant-popconfirm .ant-btn-primary')!));
    const result = await screen.findByTestId('receiving-result');
    expect(result.textContent).toContain('收货完成');
    // 53 wanted, 35 stocked: 18 short; the banana line got nothing: 65 short.
    expect(result.textContent).toContain('18');
    expect(result.textContent).toContain('65');
    expect((await screen.findByTestId('allocation-state')).textContent).toContain('还有 1 张采购单未完成收货');
  });

  it('asks why a short line came in short, offering only what the server accepts, and sends the reason chosen', async () => {
    let current = confirmed;
    const calls = stubApi({
      'GET admin/purchase-orders': () => procurement.PurchaseOrderPage.parse(pageOf([current])),
      'GET admin/purchase-orders/po_1': () => current,
      'POST admin/purchase-orders/po_1/receipts': ({ body }) => {
        current = applyReceipt(current, body);
        return current;
      },
    });
    renderSection('warehouse', <WarehousePage />);
    fireEvent.click((await screen.findAllByTestId('receiving-row'))[0]!);
    const qty = await screen.findAllByTestId('receipt-qty');
    const lots = screen.getAllByTestId('receipt-lot');
    // The full confirmed quantity of the orange line: nothing to explain.
    fireEvent.change(qty[0]!, { target: { value: '37' } });
    expect(screen.queryByTestId('receipt-short-reason')).toBeNull();
    // 30 of the 37 confirmed: short, the supplier's own short confirmation preset.
    fireEvent.change(qty[0]!, { target: { value: '30' } });
    fireEvent.change(lots[0]!, { target: { value: 'L-1' } });
    fireEvent.change(qty[1]!, { target: { value: '65' } });
    fireEvent.change(lots[1]!, { target: { value: 'L-2' } });
    const reason = await screen.findByTestId('receipt-short-reason');
    expect(screen.getAllByTestId('receipt-short-reason')).toHaveLength(1);
    expect(reason.textContent).toContain('供应商少发');
    fireEvent.mouseDown(within(reason).getByRole('combobox'));
    await screen.findByTitle('仓内损坏');
    const offered = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent);
    expect(offered).toEqual(['供应商少发', '仓库差错', '仓内损坏']);
    fireEvent.click(screen.getByTitle('仓内损坏'));
    await act(async () => fireEvent.click(screen.getByTestId('receipt-submit')));
    expect(await screen.findByText('已登记 2 个品项')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/receipts'))!.body).toEqual({
      lines: [
        {
          lineId: 'l1',
          receivedQuantity: 30,
          rejectedQuantity: 0,
          lotCode: 'L-1',
          expiresOn: null,
          acceptOverDelivery: false,
          shortReason: 'damaged_in_warehouse',
        },
        { lineId: 'l2', receivedQuantity: 65, rejectedQuantity: 0, lotCode: 'L-2', expiresOn: null, acceptOverDelivery: false },
      ],
    });
    // Recorded: the reason stored on the line is shown, the full line shows none.
    const recorded = await screen.findAllByTestId('receipt-short-reason-recorded');
    expect(recorded.map((r) => r.textContent)).toEqual(['仓内损坏']);
    expect(screen.queryByTestId('receipt-short-reason')).toBeNull();
  });

  it('fills every field receiving needs on the lines not recorded: expected quantity, nothing rejected, expiry from shelf life, lot left to the server', async () => {
    let current = purchaseOrder({
      id: 'po_1',
      status: 'receiving',
      deliveryDate: '2026-11-23',
      lines: [
        poLine({ id: 'l1', skuName: '麻阳冰糖橙 5斤装', orderedQuantity: 53, confirmedQuantity: 37, shelfLifeDays: 15 }),
        poLine({ id: 'l2', skuName: '海南香蕉 3斤装', orderedQuantity: 65, confirmedQuantity: 65, shelfLifeDays: null }),
        poLine({ id: 'l3', skuName: '番茄 500g', orderedQuantity: 8, receivedQuantity: 8, acceptedQuantity: 8, lotCode: 'L-3' }),
      ],
    });
    const calls = stubApi({
      'GET admin/purchase-orders': () => procurement.PurchaseOrderPage.parse(pageOf([current])),
      'GET admin/purchase-orders/po_1': () => current,
      'POST admin/purchase-orders/po_1/receipts': ({ body }) => {
        current = applyReceipt(current, body);
        return current;
      },
    });
    lotSeq = 0;
    renderSection('warehouse', <WarehousePage />);
    fireEvent.click((await screen.findAllByTestId('receiving-row'))[0]!);
    // The screen says a blank lot is made by the server.
    expect((await screen.findByTestId('receipt-hint')).textContent).toContain('批次号可以留空：系统会按到货日期自动生成');
    expect(screen.getAllByTestId('receipt-lot').map((i) => (i as HTMLInputElement).placeholder)).toEqual(['留空自动生成', '留空自动生成']);
    // A lot already typed stays.
    fireEvent.change(screen.getAllByTestId('receipt-lot')[1]!, { target: { value: 'BAN-7' } });
    fireEvent.click(screen.getByTestId('receipt-fill'));
    const qty = screen.getAllByTestId('receipt-qty') as HTMLInputElement[];
    expect(qty.map((i) => i.value)).toEqual(['37', '65']);
    expect((screen.getAllByTestId('receipt-rejected') as HTMLInputElement[]).map((i) => i.value)).toEqual(['0', '0']);
    expect(screen.queryByTestId('receipt-short-reason')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('receipt-submit')));
    expect(await screen.findByText('已登记 2 个品项')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/receipts'))!.body).toEqual({
      lines: [
        { lineId: 'l1', receivedQuantity: 37, rejectedQuantity: 0, expiresOn: '2026-12-08', acceptOverDelivery: false },
        { lineId: 'l2', receivedQuantity: 65, rejectedQuantity: 0, lotCode: 'BAN-7', expiresOn: null, acceptOverDelivery: false },
      ],
    });
    // The lot the server made is shown on the recorded line.
    expect(await screen.findByText('L20261123-0001')).toBeTruthy();
  });

  it('asks why a line came in empty, with no reason preset, and shows how many residents the server says will be refunded', async () => {
    let current = confirmed;
    const calls = stubApi({
      'GET admin/purchase-orders': () => procurement.PurchaseOrderPage.parse(pageOf([current])),
      'GET admin/purchase-orders/po_1': () => current,
      'GET admin/purchase-orders/po_1/shortfall-preview': ({ query }) =>
        query.get('lineId') === 'l2' && query.get('acceptedQuantity') === '0'
          ? { lineId: 'l2', shortQuantity: 65, orderLines: 14, residents: 12, allocated: false }
          : { status: 404, body: { code: 'NOT_FOUND', message: 'x' } },
      'POST admin/purchase-orders/po_1/receipts': ({ body }) => {
        current = applyReceipt(current, body);
        return current;
      },
    });
    renderSection('warehouse', <WarehousePage />);
    fireEvent.click((await screen.findAllByTestId('receiving-row'))[0]!);
    const qty = await screen.findAllByTestId('receipt-qty');
    fireEvent.change(qty[1]!, { target: { value: '0' } });
    const reason = await screen.findByTestId('receipt-short-reason');
    expect(reason.textContent).toContain('选择原因');
    expect((await screen.findByTestId('receipt-refund-count')).textContent).toBe('将给 12 位居民退款（缺 65 件）');
    // Not sent without a reason.
    fireEvent.click(screen.getByTestId('receipt-submit'));
    expect(await screen.findByText('实收为 0，请选择原因')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.mouseDown(within(reason).getByRole('combobox'));
    await screen.findByTitle('仓内损坏');
    expect([...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent)).toEqual(['仓库差错', '仓内损坏']);
    fireEvent.click(screen.getByTitle('仓内损坏'));
    await act(async () => fireEvent.click(screen.getByTestId('receipt-submit')));
    expect(await screen.findByText('已登记 1 个品项')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/receipts'))!.body).toEqual({
      lines: [
        {
          lineId: 'l2',
          receivedQuantity: 0,
          rejectedQuantity: 0,
          expiresOn: null,
          acceptOverDelivery: false,
          shortReason: 'damaged_in_warehouse',
        },
      ],
    });
    // Recorded: the count goes with the inputs.
    expect(screen.queryByTestId('receipt-refund-count')).toBeNull();
  });

  it('says so in English', () => {
    const en = i18n.getFixedT('en', 'warehouse');
    expect(en('form.refundCount', { count: 1, units: 2 })).toBe('1 resident will be refunded (2 units short)');
    expect(en('form.refundCount', { count: 12, units: 65 })).toBe('12 residents will be refunded (65 units short)');
    expect(en('form.completeBlocked', { count: 2 })).toBe('2 lines not recorded: record them first (0 received needs a reason)');
    expect(en('form.fillExpected')).toBe('Fill as expected');
  });
});
