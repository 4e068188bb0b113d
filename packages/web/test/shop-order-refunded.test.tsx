import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { keys } from '../src/areas/shop/api.ts';
import { shopLocales } from '../src/areas/shop/locales.ts';
import OrderDetail from '../src/areas/shop/orders/OrderDetail.tsx';
import type { Order, PickupTicket } from '../src/areas/shop/types.ts';
import { initI18n } from '../src/common/i18n.ts';
import '../src/mobile/react19.ts';

beforeAll(() => {
  initI18n('shop', shopLocales);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const paid: Order = {
  id: 'ord_1',
  orderNo: '26112200000001',
  status: 'paid',
  residentId: 'res_1',
  pickupPointId: 'pp_1',
  leaderId: 'ldr_1',
  pickupDate: '2026-11-23',
  pickupCode: '123456',
  totalFen: 590,
  refundedFen: 0,
  expiresAt: '2026-11-22T12:15:00Z',
  createdAt: '2026-11-22T12:00:00Z',
  paidAt: '2026-11-22T12:01:00Z',
  cancelledAt: null,
  cancelReason: null,
  cancellableUntil: null,
  lines: [
    {
      id: 'orl_1',
      campaignId: 'cmp_1',
      campaignLineId: 'cml_1',
      skuId: 'sku_1',
      title: '特价鸡蛋 10枚',
      unitPriceFen: 590,
      quantity: 1,
      amountFen: 590,
      refundedQuantity: 0,
      refundedFen: 0,
    },
  ],
};
const refunded: Order = {
  ...paid,
  status: 'refunded',
  refundedFen: 590,
  cancelledAt: '2026-11-22T13:00:00Z',
  cancelReason: 'cancelled by the resident',
  lines: paid.lines.map((l) => ({ ...l, refundedQuantity: 1, refundedFen: 590 })),
};
const ticket: PickupTicket = {
  orderId: 'ord_1',
  orderNo: paid.orderNo,
  orderStatus: 'paid',
  pickupPointId: 'pp_1',
  pickupDate: paid.pickupDate,
  pickupCode: '123456',
  qrPayload: 'linli:pickup:ord_1:123456',
  state: 'unpicked',
  lines: [{ orderLineId: 'orl_1', skuId: 'sku_1', title: '特价鸡蛋 10枚', quantity: 1, pickedUp: false, pickedUpAt: null }],
};

/** Every request the screen makes, with the status the stub server answered; a cancel refunds the order. */
function server(initial: Order) {
  const calls: Array<{ path: string; status: number }> = [];
  let order = initial;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input), 'http://localhost').pathname;
      const answer = (status: number, body: unknown) => {
        calls.push({ path, status });
        return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      };
      if (path === '/api/v1/shop/orders/ord_1/cancel' && init?.method === 'POST') {
        order = refunded;
        return answer(200, order);
      }
      if (path === '/api/v1/shop/orders/ord_1') return answer(200, order);
      if (path === '/api/v1/shop/orders/ord_1/pickup') {
        return order.status === 'refunded'
          ? answer(409, { code: 'INVALID_STATE', message: 'an order that is refunded has nothing to pick up' })
          : answer(200, ticket);
      }
      if (path === '/api/v1/shop/me') return answer(200, { id: 'res_1', pickupPoint: { id: 'pp_1', name: '东塘社区水果店' } });
      return answer(404, { code: 'ROUTE_NOT_FOUND', message: path });
    }),
  );
  return calls;
}

function open(client: QueryClient) {
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/orders/ord_1']}>
        <Routes>
          <Route path="/orders/:id" element={<OrderDetail />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const newClient = () => new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 15_000 } } });

describe('opening a refunded order', () => {
  it('asks for no pickup ticket, even when the order was last seen paid with its ticket', async () => {
    const calls = server(refunded);
    const client = newClient();
    // Seen a minute ago while it was paid; refunded since (a cancel, a failed campaign, a shortage).
    const aMinuteAgo = Date.now() - 60_000;
    client.setQueryData(keys.order('ord_1'), paid, { updatedAt: aMinuteAgo });
    client.setQueryData(['shop', 'pickup-ticket', 'ord_1'], ticket, { updatedAt: aMinuteAgo });
    open(client);
    await waitFor(() => expect(screen.getByTestId('order-status').dataset.status).toBe('refunded'));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.filter((c) => c.status >= 400)).toEqual([]);
    expect(calls.map((c) => c.path)).not.toContain('/api/v1/shop/orders/ord_1/pickup');
    expect(screen.queryByTestId('pickup-card')).toBeNull();
  });

  it('still asks for the ticket of a paid order', async () => {
    const calls = server(paid);
    open(newClient());
    await waitFor(() => expect(calls.map((c) => c.path)).toContain('/api/v1/shop/orders/ord_1/pickup'));
    expect(calls.filter((c) => c.status >= 400)).toEqual([]);
  });

  it('asks for no ticket when the order page refreshes after the resident cancels a paid order', async () => {
    const calls = server({ ...paid, cancellableUntil: new Date(Date.now() + 3_600_000).toISOString() });
    open(newClient());
    await waitFor(() => expect(calls.map((c) => c.path)).toContain('/api/v1/shop/orders/ord_1/pickup'));
    fireEvent.click(await screen.findByTestId('cancel-order'));
    const dialog = await screen.findByRole('dialog');
    await act(async () => fireEvent.click(within(dialog).getByText('取消订单')));
    await waitFor(() => expect(screen.getByTestId('order-status').dataset.status).toBe('refunded'));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.filter((c) => c.status >= 400)).toEqual([]);
    expect(calls.filter((c) => c.path.endsWith('/pickup'))).toHaveLength(1);
  });
});
