import { admin, aftersales, promotions, shop } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import AftersalesPage from '../src/areas/admin/aftersales/AftersalesPage.tsx';
import { dateTime, shortDateTime } from '../src/common/format.ts';

const claim = aftersales.AdminAftersaleCase.parse({
  id: 'asc_1',
  orderId: 'ord_1',
  orderLineId: 'oln_1',
  title: '海南香蕉 3斤装',
  residentId: 'res_1',
  pickupPointId: 'pp_1',
  type: 'quality',
  quantity: 1,
  requestedFen: 990,
  description: '有一股异味，不新鲜',
  evidenceUrls: ['/api/v1/uploads/upl_0123456789abcdefghijklmnop'],
  status: 'submitted',
  blame: null,
  approvedFen: null,
  decisionReason: null,
  decidedBy: null,
  decidedAt: null,
  refundId: null,
  createdAt: '2026-11-23T12:00:00.000Z',
  residentName: '王阿姨',
  residentPhone: '138****1234',
  decidedByName: null,
  compensationCouponId: null,
});
const order = shop.Order.parse({
  id: 'ord_1',
  orderNo: '26112200000117',
  status: 'picked_up',
  residentId: 'res_1',
  pickupPointId: 'pp_1',
  leaderId: 'ldr_1',
  pickupDate: '2026-11-23',
  pickupCode: '123456',
  totalFen: 2970,
  refundedFen: 0,
  expiresAt: '2026-11-22T03:00:00.000Z',
  createdAt: '2026-11-22T02:00:00.000Z',
  paidAt: '2026-11-22T02:01:00.000Z',
  cancelledAt: null,
  cancelReason: null,
  cancellableUntil: null,
  lines: [
    {
      id: 'oln_1',
      campaignId: 'cmp_1',
      campaignLineId: 'cl_1',
      skuId: 'sku_1',
      title: '海南香蕉 3斤装',
      unitPriceFen: 990,
      quantity: 2,
      amountFen: 1980,
      refundedQuantity: 0,
      refundedFen: 0,
    },
    {
      id: 'oln_2',
      campaignId: 'cmp_1',
      campaignLineId: 'cl_2',
      skuId: 'sku_2',
      title: '农家土鸡蛋 30枚',
      unitPriceFen: 990,
      quantity: 1,
      amountFen: 990,
      refundedQuantity: 0,
      refundedFen: 0,
    },
  ],
});
const point = {
  id: 'pp_1',
  leaderId: 'ldr_1',
  name: '开福区·秀峰社区粮油店',
  address: '秀峰路 1 号',
  lat: 28.2,
  lng: 112.9,
  openingHours: '',
  status: 'open',
  createdAt: '2026-11-01T00:00:00.000Z',
};

const point2 = { ...point, id: 'pp_2', name: '开福区·秀峰社区二店' };
const leader = admin.Leader.parse({
  id: 'ldr_1',
  name: '叶丽',
  phone: '13900000001',
  status: 'active',
  level: 1,
  createdAt: '2026-11-01T00:00:00.000Z',
});

function routes(extra: Record<string, Parameters<typeof stubApi>[0][string]> = {}) {
  return stubApi({
    'GET admin/aftersales': ({ query }) => aftersales.AdminCasePage.parse(pageOf(query.get('status') === 'rejected' ? [] : [claim])),
    'GET admin/aftersales/asc_1': () => claim,
    'GET admin/orders/ord_1': () => order,
    'GET admin/pickup-points': () => pageOf([point]),
    'GET admin/leaders': ({ query }) => pageOf(query.get('name') === '叶' ? [leader] : []),
    ...extra,
  });
}

