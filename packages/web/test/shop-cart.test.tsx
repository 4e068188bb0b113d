import { describe, expect, it } from 'vitest';
import {
  type CartItem,
  cartCount,
  clampQuantity,
  groupCart,
  MAX_PER_LINE,
  maxQuantity,
  orderLines,
  setLineQuantity,
} from '../src/areas/shop/cart.ts';
import { campaign, line } from './shop-render.tsx';

const now = Date.now();
const egg = line({ id: 'egg', groupPriceFen: 590, listPriceFen: 990 });
const milk = line({ id: 'milk', productName: '纯牛奶', groupPriceFen: 4990, listPriceFen: 6990 });
const fish = line({ id: 'fish', productName: '鲈鱼', groupPriceFen: 2380, listPriceFen: 2980 });
const today = campaign({ id: 'c1', pickupDate: '2026-11-23', lines: [egg, milk] });
const later = campaign({ id: 'c2', pickupDate: '2026-11-25', lines: [fish] });

describe('shop cart: limits and stock', () => {
  it('caps a line at the stock left, my per-person limit minus what I bought, and 999', () => {
    expect(maxQuantity(line())).toBe(MAX_PER_LINE);
    expect(maxQuantity(line({ stockLeft: 4 }))).toBe(4);
    expect(maxQuantity(line({ perResidentLimit: 3, boughtByMe: 1 }))).toBe(2);
    expect(maxQuantity(line({ stockLeft: 1, perResidentLimit: 3 }))).toBe(1);
    expect(maxQuantity(line({ stockLeft: 0 }))).toBe(0);
    expect(maxQuantity(line({ perResidentLimit: 2, boughtByMe: 5 }))).toBe(0);
  });

  it('clamps a wanted quantity to whole units between 0 and the cap', () => {
    const l = line({ stockLeft: 5, perResidentLimit: 2 });
    expect(clampQuantity(3, l)).toBe(2);
    expect(clampQuantity(-1, l)).toBe(0);
    expect(clampQuantity(1.7, l)).toBe(1);
    expect(clampQuantity(Number.NaN, l)).toBe(0);
  });

  it('sets, clamps and removes cart lines, keeping their order', () => {
    let cart: CartItem[] = [];
    cart = setLineQuantity(cart, today, egg, 2);
    cart = setLineQuantity(cart, later, fish, 1);
    cart = setLineQuantity(cart, today, egg, 3);
    expect(cart.map((i) => [i.lineId, i.quantity])).toEqual([
      ['egg', 3],
      ['fish', 1],
    ]);
    const limited = line({ id: 'egg', perResidentLimit: 2, boughtByMe: 1 });
    cart = setLineQuantity(cart, today, limited, 5);
    expect(cart.find((i) => i.lineId === 'egg')?.quantity).toBe(1);
    cart = setLineQuantity(cart, today, limited, 0);
    expect(cart.map((i) => i.lineId)).toEqual(['fish']);
    expect(cart[0]).toMatchObject({ pickupDate: '2026-11-25', groupPriceFen: 2380, image: null, campaignId: 'c2' });
  });
});

describe('shop cart: totals and pickup dates', () => {
  const empty: CartItem[] = [];
  const filled = setLineQuantity(setLineQuantity(setLineQuantity(empty, later, fish, 2), today, egg, 3), today, milk, 1);

  it('groups the cart by pickup date, earliest first, one order per date', () => {
    const { groups, unavailable } = groupCart(filled, [later, today], now);
    expect(unavailable).toEqual([]);
    expect(groups.map((g) => g.pickupDate)).toEqual(['2026-11-23', '2026-11-25']);
    expect(groups[0]!.entries.map((e) => e.line.id)).toEqual(['egg', 'milk']);
    expect(orderLines(groups[0]!)).toEqual([
      { campaignLineId: 'egg', quantity: 3 },
      { campaignLineId: 'milk', quantity: 1 },
    ]);
    expect(orderLines(groups[1]!)).toEqual([{ campaignLineId: 'fish', quantity: 2 }]);
  });

  it('adds up integer fen: totals, list-price totals and counts', () => {
    const { groups } = groupCart(filled, [today, later], now);
    expect(groups[0]).toMatchObject({ count: 4, totalFen: 3 * 590 + 4990, listTotalFen: 3 * 990 + 6990 });
    expect(groups[1]).toMatchObject({ count: 2, totalFen: 4760, listTotalFen: 5960 });
    expect(cartCount(filled)).toBe(6);
  });

  it('prices with the campaign as it is now and clamps to stock and limit that changed', () => {
    const now2 = campaign({ id: 'c1', pickupDate: '2026-11-23', lines: [{ ...egg, groupPriceFen: 550, stockLeft: 2 }, milk] });
    const { groups } = groupCart(filled, [now2, later], now);
    const eggEntry = groups[0]!.entries[0]!;
    expect(eggEntry).toMatchObject({ quantity: 2, max: 2, reduced: true, amountFen: 1100 });
    expect(groups[0]!.totalFen).toBe(1100 + 4990);
  });

  it('sets apart lines of closed campaigns, sold out or at my limit', () => {
    const closed = { ...later, cutoffAt: new Date(now - 1000).toISOString() };
    const c1 = campaign({
      id: 'c1',
      lines: [
        { ...egg, stockLeft: 0 },
        { ...milk, perResidentLimit: 1, boughtByMe: 1 },
      ],
    });
    const { groups, unavailable } = groupCart(filled, [c1, closed], now);
    expect(groups).toEqual([]);
    expect(unavailable.map((u) => [u.item.lineId, u.reason])).toEqual([
      ['fish', 'closed'],
      ['egg', 'soldOut'],
      ['milk', 'limitReached'],
    ]);
  });

  it('treats a line no longer listed (another pickup point, cancelled campaign) as closed', () => {
    const { groups, unavailable } = groupCart(filled, [later], now);
    expect(groups.map((g) => g.pickupDate)).toEqual(['2026-11-25']);
    expect(unavailable.map((u) => u.item.lineId)).toEqual(['egg', 'milk']);
  });
});
