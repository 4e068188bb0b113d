import { describe, expect, it } from 'vitest';
import { dayReport } from '../src/demo/day-report.ts';
import { runDemoDay } from '../src/demo/day.ts';
import { startTestApp } from './harness.ts';

describe('the simulated day', () => {
  it('runs from orders to pickups and claims, balances the ledger, and resumes without doing anything twice', async () => {
    const t = await startTestApp('2026-11-20T00:00:00Z');
    try {
      const log: string[] = [];
      const options = { date: '2026-11-20', orders: 60, log: (l: string) => log.push(l), routeTimeLimitMs: 1000 };
      await runDemoDay(t.app, t.clock, options);
      const operator = await t.ctx.db.selectFrom('operators').select('id').executeTakeFirstOrThrow();
      const report = (await dayReport(t.ctx, operator.id, '2026-11-20', '2026-11-21')).join('\n');
      expect(report).toMatch(/orders\s+60 placed/);
      expect(report).toMatch(/pickup\s+\d+ of \d+ delivered orders picked up/);
      expect(report).not.toMatch(/MISMATCH/);
      const counts = async () => ({
        orders: (
          await t.ctx.db
            .selectFrom('orders')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
        refunds: (
          await t.ctx.db
            .selectFrom('refunds')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
        pos: (
          await t.ctx.db
            .selectFrom('purchase_orders')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
        routes: (
          await t.ctx.db
            .selectFrom('delivery_routes')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      });
      const before = await counts();
      expect(before.pos).toBeGreaterThan(0);
      expect(before.routes).toBeGreaterThan(0);
      await runDemoDay(t.app, t.clock, options);
      expect(await counts()).toEqual(before);
      const delivered = await t.ctx.db.selectFrom('orders').select('status').where('status', 'in', ['delivered', 'picked_up']).execute();
      expect(delivered.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
