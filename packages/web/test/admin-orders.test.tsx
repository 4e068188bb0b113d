/**
 * The orders desk: the search box picks the key (order number, phone, pickup code), a row opens
 * the order with its timeline, the actions send what the contracts accept and show the server's
 * refusals, the export carries the filters, and the actions follow the staff role.
 */
import { admin, orders } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
// the harness starts i18n before the section registers its strings
import { asStaff, pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import OrdersPage from '../src/areas/admin/orders/OrdersPage.tsx';
import { searchKey } from '../src/areas/admin/orders/shared.ts';

const listed = orders.DeskOrder.parse({
  id: 'ord_1',
  orderNo: '26112000000042',
  status: 'delivered',
  pickupDate: '2026-11-21',
  pickupCode: '482913',
  pickupPointId: 'pp_1',
  pickupPointName: '秀峰社区粮油店',
  leaderName: '叶团长',
  residentId: 'res_1',
  residentName: '王阿姨',
  residentPhone: '137****0001',
  totalFen: 2970,
  refundedFen: 990,
  items: '冰糖橙 500g × 3',
  createdAt: '2026-11-20T02:00:00.000Z',
  paidAt: '2026-11-20T02:01:00.000Z',
});
const entry = (kind: orders.TimelineKind, at: string, more: Partial<orders.TimelineEntry> = {}) => ({
  at,
  kind,
  amountFen: null,
  cause: null,
  blame: null,
  status: null,
  note: null,
  by: null,
  lines: [],
  ...more,
});
const detail = orders.DeskOrderDetail.parse({
  ...listed,
  leaderId: 'ldr_1',
  movable: false,
  lines: [
    {
      id: 'oln_1',
      skuId: 'sku_1',
      title: '冰糖橙 500g',
      unitPriceFen: 990,
      quantity: 3,
      amountFen: 2970,
      refundedQuantity: 1,
      refundedFen: 990,
      refundableQuantity: 2,
      refundableFen: 1980,
      redeliverableQuantity: 2,
    },
  ],
  timeline: [
    entry('placed', '2026-11-20T02:00:00.000Z', { amountFen: 2970 }),
    entry('paid', '2026-11-20T02:01:00.000Z', { amountFen: 2970 }),
    entry('delivered', '2026-11-21T01:00:00.000Z'),
    entry('refund', '2026-11-21T01:00:00.000Z', {
      amountFen: 990,
      cause: 'handover',
      blame: 'driver',
      status: 'succeeded',
      note: 'missing at delivery to the pickup point',
      lines: [{ orderLineId: 'oln_1', title: '冰糖橙 500g', quantity: 1, amountFen: 990 }],
    }),
  ],
  redeliveries: [],
});
const point = admin.PickupPoint.parse({
  id: 'pp_2',
  leaderId: 'ldr_2',
  name: '桂花苑便利店',
  address: '桂花路 1 号',
  lat: 28.2,
  lng: 112.9,
  openingHours: '08:00-20:00',
  status: 'open',
  createdAt: '2026-11-01T00:00:00.000Z',
});

function routes(extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    'GET admin/order-desk': () => orders.DeskOrderPage.parse(pageOf([listed])),
    'GET admin/order-desk/ord_1': () => detail,
    'GET admin/pickup-points': () => pageOf([point]),
    ...extra,
  });
}

async function openOrder() {
  renderSection('orders', <OrdersPage />);
  fireEvent.click(within((await screen.findAllByTestId('order-row'))[0]!).getByTestId('order-open'));
  return screen.findByTestId('order-timeline');
}

async function search(text: string) {
  const box = within(screen.getByTestId('order-search')).getByRole('searchbox');
  fireEvent.change(box, { target: { value: text } });
  await act(async () => fireEvent.keyDown(box, { key: 'Enter', code: 'Enter', keyCode: 13 }));
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the search box', () => {
  it('reads an order number, an 11-digit phone and a 6-digit pickup code, and nothing else', () => {
    expect(searchKey('26112000000042')).toEqual({ orderNo: '26112000000042' });
    expect(searchKey('137 0000 0001')).toEqual({ phone: '13700000001' });
    expect(searchKey('482913')).toEqual({ pickupCode: '482913' });
    expect(searchKey('王阿姨')).toBeNull();
    expect(searchKey('12345')).toBeNull();
  });

  it('asks the server with the key it read', async () => {
    for (const [text, key] of [
      ['26112000000042', 'orderNo'],
      ['13700000001', 'phone'],
      ['482913', 'pickupCode'],
    ] as const) {
      const calls = routes();
      renderSection('orders', <OrdersPage />);
      await screen.findAllByTestId('order-row');
      await search(text);
      await waitFor(() => expect(calls.some((c) => c.query.get(key) === text)).toBe(true));
      for (const c of calls.filter((x) => x.path === 'admin/order-desk')) {
        expect(orders.OrderSearchQuery.safeParse(Object.fromEntries(c.query)).success).toBe(true);
      }
      cleanup();
    }
    const calls = routes();
    renderSection('orders', <OrdersPage />);
    await screen.findAllByTestId('order-row');
    const before = calls.length;
    await search('abc');
    expect(await screen.findByText('请输入订单号、11 位手机号或 6 位取货码')).toBeTruthy();
    expect(calls.length).toBe(before);
  });
});

