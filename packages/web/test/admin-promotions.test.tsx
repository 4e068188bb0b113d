import * as promotions from '@linli/contracts/promotions';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import PromotionsPage from '../src/areas/admin/promotions/PromotionsPage.tsx';
import { editBody, editValues, type PromotionValues, promotionBody, residentIds, roiText } from '../src/areas/admin/promotions/form.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const base: PromotionValues = {
  name: ' 满39减5 ',
  trigger: 'coupon',
  discountKind: 'amount',
  amountOffYuan: 5,
  percentOff: 10,
  maxOffYuan: 20,
  thresholdYuan: 39,
  scopeKind: 'operator',
  scopeIds: ['sku_1'],
  startsAt: '2026-12-01T00:00:00.000Z',
  endsAt: '2026-12-31T15:59:00.000Z',
  fundedBy: 'operator',
  supplierId: 'sup_1',
  couponValidDays: 7,
  claimable: true,
  newcomerOnly: false,
  stackable: true,
};

describe('the create-promotion form', () => {
  it('sends yuan as fen and only the amount field of the discount kind chosen', () => {
    expect(promotionBody(base)).toEqual({
      name: '满39减5',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 500,
      percentOff: null,
      maxOffFen: null,
      thresholdFen: 3900,
      scope: { kind: 'operator', ids: [] },
      newcomerOnly: false,
      stackable: true,
      startsAt: '2026-12-01T00:00:00.000Z',
      endsAt: '2026-12-31T15:59:00.000Z',
      perResidentLimit: null,
      totalLimit: null,
      budgetFen: null,
      fundedBy: 'operator',
      supplierId: null,
      couponValidDays: 7,
      claimable: true,
      issueOnSignUp: false,
    });
    expect(promotionBody({ ...base, discountKind: 'percent', thresholdYuan: null })).toMatchObject({
      amountOffFen: null,
      percentOff: 10,
      maxOffFen: 2000,
      thresholdFen: 0,
    });
  });

  it('keeps scope ids, the supplier and coupon fields only where they mean something', () => {
    const body = promotionBody({
      ...base,
      trigger: 'automatic',
      scopeKind: 'sku',
      scopeIds: ['sku_1', ' sku_2 ', 'sku_1', ''],
      fundedBy: 'supplier',
      budgetYuan: 1000.5,
      totalLimit: 100,
    });
    expect(body).toMatchObject({
      scope: { kind: 'sku', ids: ['sku_1', 'sku_2'] },
      supplierId: 'sup_1',
      budgetFen: 100_050,
      totalLimit: 100,
      couponValidDays: null,
      claimable: false,
      issueOnSignUp: false,
    });
  });

  it('issues a coupon template at sign-up when ticked, never an automatic offer', () => {
    expect(promotionBody({ ...base, issueOnSignUp: true }).issueOnSignUp).toBe(true);
    expect(promotionBody({ ...base, trigger: 'automatic', issueOnSignUp: true }).issueOnSignUp).toBe(false);
    expect(promotions.CreatePromotion.safeParse(promotionBody({ ...base, issueOnSignUp: true })).success).toBe(true);
  });

  it('reads resident ids one a line, without blanks and repeats', () => {
    expect(residentIds('res_1\nres_2\n\n res_1 \nres_3, res_4')).toEqual(['res_1', 'res_2', 'res_3', 'res_4']);
    expect(residentIds('  ')).toEqual([]);
  });

  it('shows ROI with two decimals, or a dash before any cost', () => {
    expect(roiText(3.254)).toBe('3.25');
    expect(roiText(null)).toBe('—');
  });
});

