import * as bargain from '@linli/contracts/bargain';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asStaff, pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import BargainPage from '../src/areas/admin/bargain/BargainPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const offer = (status: 'active' | 'paused' | 'ended' = 'active') =>
  bargain.BargainOfferWithResults.parse({
    id: 'bgo_1',
    campaignLineId: 'cml_1',
    title: '砍价 土鸡蛋',
    priceFen: 1000,
    floorFen: 100,
    helpersNeeded: 3,
    durationMinutes: 1440,
    newcomerOnly: false,
    dailyCutLimit: 3,
    promotionId: 'prm_1',
    startsAt: '2026-11-20T00:00:00Z',
    endsAt: '2026-11-30T00:00:00Z',
    status,
    createdAt: '2026-11-19T00:00:00Z',
    results: { bargains: 5, reachedFloor: 2, bought: 2, cuts: 11, helpers: 10, newResidents: 4, orders: 2, costFen: 1800 },
  });

describe('admin bargains', () => {
  it('lists offers with their results; opened, their bargains; pauses one', async () => {
    let current = offer();
    const calls = stubApi({
      'GET admin/bargain-offers': () => bargain.BargainOffers.parse({ items: [current] }),
      'GET admin/bargain-offers/bgo_1/bargains': () =>
        bargain.AdminBargains.parse(
          pageOf([
            {
              id: 'bgn_1',
              offerId: 'bgo_1',
              title: '砍价 土鸡蛋',
              campaignLineId: 'cml_1',
              priceFen: 1000,
              floorFen: 100,
              currentPriceFen: 100,
              helpersNeeded: 3,
              helpers: 3,
              state: 'bought',
              startedAt: '2026-11-20T02:00:00Z',
              expiresAt: '2026-11-21T02:00:00Z',
              orderId: 'ord_1',
              newcomerOnly: false,
              starterName: '王阿姨',
              starterId: 'res_1',
            },
          ]),
        ),
      'POST admin/bargain-offers/bgo_1/status': (c) => {
        current = offer((c.body as { status: 'paused' }).status);
        return current;
      },
    });
    renderSection('bargain', <BargainPage />);
    await waitFor(() => expect(screen.getByTestId('bargain-status').textContent).toBe('进行中'));
    const table = screen.getByTestId('bargain-offers-table');
    expect(table.textContent).toContain('¥10.00 → ¥1.00');
    expect(table.textContent).toContain('¥18.00');
    fireEvent.click(table.querySelector('.ant-table-row-expand-icon') as Element);
    await waitFor(() => expect(screen.getByTestId('bargain-list').textContent).toContain('王阿姨'));
    expect(screen.getByTestId('bargain-list').textContent).toContain('已下单');
    expect(screen.getByTestId('bargain-results').textContent).toContain('4');
    fireEvent.click(screen.getByTestId('bargain-toggle'));
    await waitFor(() => expect(screen.getByTestId('bargain-status').textContent).toBe('已暂停'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ status: 'paused' });
  });

  it('finance watches but sets nothing up', async () => {
    await asStaff(['finance'], async () => {
      stubApi({ 'GET admin/bargain-offers': () => bargain.BargainOffers.parse({ items: [offer()] }) });
      renderSection('bargain', <BargainPage />);
      await screen.findByTestId('bargain-status');
      expect(screen.queryByTestId('bargain-new')).toBeNull();
      expect(screen.queryByTestId('bargain-toggle')).toBeNull();
    });
  });
});