async function openClaim() {
  renderSection('aftersales', <AftersalesPage />);
  const row = (await screen.findAllByTestId('claim-row'))[0]!;
  expect(within(row).getByText('开福区·秀峰社区粮油店')).toBeTruthy();
  fireEvent.click(within(row).getByTestId('claim-open'));
  await screen.findByText('26112200000117');
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin after-sales', () => {
  it('asks the server for the queue page by page, the open claims first, and re-asks with a filter', async () => {
    const calls = routes();
    renderSection('aftersales', <AftersalesPage />);
    expect(await screen.findAllByTestId('claim-row')).toHaveLength(1);
    const list = calls.filter((c) => c.path === 'admin/aftersales');
    expect(list[0]!.query.get('status')).toBe('submitted');
    expect(list[0]!.query.get('page')).toBe('1');
    fireEvent.mouseDown(within(screen.getByTestId('filter-status')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('已驳回'));
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/aftersales' && c.query.get('status') === 'rejected')).toBe(true));
  });

  it('filters by leader (no pickup point needed) and by the days claims were made, both sent to the server', async () => {
    const calls = routes();
    renderSection('aftersales', <AftersalesPage />);
    await screen.findAllByTestId('claim-row');
    const select = screen.getByTestId('filter-leader');
    fireEvent.mouseDown(within(select).getByRole('combobox'));
    fireEvent.change(within(select).getByRole('combobox'), { target: { value: '叶' } });
    fireEvent.click(await screen.findByText('叶丽 · 0001'));
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/aftersales' && c.query.get('leaderId') === 'ldr_1')).toBe(true));
    const byLeader = calls.filter((c) => c.path === 'admin/aftersales').at(-1)!.query;
    expect(byLeader.get('pickupPointId')).toBeNull();
    // one pickup point: nothing more to choose
    expect(screen.queryByTestId('filter-point')).toBeNull();

    // the range picker puts the test id on both of its inputs
    const [start, end] = screen.getAllByTestId('filter-created');
    fireEvent.mouseDown(start!);
    fireEvent.focus(start!);
    fireEvent.change(start!, { target: { value: '2026-11-20' } });
    fireEvent.keyDown(start!, { key: 'Enter' });
    fireEvent.change(end!, { target: { value: '2026-11-23' } });
    fireEvent.keyDown(end!, { key: 'Enter' });
    await waitFor(() =>
      expect(
        calls.some(
          (c) =>
            c.path === 'admin/aftersales' &&
            c.query.get('from') === '2026-11-20' &&
            c.query.get('to') === '2026-11-23' &&
            c.query.get('leaderId') === 'ldr_1',
        ),
      ).toBe(true),
    );
  });

  it('offers a leader’s pickup points when there are several, and narrows to one', async () => {
    const calls = routes({ 'GET admin/pickup-points': () => pageOf([point, point2]) });
    renderSection('aftersales', <AftersalesPage />);
    await screen.findAllByTestId('claim-row');
    const select = screen.getByTestId('filter-leader');
    fireEvent.mouseDown(within(select).getByRole('combobox'));
    fireEvent.change(within(select).getByRole('combobox'), { target: { value: '叶' } });
    fireEvent.click(await screen.findByText('叶丽 · 0001'));
    const points = await screen.findByTestId('filter-point');
    fireEvent.mouseDown(within(points).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('开福区·秀峰社区二店'));
    await waitFor(() =>
      expect(
        calls.some((c) => c.path === 'admin/aftersales' && c.query.get('leaderId') === 'ldr_1' && c.query.get('pickupPointId') === 'pp_2'),
      ).toBe(true),
    );
  });

  it('shows the order lines, the resident’s words and photos, and marks the claimed line', async () => {
    routes();
    await openClaim();
    expect(screen.getByText('有一股异味，不新鲜')).toBeTruthy();
    expect(screen.getByText('本次申请')).toBeTruthy();
    expect(screen.getByText('农家土鸡蛋 30枚')).toBeTruthy();
    const photos = within(screen.getByTestId('claim-evidence')).getAllByRole('img');
    expect(photos[0]!.getAttribute('src')).toBe(claim.evidenceUrls[0]);
    // who claims: the name and the masked phone, never the internal id
    expect(screen.getByTestId('claim-resident').textContent).toBe('王阿姨 · 138****1234');
    expect(screen.queryByText('res_1')).toBeNull();
  });

  it('lists unpicked orders with the resident and the goods from the list answer alone', async () => {
    const unpicked = aftersales.UnpickedOrder.parse({
      orderId: 'ord_1',
      pickupPointId: 'pp_1',
      leaderId: 'ldr_1',
      pickupDate: '2026-11-23',
      rule: 'return_to_warehouse',
      status: 'to_return',
      residentName: '',
      residentPhone: '139****5678',
      lines: [
        { orderLineId: 'oln_1', title: '海南香蕉 3斤装', quantity: 2 },
        { orderLineId: 'oln_2', title: '农家土鸡蛋 30枚', quantity: 1 },
      ],
      refundId: null,
      recordedAt: '2026-11-25T16:00:00.000Z',
      closedAt: null,
    });
    const calls = routes({ 'GET admin/unpicked': () => aftersales.UnpickedPage.parse(pageOf([unpicked])) });
    renderSection('aftersales', <AftersalesPage />, '/aftersales?tab=unpicked');
    const row = (await screen.findAllByTestId('unpicked-row'))[0]!;
    expect(within(row).getByTestId('unpicked-resident').textContent).toBe('（未填姓名）139****5678');
    expect(within(row).getByTestId('unpicked-goods').textContent).toBe('海南香蕉 3斤装 × 2农家土鸡蛋 30枚 × 1');
    expect(within(row).getByText('3')).toBeTruthy();
    expect(calls.find((c) => c.path === 'admin/unpicked')!.query.get('status')).toBe('to_return');
    expect(calls.some((c) => c.path.startsWith('admin/orders'))).toBe(false);
  });

  it('sets the blame on an open claim with PUT …/blame', async () => {
    const calls = routes({ 'PUT admin/aftersales/asc_1/blame': ({ body }) => ({ ...claim, ...(body as object) }) });
    await openClaim();
    fireEvent.mouseDown(within(screen.getByTestId('blame-select')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('配送（司机/承运商）'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(aftersales.SetBlame.parse(calls.find((c) => c.method === 'PUT')!.body)).toEqual({ blame: 'driver' });
  });

  it('approves part of a claim: refuses more than claimed, sends the yuan typed as fen with the blame and reason', async () => {
    const calls = routes({
      'POST admin/aftersales/asc_1/approve': ({ body }) => {
        const b = aftersales.ApproveClaim.parse(body);
        return { ...claim, status: 'refunded', approvedFen: b.amountFen, blame: b.blame, decisionReason: b.reason };
      },
    });
    await openClaim();
    fireEvent.click(screen.getByTestId('claim-approve'));
    const amount = await screen.findByTestId('claim-approve-amount');
    expect((amount as HTMLInputElement).value).toBe('9.90');
    fireEvent.change(amount, { target: { value: '12' } });
    fireEvent.click(screen.getByTestId('claim-approve-submit'));
    expect(await screen.findByText('不能超过申请金额 ¥9.90')).toBeTruthy();
    expect(await screen.findByText('必填')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(amount, { target: { value: '4.5' } });
    fireEvent.change(screen.getByTestId('claim-approve-reason'), { target: { value: '照片属实，退半份' } });
    fireEvent.mouseDown(within(screen.getByTestId('claim-approve-blame')).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('供应商')).at(-1)!);
    await act(async () => fireEvent.click(screen.getByTestId('claim-approve-submit')));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ amountFen: 450, blame: 'supplier', reason: '照片属实，退半份' });
    expect(await screen.findByText('已同意，退款 ¥4.50 将原路退回')).toBeTruthy();
  });

  it('grants a coupon of a running coupon template with the approval, and shows the server’s code when refused', async () => {
    let refuse = true;
    const calls = routes({
      'GET admin/coupon-templates': () =>
        promotions.CouponTemplateOptions.parse({
          items: [{ id: 'prm_comp', name: '售后补偿券 满20减5', endsAt: '2026-12-31T00:00:00.000Z', left: 10 }],
        }),
      'POST admin/aftersales/asc_1/approve': ({ body }) => {
        const b = aftersales.AdminApproveClaim.parse(body);
        if (refuse) return { status: 400, body: { code: 'COUPON_TEMPLATE_INVALID', message: 'no' } };
        return { ...claim, status: 'refunded', approvedFen: b.amountFen, compensationCouponId: 'cpn_1' };
      },
    });
    await openClaim();
    fireEvent.click(screen.getByTestId('claim-approve'));
    fireEvent.change(await screen.findByTestId('claim-approve-reason'), { target: { value: '补偿' } });
    fireEvent.mouseDown(within(screen.getByTestId('claim-approve-coupon')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('售后补偿券 满20减5'));
    await act(async () => fireEvent.click(screen.getByTestId('claim-approve-submit')));
    expect((await screen.findByTestId('claim-approve-error')).textContent).toContain('优惠券活动无效');
    refuse = false;
    await act(async () => fireEvent.click(screen.getByTestId('claim-approve-submit')));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2));
    expect(calls.filter((c) => c.method === 'POST').at(-1)!.body).toEqual({
      amountFen: 990,
      blame: 'none',
      reason: '补偿',
      couponTemplateId: 'prm_comp',
    });
  });

  it('shows the server’s reason when a decision fails', async () => {
    routes({ 'POST admin/aftersales/asc_1/reject': () => ({ status: 409, body: { code: 'INVALID_STATE', message: 'decided' } }) });
    await openClaim();
    fireEvent.click(screen.getByTestId('claim-reject'));
    fireEvent.change(await screen.findByTestId('claim-reject-reason'), { target: { value: '照片无法证明问题' } });
    await act(async () => fireEvent.click(screen.getByTestId('claim-reject-submit')));
    expect(await screen.findByText('当前状态下不能执行此操作')).toBeTruthy();
  });

  it('says who rejected a claim and when, in the list and the claim', async () => {
    const rejected = {
      ...claim,
      status: 'rejected' as const,
      decisionReason: '照片无法证明问题',
      decidedBy: { kind: 'staff' as const, id: 'stf_1' },
      decidedByName: '客服小周',
      decidedAt: '2026-11-24T02:05:00.000Z',
    };
    routes({
      'GET admin/aftersales': () => aftersales.AdminCasePage.parse(pageOf([rejected])),
      'GET admin/aftersales/asc_1': () => rejected,
    });
    await openClaim();
    const row = screen.getAllByTestId('claim-row')[0]!;
    expect(within(row).getByTestId('claim-handled-by').textContent).toBe(`客服小周${shortDateTime(rejected.decidedAt)}`);
    expect(screen.getByTestId('claim-decided-by').textContent).toBe('客服小周（客服）');
    expect(screen.getByTestId('claim-decided-at').textContent).toBe(dateTime(rejected.decidedAt));
  });
});