describe('the promotions section', () => {
  const row = (over: Record<string, unknown> = {}) =>
    promotions.PromotionWithResults.parse({
      id: 'prm_1',
      name: '满39减5',
      description: '',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 500,
      percentOff: null,
      maxOffFen: null,
      thresholdFen: 3900,
      scope: { kind: 'operator', ids: [] },
      newcomerOnly: false,
      stackable: true,
      startsAt: '2026-12-01T00:00:00.000Z',
      endsAt: '2026-12-31T00:00:00.000Z',
      perResidentLimit: 1,
      totalLimit: 1000,
      budgetFen: null,
      fundedBy: 'operator',
      supplierId: null,
      couponValidDays: 7,
      claimable: true,
      issueOnSignUp: false,
      status: 'active',
      issuedCount: 120,
      createdAt: '2026-11-30T00:00:00.000Z',
      results: {
        promotionId: 'prm_1',
        couponsIssued: 120,
        couponsUsed: 40,
        couponsReturned: 3,
        orders: 40,
        newResidents: 12,
        discountFen: 20_000,
        costFen: 20_000,
        supplierFundedFen: 0,
        gmvFen: 260_000,
        roi: 13,
      },
      ...over,
    });

  it('lists promotions with their results and pauses one', async () => {
    const calls = stubApi({
      'GET admin/promotions': () => promotions.PromotionPage.parse(pageOf([row()])),
      'PATCH admin/promotions/prm_1': () => row({ status: 'paused' }),
    });
    renderSection('promotions', <PromotionsPage />);
    const tableRow = await screen.findByText('满39减5');
    expect(tableRow).toBeTruthy();
    expect(screen.getByText('减¥5')).toBeTruthy();
    expect(screen.getByTestId('promotion-roi').textContent).toBe('13.00');
    expect(screen.getByText('¥2600.00')).toBeTruthy();
    fireEvent.click(screen.getByTestId('promotion-pause'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ status: 'paused' });
  });

  it('sends only what the edit form changed, the coupon switches only for a coupon template', () => {
    const p = row();
    expect(editBody(p, editValues(p))).toEqual({});
    expect(
      editBody(p, {
        ...editValues(p),
        name: ' 满39减6 ',
        endsAt: '2027-01-31T00:00:00.000Z',
        budgetYuan: 500.5,
        perResidentLimit: null,
        totalLimit: 2000,
        issueOnSignUp: true,
      }),
    ).toEqual({
      name: '满39减6',
      endsAt: '2027-01-31T00:00:00.000Z',
      budgetFen: 50_050,
      perResidentLimit: null,
      totalLimit: 2000,
      issueOnSignUp: true,
    });
    const automatic = row({ trigger: 'automatic', claimable: false });
    expect(editBody(automatic, { ...editValues(automatic), claimable: true, issueOnSignUp: true })).toEqual({});
  });

  it('edits a promotion: the changed fields are sent, and a refusal shows its code with the field named', async () => {
    let refuse = true;
    const calls = stubApi({
      'GET admin/promotions': () => promotions.PromotionPage.parse(pageOf([row()])),
      'PATCH admin/promotions/prm_1': ({ body }) =>
        refuse
          ? {
              status: 400,
              body: {
                code: 'VALIDATION_FAILED',
                message: 'the total limit cannot be below what is already given (120)',
                details: { field: 'totalLimit' },
              },
            }
          : row(body as Record<string, unknown>),
    });
    renderSection('promotions', <PromotionsPage />);
    fireEvent.click(await screen.findByTestId('promotion-edit'));
    const total = await screen.findByTestId('promotion-edit-total');
    expect((total as HTMLInputElement).value).toBe('1000');
    fireEvent.change(total, { target: { value: '100' } });
    fireEvent.click(screen.getByTestId('promotion-edit-sign-up'));
    await act(async () => fireEvent.click(screen.getByTestId('promotion-edit-save')));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ totalLimit: 100, issueOnSignUp: true });
    const error = await screen.findByTestId('promotion-edit-error');
    expect(error.textContent).toContain('总量限制');
    expect(error.textContent).toContain('what is already given (120)');

    refuse = false;
    fireEvent.change(total, { target: { value: '2000' } });
    await act(async () => fireEvent.click(screen.getByTestId('promotion-edit-save')));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(2));
    expect(calls.filter((c) => c.method === 'PATCH')[1]?.body).toEqual({ totalLimit: 2000, issueOnSignUp: true });
    await waitFor(() => expect(screen.queryByTestId('promotion-edit-error')).toBeNull());
  });
});
