import { promotions } from '@linli/contracts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import CrmPage from '../src/areas/admin/crm/CrmPage.tsx';
import { editBody, editValues } from '../src/areas/admin/promotions/form.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rules = {
  windowDays: 90,
  recencyDays: [7, 14, 30, 60],
  frequency: [8, 4, 2, 1],
  monetaryFen: [50_000, 20_000, 8_000, 2_000],
  lapsedDays: 60,
  newDays: 14,
};

const segments = (counts: Record<string, number>) =>
  ['champions', 'loyal', 'new', 'at_risk', 'lapsed', 'low_value', 'regular'].map((segment) => ({
    segment,
    members: counts[segment] ?? 0,
    monetaryFen: (counts[segment] ?? 0) * 1000,
  }));

describe('staff’s member segments', () => {
  it('shows the region’s segments and leaders, and computes now', async () => {
    const calls = stubApi({
      'GET admin/warehouses': () => ({ items: [] }),
      'GET admin/crm': () => ({
        period: { period: '2026-11-20', windowDays: 90, members: 7, computedAt: '2026-11-20T02:00:00.000Z' },
        segments: segments({ champions: 2, at_risk: 1, lapsed: 4 }),
        leaders: [
          {
            leaderId: 'ldr_1',
            leaderName: '李姐',
            members: 7,
            monetaryFen: 123_400,
            segments: segments({ champions: 2, at_risk: 1, lapsed: 4 }).map(({ segment, members }) => ({ segment, members })),
          },
        ],
      }),
      'POST admin/crm/compute': () => ({ period: '2026-11-20', windowDays: 90, members: 7, computedAt: '2026-11-20T03:00:00.000Z' }),
      'GET admin/crm/rules': () => rules,
    });
    renderSection('crm', <CrmPage />);
    await waitFor(() => expect(screen.getByTestId('crm-period').textContent).toContain('共 7 位会员'));
    expect(screen.getByTestId('crm-segment-lapsed').textContent).toContain('4');
    expect(screen.getByText('李姐')).toBeTruthy();
    expect(screen.getByText('¥1234.00')).toBeTruthy();
    fireEvent.click(screen.getByTestId('crm-compute'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === 'admin/crm/compute')).toBe(true));
    // wait for the page to settle (the message and the refetch) so nothing renders after the test's document is gone
    expect(await screen.findByText('已重新计算')).toBeTruthy();
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET' && c.path === 'admin/crm').length).toBe(2));
    await waitFor(() => expect(screen.getByTestId('crm-period').textContent).toContain('共 7 位会员'));
  });
});

describe('staff’s segment rules', () => {
  it('shows the thresholds with money in yuan and saves them in fen; a refusal is shown', async () => {
    let refuse = false;
    const calls = stubApi({
      'GET admin/warehouses': () => ({ items: [] }),
      'GET admin/crm': () => ({ period: null, segments: segments({}), leaders: [] }),
      'GET admin/crm/rules': () => rules,
      'PUT admin/crm/rules': (call) =>
        refuse ? { status: 400, body: { code: 'VALIDATION_FAILED', message: 'the thresholds are out of order' } } : call.body,
    });
    renderSection('crm', <CrmPage />);
    const lapsed = (await screen.findByTestId('crm-rules-lapsed')) as HTMLInputElement;
    expect(lapsed.value).toBe('60');
    expect((screen.getByTestId('crm-rules-monetary-5') as HTMLInputElement).value).toBe('500.00');
    fireEvent.change(lapsed, { target: { value: '45' } });
    fireEvent.change(screen.getByTestId('crm-rules-monetary-2'), { target: { value: '25.5' } });
    fireEvent.click(screen.getByTestId('crm-rules-save'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ ...rules, lapsedDays: 45, monetaryFen: [50_000, 20_000, 8_000, 2_550] });
    expect(await screen.findByText('分层规则已保存，下次计算生效')).toBeTruthy();
    refuse = true;
    fireEvent.click(screen.getByTestId('crm-rules-save'));
    expect(await screen.findByTestId('crm-rules-error')).toBeTruthy();
  });
});

describe('the promotion editor’s excluded segments', () => {
  const promotion = promotions.Promotion.parse({
    id: 'prm_1',
    name: '回归券',
    description: '',
    trigger: 'coupon',
    discountKind: 'amount',
    amountOffFen: 800,
    percentOff: null,
    maxOffFen: null,
    thresholdFen: 3000,
    scope: { kind: 'operator', ids: [] },
    newcomerOnly: false,
    stackable: true,
    startsAt: '2026-11-20T00:00:00.000Z',
    endsAt: '2026-12-20T00:00:00.000Z',
    perResidentLimit: 1,
    totalLimit: null,
    budgetFen: null,
    fundedBy: 'operator',
    supplierId: null,
    couponValidDays: 7,
    claimable: true,
    issueOnSignUp: false,
    excludedSegments: ['low_value'],
    status: 'active',
    issuedCount: 0,
    createdAt: '2026-11-20T00:00:00.000Z',
  });
  it('sends them only when changed, in any order', () => {
    const values = editValues(promotion);
    expect(editBody(promotion, values)).toEqual({});
    expect(editBody(promotion, { ...values, excludedSegments: ['new', 'low_value'] })).toEqual({ excludedSegments: ['low_value', 'new'] });
    expect(editBody(promotion, { ...values, excludedSegments: [] })).toEqual({ excludedSegments: [] });
  });
});
