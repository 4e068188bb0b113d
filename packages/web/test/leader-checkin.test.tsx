import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../src/areas/leader/api.ts';
import { canConfirm, checkinSummary, clampReceived } from '../src/areas/leader/deliveries/checkin.ts';
import { DeliveryCard } from '../src/areas/leader/deliveries/DeliveryCard.tsx';
import { renderLeader } from './leader-render.tsx';

const lines: Delivery['lines'] = [
  { skuId: 'sku_egg', title: '土鸡蛋 30枚', quantity: 4 },
  { skuId: 'sku_milk', title: '鲜牛奶 1L', quantity: 10 },
  { skuId: 'sku_apple', title: '红富士 5斤', quantity: 2 },
];
const delivery = (status: Delivery['status']): Delivery => ({
  stopId: 'stp_1',
  routeId: 'rte_1',
  deliveryDate: '2026-11-23',
  pickupPointId: 'pp_1',
  pickupPointName: '幸福里便利店',
  status,
  bundleId: 'B-20261123-pp_1',
  lines,
  handover: null,
});

describe('check-in totals', () => {
  it('signs off the whole bundle when everything arrived', () => {
    const s = checkinSummary(lines, {}, true);
    expect(s).toMatchObject({ expectedUnits: 16, receivedUnits: 16, shortUnits: 0, shortfalls: [] });
    expect(s.body).toEqual({ sealIntact: true });
  });

  it('adds up what is missing per SKU and sends only the lines that differ', () => {
    const s = checkinSummary(lines, { sku_egg: 3, sku_milk: 10, sku_apple: 0 }, false);
    expect(s.expectedUnits).toBe(16);
    expect(s.receivedUnits).toBe(13);
    expect(s.shortUnits).toBe(3);
    expect(s.shortfalls.map((f) => [f.skuId, f.short])).toEqual([
      ['sku_egg', 1],
      ['sku_apple', 2],
    ]);
    expect(s.body).toEqual({
      lines: [
        { skuId: 'sku_egg', received: 3 },
        { skuId: 'sku_apple', received: 0 },
      ],
      sealIntact: false,
    });
  });

  it('never counts more than was sent or less than nothing', () => {
    expect(clampReceived(12, 10)).toBe(10);
    expect(clampReceived(-1, 10)).toBe(0);
    expect(clampReceived(2.7, 10)).toBe(2);
    expect(clampReceived(Number.NaN, 10)).toBe(10);
    expect(checkinSummary(lines, { sku_milk: 99 }, true).shortUnits).toBe(0);
  });

  it('lets the leader confirm once the driver has arrived', () => {
    expect(canConfirm('arrived')).toBe(true);
    expect(canConfirm('handed_over')).toBe(true);
    expect(canConfirm('pending')).toBe(false);
    expect(canConfirm('confirmed')).toBe(false);
  });
});

describe('the delivery card', () => {
  it('shows the totals and turns the button into a confirmation of missing units as counts go down', () => {
    renderLeader(<DeliveryCard delivery={delivery('handed_over')} />);
    expect(screen.getByTestId('delivery-summary').textContent).toBe('应到 16 件，实到 16 件，短少 0 件');
    expect(screen.getByTestId('confirm-delivery').textContent).toContain('全部收齐，整单签收');
    const minus = screen.getByTestId('received-sku_egg').querySelector('button');
    if (!minus) throw new Error('no stepper');
    fireEvent.click(minus);
    fireEvent.click(minus);
    expect(screen.getByTestId('delivery-summary').textContent).toBe('应到 16 件，实到 14 件，短少 2 件');
    expect(screen.getByTestId('confirm-delivery').textContent).toContain('确认收货（短少 2 件）');
  });

  it('has nothing to confirm while the driver is on the way', () => {
    renderLeader(<DeliveryCard delivery={delivery('pending')} />);
    expect(screen.queryByTestId('confirm-delivery')).toBeNull();
    expect(screen.getByText('司机还在路上，到达后即可签收。')).toBeTruthy();
  });
});

/** A delivery card whose delivery is read again from the server on a click, its state kept. */
function ReadAgain({ before, after }: { before: Delivery; after: Delivery }) {
  const [d, setD] = useState(before);
  return (
    <>
      <button type="button" data-testid="read-again" onClick={() => setD(after)} />
      <DeliveryCard delivery={d} />
    </>
  );
}

describe('the delivery card once signed for', () => {
  const counted: NonNullable<Delivery['handover']> = {
    handoverId: 'hdo_1',
    confirmedAt: '2026-11-23T00:30:00.000Z',
    sealIntact: true,
    expectedUnits: 16,
    receivedUnits: 15,
    shortUnits: 1,
    lines: [
      { skuId: 'sku_apple', expected: 2, received: 2 },
      { skuId: 'sku_egg', expected: 4, received: 3 },
      { skuId: 'sku_milk', expected: 10, received: 10 },
    ],
  };

  it('keeps the shortage signed for when the list is read again after the sign-off', () => {
    // Signed for: the missing tray was refunded, so the bundle as it stands now has 3 trays; the
    // server sends the count signed for beside it.
    const afterRefund = lines.map((l) => (l.skuId === 'sku_egg' ? { ...l, quantity: 3 } : l));
    renderLeader(
      <ReadAgain before={delivery('handed_over')} after={{ ...delivery('confirmed'), lines: afterRefund, handover: counted }} />,
    );
    const minus = screen.getByTestId('received-sku_egg').querySelector('button');
    if (!minus) throw new Error('no stepper');
    fireEvent.click(minus);
    expect(screen.getByTestId('delivery-summary').textContent).toBe('应到 16 件，实到 15 件，短少 1 件');
    fireEvent.click(screen.getByTestId('read-again'));
    expect(screen.getByTestId('delivery-summary').textContent).toBe('应到 16 件，实到 15 件，短少 1 件');
  });

  it('shows the count the server recorded for a stop confirmed earlier, the missing units per SKU', () => {
    renderLeader(<DeliveryCard delivery={{ ...delivery('confirmed'), handover: counted }} />);
    expect(screen.getByTestId('delivery-summary').textContent).toBe('应到 16 件，实到 15 件，短少 1 件');
    expect(screen.getByText('少 1 件')).toBeTruthy();
    expect(screen.queryByTestId('confirm-delivery')).toBeNull();
  });
});