describe('an order', () => {
  it('shows the timeline with each refund’s cause and blame, and the masked phone', async () => {
    routes();
    const timeline = await openOrder();
    expect(within(timeline).getByTestId('timeline-placed').textContent).toContain('下单');
    const refund = within(timeline).getByTestId('timeline-refund').textContent ?? '';
    expect(refund).toContain('配送缺件');
    expect(refund).toContain('司机');
    expect(refund).toContain('¥9.90');
    expect(screen.getByTestId('phone-masked').textContent).toBe('137****0001');
    // The resident's points are one click away (the points section, resident tab).
    expect(screen.getByTestId('order-resident-points').getAttribute('href')).toBe(`/points?tab=residents&resident=${detail.residentId}`);
    expect(screen.getByTestId('order-resident-points').textContent).toBe('积分');
  });

  it('refunds a line with the cause, blame and reason the contract takes', async () => {
    const calls = routes({
      'POST admin/order-desk/ord_1/refund': ({ body }) => {
        orders.RefundOrderLine.parse(body);
        return detail;
      },
    });
    await openOrder();
    fireEvent.click(screen.getByTestId('line-refund'));
    fireEvent.change(await screen.findByTestId('refund-reason'), { target: { value: '箱子压坏' } });
    await act(async () => fireEvent.click(screen.getByTestId('refund-submit')));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      orderLineId: 'oln_1',
      quantity: 1,
      cause: 'missing',
      blame: 'none',
      reason: '箱子压坏',
    });
  });

  it('sends a line again and says so', async () => {
    const calls = routes({
      'POST admin/order-desk/ord_1/redeliver': ({ body }) => {
        orders.RedeliverOrderLine.parse(body);
        return detail;
      },
    });
    await openOrder();
    fireEvent.click(screen.getByTestId('line-redeliver'));
    fireEvent.change(await screen.findByTestId('redeliver-reason'), { target: { value: '缺一份' } });
    await act(async () => fireEvent.click(screen.getByTestId('redeliver-submit')));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ orderLineId: 'oln_1', quantity: 1, reason: '缺一份' });
    expect(await screen.findByText('已安排补发')).toBeTruthy();
  });

  it('offers moving only while the server says the order may move, and shows ORDER_ALREADY_SORTED', async () => {
    routes();
    await openOrder();
    expect((screen.getByTestId('order-move') as HTMLButtonElement).disabled).toBe(true);
    cleanup();

    const calls = routes({
      'GET admin/order-desk/ord_1': () => ({ ...detail, status: 'paid', movable: true }),
      'POST admin/order-desk/ord_1/move': () => ({ status: 409, body: { code: 'ORDER_ALREADY_SORTED', message: 'sorted' } }),
    });
    await openOrder();
    fireEvent.click(screen.getByTestId('order-move'));
    fireEvent.mouseDown(within(await screen.findByTestId('move-point')).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('桂花苑便利店')).at(-1)!);
    fireEvent.change(screen.getByTestId('move-reason'), { target: { value: '搬家了' } });
    await act(async () => fireEvent.click(screen.getByTestId('move-submit')));
    expect((await screen.findByTestId('move-error')).textContent).toContain('订单已分拣或已发车');
    expect(orders.MoveOrder.parse(calls.find((c) => c.method === 'POST')!.body)).toEqual({ pickupPointId: 'pp_2', reason: '搬家了' });
  });

  it('resends the pickup code after a confirmation', async () => {
    const calls = routes({ 'POST admin/order-desk/ord_1/resend-code': () => ({ orderId: 'ord_1', sentAt: '2026-11-21T02:00:00.000Z' }) });
    await openOrder();
    fireEvent.click(screen.getByTestId('order-resend-code'));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await waitFor(() => expect(document.querySelector('.ant-popconfirm .ant-btn-primary')).toBeTruthy());
    await act(async () => fireEvent.click(document.querySelector('.ant-popconfirm .ant-btn-primary')!));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === 'admin/order-desk/ord_1/resend-code')).toBe(true));
    expect(await screen.findByText('取货码已重新发送')).toBeTruthy();
  });

  it('shows a dispatcher no refund button and no phone reveal', async () => {
    await asStaff(['dispatcher'], async (me) => {
      routes({ 'GET auth/me': () => me });
      await openOrder();
      expect(screen.queryByTestId('line-refund')).toBeNull();
      expect(screen.queryByTestId('phone-reveal')).toBeNull();
      expect(screen.getByTestId('line-redeliver')).toBeTruthy();
    });
  });
});

describe('the export', () => {
  it('downloads the filtered list', async () => {
    const created = vi.fn(() => 'blob:x');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: () => undefined }));
    const calls = routes({ 'GET admin/order-desk/export.xlsx': () => ({}) });
    renderSection('orders', <OrdersPage />);
    await screen.findAllByTestId('order-row');
    await search('482913');
    await act(async () => fireEvent.click(screen.getByTestId('order-export')));
    await waitFor(() => expect(created).toHaveBeenCalled());
    const exported = calls.find((c) => c.path === 'admin/order-desk/export.xlsx')!;
    expect(exported.query.get('pickupCode')).toBe('482913');
  });
});
