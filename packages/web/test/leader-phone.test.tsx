import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LeaderOrder } from '../src/areas/leader/api.ts';
import { OrderRow, orderLinesText } from '../src/areas/leader/orders/OrderRow.tsx';
import { displayPhone } from '../src/areas/leader/phone.ts';
import { renderLeader } from './leader-render.tsx';

const order = (residentPhone: string): LeaderOrder => ({
  id: 'ord_1',
  orderNo: 'LL20261122000001',
  status: 'delivered',
  residentId: 'res_1',
  pickupPointId: 'pp_1',
  leaderId: 'ldr_1',
  pickupDate: '2026-11-23',
  pickupCode: '123456',
  totalFen: 2980,
  refundedFen: 990,
  expiresAt: '2026-11-22T10:15:00+08:00',
  createdAt: '2026-11-22T10:00:00+08:00',
  paidAt: '2026-11-22T10:01:00+08:00',
  cancelledAt: null,
  cancelReason: null,
  cancellableUntil: null,
  residentName: '王芳',
  residentPhone,
  lines: [
    {
      id: 'ol_1',
      campaignId: 'cmp_1',
      campaignLineId: 'cl_1',
      skuId: 'sku_1',
      title: '草莓',
      unitPriceFen: 990,
      quantity: 3,
      amountFen: 2970,
      refundedQuantity: 1,
      refundedFen: 990,
    },
  ],
});

describe('member phone display', () => {
  it('masks the middle four digits, whatever form the number comes in', () => {
    expect(displayPhone('13812341234')).toBe('138****1234');
    expect(displayPhone('138 1234 1234')).toBe('138****1234');
    expect(displayPhone('+8613812341234')).toBe('138****1234');
    expect(displayPhone('138****1234')).toBe('138****1234');
    expect(displayPhone(undefined)).toBe('');
  });

  it('shows a member on an order row with the masked phone only', () => {
    const { container } = renderLeader(<OrderRow order={order('13812341234')} />);
    expect(screen.getByText('138****1234')).toBeTruthy();
    expect(container.textContent).not.toContain('13812341234');
    expect(container.textContent).toContain('王芳');
    expect(container.textContent).toContain('草莓×2');
    expect(container.textContent).toContain('¥19.90');
    expect(container.textContent).toContain('待提货');
  });

  it('lists what is left to hand over and marks fully refunded lines', () => {
    const lines = order('13812341234').lines;
    const gone = { ...lines[0]!, id: 'ol_2', title: '牛奶', quantity: 1, refundedQuantity: 1 };
    expect(orderLinesText([gone, ...lines], '（已退）')).toBe('草莓×2、牛奶（已退）');
  });
});
