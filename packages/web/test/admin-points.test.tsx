import * as points from '@linli/contracts/points';
import * as promotions from '@linli/contracts/promotions';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asStaff, pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import PointsPage from '../src/areas/admin/points/PointsPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const offer = (id: string, over: Partial<ReturnType<typeof points.PointsOffer.parse>> = {}) =>
  points.PointsOffer.parse({ id, couponTemplateId: 'prm_1', title: '满30减5券', pointsCost: 100, active: true, ...over });

const template = (id: string, name: string, status: 'active' | 'paused' | 'ended' = 'active') =>
  promotions.PromotionWithResults.parse({
    id,
    name,
    description: '',
    trigger: 'coupon',
    discountKind: 'amount',
    amountOffFen: 500,
    percentOff: null,
    maxOffFen: null,
    thresholdFen: 3000,
    scope: { kind: 'operator', ids: [] },
    newcomerOnly: false,
    stackable: true,
    startsAt: '2026-11-01T00:00:00.000Z',
    endsAt: '2026-12-31T00:00:00.000Z',
    perResidentLimit: null,
    totalLimit: null,
    budgetFen: null,
    fundedBy: 'operator',
    supplierId: null,
    couponValidDays: null,
    claimable: false,
    issueOnSignUp: false,
    status,
    issuedCount: 0,
    createdAt: '2026-11-01T00:00:00.000Z',
    results: {
      promotionId: id,
      couponsIssued: 0,
      couponsUsed: 0,
      couponsReturned: 0,
      orders: 0,
      newResidents: 0,
      discountFen: 0,
      costFen: 0,
      supplierFundedFen: 0,
      gmvFen: 0,
      roi: null,
    },
  });

const entry = (id: string, over: Partial<ReturnType<typeof points.PointsEntry.parse>> = {}) =>
  points.PointsEntry.parse({
    id,
    delta: 40,
    reason: 'order_picked_up',
    documentId: 'ord_1',
    shortfall: 0,
    balanceAfter: 140,
    note: null,
    at: '2026-11-20T04:00:00.000Z',
    ...over,
  });

describe('admin points: offers', () => {
  it('lists offers with their template and cost, flags a paused template, takes one off and puts it back', async () => {
    let items = [offer('pof_1'), offer('pof_2', { couponTemplateId: 'prm_2', title: '9折券', pointsCost: 300, active: true })];
    const calls = stubApi({
      'GET admin/points/offers': () => points.PointsOffers.parse({ items }),
      'GET admin/promotions': () => pageOf([template('prm_1', '满30减5'), template('prm_2', '9折', 'paused')]),
      'PATCH admin/points/offers/pof_1': (c) => {
        items = items.map((o) => (o.id === 'pof_1' ? { ...o, ...(c.body as object) } : o));
        return items[0];
      },
    });
    renderSection('points', <PointsPage />, '/points?tab=offers');
    await waitFor(() => expect(screen.getAllByTestId('offer-state')).toHaveLength(2));
    const table = screen.getByTestId('offers-table');
    expect(table.textContent).toContain('满30减5');
    expect(table.textContent).toContain('100 积分');
    expect(screen.getAllByTestId('offer-template-off').map((e) => e.textContent)).toEqual(['模板已暂停']);
    expect(screen.getByText(/团员兑换会被拒绝。请恢复模板或下架这些兑换/)).toBeTruthy();
    fireEvent.click(screen.getAllByTestId('offer-toggle')[0]!);
    await waitFor(() => expect(screen.getAllByTestId('offer-state')[0]!.textContent).toBe('已下架'));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ active: false });
    fireEvent.click(screen.getAllByTestId('offer-toggle')[0]!);
    await waitFor(() => expect(screen.getAllByTestId('offer-state')[0]!.textContent).toBe('兑换中'));
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ active: false }, { active: true }]);
  });

  it('offers a coupon template for points, named after it; a bad cost is refused before sending', async () => {
    const calls = stubApi({
      'GET admin/points/offers': () => points.PointsOffers.parse({ items: [] }),
      'GET admin/promotions': () => pageOf([template('prm_1', '满30减5'), template('prm_3', '旧券', 'ended')]),
      'POST admin/points/offers': (c) => ({ status: 201, body: points.PointsOffer.parse({ id: 'pof_9', ...(c.body as object) }) }),
    });
    renderSection('points', <PointsPage />, '/points?tab=offers');
    await screen.findByTestId('offer-form');
    fireEvent.mouseDown(within(screen.getByTestId('offer-template')).getByRole('combobox'));
    // Only templates in force may be chosen.
    await screen.findByTitle('满30减5');
    expect(screen.queryByTitle('旧券')).toBeNull();
    fireEvent.click(screen.getByTitle('满30减5'));
    await waitFor(() => expect((screen.getByTestId('offer-title') as HTMLInputElement).value).toBe('满30减5'));
    fireEvent.change(screen.getByTestId('offer-cost'), { target: { value: '0' } });
    fireEvent.click(screen.getByTestId('offer-create'));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    fireEvent.change(screen.getByTestId('offer-cost'), { target: { value: '150' } });
    fireEvent.click(screen.getByTestId('offer-create'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      couponTemplateId: 'prm_1',
      title: '满30减5',
      pointsCost: 150,
      active: true,
    });
  });
});

