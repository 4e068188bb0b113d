import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/modules/identity/identity.service.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { AppError } from '../src/platform/errors.ts';
import { createOpenCampaign, createWorld, residentPrincipals, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// Races real transactions. On PostgreSQL (CI's second pass) the buyers truly run in parallel on a
// pool of connections; on PGlite they are serialised by its single backend, and the outcome must
// be the same.
let t: TestApp;
let world: World;
beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
});
afterAll(() => t.close());

const buyers = (n: number) => residentPrincipals(t.ctx, world, n);

describe('buyers racing for the last units', () => {
  it('300 buyers, stock 50, limit 2: exactly 50 units sold, no negative stock, no one above the limit', async () => {
    const campaign = await createOpenCampaign(t.ctx, world, { stock: 50, limit: 2 });
    const line = campaign.lineIds[0] as string;
    const people = await buyers(300);
    // Each buyer sends two orders at once (1 and 2 units): the limit must hold under the race too.
    const attempts = people.flatMap((p) => [1, 2].map((quantity) => ({ p, quantity })));
    const outcomes = await Promise.allSettled(
      attempts.map(({ p, quantity }) => placeOrder(t.ctx, p, { lines: [{ campaignLineId: line, quantity }] })),
    );
    const codes = new Map<string, number>();
    for (const o of outcomes) {
      const key = o.status === 'fulfilled' ? 'ok' : o.reason instanceof AppError ? o.reason.code : String(o.reason);
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    expect([...codes.keys()].filter((k) => !['ok', 'SOLD_OUT', 'LIMIT_EXCEEDED'].includes(k))).toEqual([]);
    expect([...codes.keys()].every((k) => ['ok', 'SOLD_OUT', 'LIMIT_EXCEEDED'].includes(k))).toBe(true);

    const stock = await t.ctx.db
      .selectFrom('campaign_lines')
      .select(['stock_total', 'reserved'])
      .where('id', '=', line)
      .executeTakeFirstOrThrow();
    expect(stock).toEqual({ stock_total: 50, reserved: 50 });
    const sold = await t.ctx.db
      .selectFrom('order_lines')
      .innerJoin('orders', 'orders.id', 'order_lines.order_id')
      .select(['orders.resident_id', (eb) => eb.fn.sum<number>('order_lines.quantity').as('units')])
      .where('order_lines.campaign_line_id', '=', line)
      .groupBy('orders.resident_id')
      .execute();
    expect(sold.reduce((s, r) => s + r.units, 0)).toBe(50);
    expect(Math.max(...sold.map((r) => r.units))).toBeLessThanOrEqual(2);
    const counted = await t.ctx.db
      .selectFrom('resident_purchases')
      .select(['resident_id', 'quantity'])
      .where('campaign_line_id', '=', line)
      .execute();
    for (const c of counted) expect(c.quantity).toBe(sold.find((s) => s.resident_id === c.resident_id)?.units ?? 0);
  });

  it('duplicate submissions with one idempotency key make one order', async () => {
    const campaign = await createOpenCampaign(t.ctx, world, { stock: 10 });
    const [p] = await buyers(1);
    const input = { lines: [{ campaignLineId: campaign.lineIds[0] as string, quantity: 1 }] };
    const results = await Promise.all(Array.from({ length: 20 }, () => placeOrder(t.ctx, p as Principal, input, 'dup-key-123456')));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const orders = await t.ctx.db
      .selectFrom('orders')
      .select('id')
      .where('resident_id', '=', (p as Principal).id)
      .execute();
    expect(orders).toHaveLength(1);
    const stock = await t.ctx.db
      .selectFrom('campaign_lines')
      .select('reserved')
      .where('id', '=', campaign.lineIds[0] as string)
      .executeTakeFirstOrThrow();
    expect(stock.reserved).toBe(1);
  });
});
