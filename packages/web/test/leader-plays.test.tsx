import { bargain, lottery } from '@linli/contracts';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PlaysPage from '../src/areas/leader/plays/PlaysPage.tsx';
import { renderLeader } from './leader-render.tsx';

afterEach(() => vi.unstubAllGlobals());

describe('the leader’s plays', () => {
  it('lists the lotteries and bargains to share with what my links brought', async () => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input);
      const body = url.includes('lotteries')
        ? lottery.LeaderLotteries.parse({
            items: [
              {
                id: 'lot_1',
                name: '幸运大转盘',
                endsAt: '2026-11-30T00:00:00Z',
                sharePath: '/shop/lottery/lot_1?leader=ldr_1',
                draws: 12,
                residents: 5,
              },
            ],
          })
        : bargain.LeaderOffers.parse({
            items: [
              {
                id: 'bgo_1',
                title: '砍价 土鸡蛋',
                floorFen: 100,
                priceFen: 1000,
                endsAt: '2026-11-30T00:00:00Z',
                sharePath: '/shop/bargain?offer=bgo_1&leader=ldr_1',
                bargains: 3,
                bought: 1,
              },
            ],
          });
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    renderLeader(<PlaysPage />, '/plays');
    await waitFor(() => expect(screen.getByTestId('leader-lottery-counts').textContent).toContain('12'));
    await waitFor(() => expect(screen.getByTestId('leader-bargain-counts').textContent).toContain('3'));
    expect(screen.getByTestId('leader-bargain').textContent).toContain('¥10.00 → ¥1.00');
  });
});