describe("admin points: one resident's points", () => {
  it('shows the balance and entries of the resident in the URL, and adjusts by hand with a reason', async () => {
    let balance = 140;
    let items = [entry('pte_1'), entry('pte_0', { delta: 100, reason: 'invite_reward', documentId: 'inv_1', balanceAfter: 100 })];
    const calls = stubApi({
      'GET admin/residents/res_1/points': () => points.ResidentPoints.parse({ items, page: 1, pageSize: 20, total: items.length, balance }),
      'POST admin/residents/res_1/points/adjustments': (c) => {
        const { delta, reason } = c.body as { delta: number; reason: string };
        balance += delta;
        items = [entry('pte_2', { delta, reason: 'staff_adjustment', documentId: null, note: reason, balanceAfter: balance }), ...items];
        return { status: 201, body: points.PointsAdjusted.parse({ entryId: 'pte_2', delta, balance }) };
      },
    });
    renderSection('points', <PointsPage />, '/points?tab=residents&resident=res_1');
    await waitFor(() => expect(screen.getByTestId('resident-balance').textContent).toBe('140'));
    const rows = () => screen.getByTestId('resident-entries').querySelectorAll('tbody tr.ant-table-row');
    expect(rows()).toHaveLength(2);
    expect(rows()[1]!.textContent).toContain('邀请奖励');
    fireEvent.change(screen.getByTestId('resident-adjust-delta'), { target: { value: '-40' } });
    fireEvent.change(screen.getByTestId('resident-adjust-reason'), { target: { value: '重复发放，扣回' } });
    fireEvent.click(screen.getByTestId('resident-adjust-submit'));
    await waitFor(() => expect(screen.getByTestId('resident-balance').textContent).toBe('100'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ delta: -40, reason: '重复发放，扣回' });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows()[0]!.textContent).toContain('重复发放，扣回');
    expect(rows()[0]!.textContent).toContain('客服调整');
  });

  it('says why: no such resident, and taking more than the balance', async () => {
    const calls = stubApi({
      'GET admin/residents/res_404/points': () => ({ status: 404, body: { code: 'NOT_FOUND', message: 'resident not found' } }),
      'GET admin/residents/res_1/points': () => points.ResidentPoints.parse({ items: [], page: 1, pageSize: 20, total: 0, balance: 30 }),
      'POST admin/residents/res_1/points/adjustments': () => ({
        status: 409,
        body: { code: 'POINTS_INSUFFICIENT', message: 'the balance is 30 points', details: { balance: 30, needed: 50 } },
      }),
    });
    renderSection('points', <PointsPage />, '/points?tab=residents');
    fireEvent.change(screen.getByTestId('resident-id'), { target: { value: ' res_404 ' } });
    fireEvent.click(screen.getByTestId('resident-open'));
    expect((await screen.findByTestId('resident-error')).textContent).toContain('找不到这位团员');
    fireEvent.change(screen.getByTestId('resident-id'), { target: { value: 'res_1' } });
    fireEvent.click(screen.getByTestId('resident-open'));
    await waitFor(() => expect(screen.getByTestId('resident-balance').textContent).toBe('30'));
    fireEvent.change(screen.getByTestId('resident-adjust-delta'), { target: { value: '-50' } });
    fireEvent.change(screen.getByTestId('resident-adjust-reason'), { target: { value: '测试' } });
    fireEvent.click(screen.getByTestId('resident-adjust-submit'));
    expect(await screen.findByText('积分不足：余额 30，要扣 50，未作任何改动')).toBeTruthy();
    expect(screen.getByTestId('resident-balance').textContent).toBe('30');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('shows support the residents tab only (the offers and the rules are for admins)', async () => {
    await asStaff(['support'], async (principal) => {
      stubApi({ 'GET auth/me': () => principal });
      renderSection('points', <PointsPage />, '/points');
      expect(await screen.findByTestId('tab-residents')).toBeTruthy();
      expect(screen.queryByTestId('tab-offers')).toBeNull();
      expect(screen.queryByTestId('tab-rules')).toBeNull();
    });
    cleanup();
    stubApi({ 'GET admin/points/offers': () => points.PointsOffers.parse({ items: [] }), 'GET admin/promotions': () => pageOf([]) });
    renderSection('points', <PointsPage />, '/points');
    expect(await screen.findByTestId('tab-offers')).toBeTruthy();
    expect(screen.getByTestId('tab-rules')).toBeTruthy();
  });
});

describe('admin points: the rules', () => {
  it('shows the rules and saves them whole', async () => {
    const rules = points.PointsSettings.parse({
      enabled: true,
      pointsPerYuan: 1,
      lotDays: 365,
      signInPoints: 5,
      streakBonuses: [{ day: 7, points: 20 }],
    });
    const calls = stubApi({
      'GET admin/points/settings': () => rules,
      'PUT admin/points/settings': (c) => points.PointsSettings.parse(c.body),
    });
    renderSection('points', <PointsPage />, '/points?tab=rules');
    fireEvent.click(await screen.findByTestId('points-save'));
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')?.body).toEqual(rules));
  });
});
