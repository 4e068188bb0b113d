import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/**
 * A foreign-key check takes a KEY SHARE lock on its parent row; concurrent checkouts sharing a
 * parent make PostgreSQL record the lockers in multixacts (migrations 0008 and 0047). Checkout's
 * rows point at no row that other orders share: the operator, a campaign and its lines, a SKU, a
 * pickup point, a leader, a resident, a promotion.
 */
describe('checkout writes no foreign key to a row every order shares', () => {
  it('has no foreign key to operators, and none from the rows checkout writes to their shared parents', async () => {
    const { rows } = await sql<{ child: string; parent: string }>`
      select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
      from pg_constraint c where c.contype = 'f'
      order by 1, 2`.execute(t.ctx.db);
    const checkoutWrites = ['orders', 'order_lines', 'resident_purchases', 'order_discounts', 'promotion_resident_uses'];
    const shared = ['operators', 'campaigns', 'campaign_lines', 'skus', 'pickup_points', 'leaders', 'residents', 'promotions'];
    const hot = rows.filter((r) => r.parent === 'operators' || (checkoutWrites.includes(r.child) && shared.includes(r.parent)));
    expect(hot).toEqual([]);
    // The check itself reads the catalogue: the keys between rows written together are there.
    expect(rows).toContainEqual({ child: 'order_discounts', parent: 'orders' });
  });
});
