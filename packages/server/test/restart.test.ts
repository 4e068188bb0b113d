import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/platform/clock.ts';
import type { DeliveredEvent, EventInput } from '../src/platform/events.ts';
import { createWorld } from './fixtures.ts';
import { startTestApp } from './harness.ts';

/** An order.placed payload as checkout writes it, for an order that exists only in the outbox. */
const placed = (orderId: string, totalFen: number): EventInput<'order.placed'> => ({
  orderId,
  residentId: 'res_r',
  pickupPointId: 'pp_r',
  pickupDate: '2026-11-21',
  totalFen,
});

describe('durable jobs and the outbox', () => {
  it('run the cutoff and expire unpaid orders after a restart', async () => {
    let t = await startTestApp('2026-11-20T02:00:00Z', { persistent: true });
    try {
      const world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
      const admin = await t.login('staff', world.adminPhone);
      const now = t.clock.now().getTime();
      const created = await t.request('POST', '/api/v1/admin/campaigns', {
        token: admin,
        body: {
          title: '重启测试',
          opensAt: new Date(now - HOUR).toISOString(),
          cutoffAt: new Date(now + 2 * HOUR).toISOString(),
          pickupDate: '2026-11-21',
          leaderScope: 'all',
          lines: [{ skuId: world.skuIds[0], groupPriceFen: 500, stockTotal: 10, perResidentLimit: null }],
        },
      });
      expect(created.status).toBe(201);
      expect((await t.request('POST', `/api/v1/admin/campaigns/${created.body.id}/publish`, { token: admin })).body.status).toBe('open');
      const resident = await t.login('resident', '13700009999');
      await t.request('PUT', '/api/v1/shop/me/pickup-point', { token: resident, body: { pickupPointId: world.leaders[0]?.pickupPointId } });
      const lineId = created.body.lines[0].id;
      const order = await t.request('POST', '/api/v1/shop/orders', {
        token: resident,
        body: { lines: [{ campaignLineId: lineId, quantity: 3 }] },
      });
      expect(order.status).toBe(201);

      t = await t.restart();

      t.clock.advance(20 * MINUTE);
      await t.ctx.jobs.tick();
      const expired = await t.ctx.db.selectFrom('orders').select('status').where('id', '=', order.body.id).executeTakeFirstOrThrow();
      expect(expired.status).toBe('expired');
      const line = await t.ctx.db.selectFrom('campaign_lines').select('reserved').where('id', '=', lineId).executeTakeFirstOrThrow();
      expect(line.reserved).toBe(0);

      t.clock.advance(2 * HOUR);
      await t.ctx.jobs.tick();
      const campaign = await t.ctx.db.selectFrom('campaigns').select('status').where('id', '=', created.body.id).executeTakeFirstOrThrow();
      expect(campaign.status).toBe('closed');
    } finally {
      await t.close();
    }
  });

  it("delivers events after commit with subscribers' writes exactly once, and a failing event does not hold up the rest", async () => {
    const t = await startTestApp();
    try {
      const world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
      let failures = 0;
      // A subscriber's writes go through the delivery transaction: they commit with the
      // "delivered" mark, so a retried batch cannot write them twice.
      t.ctx.events.subscribe('order.placed', async (trx, e: DeliveredEvent<'order.placed'>) => {
        if (e.payload.totalFen === 999_999) {
          failures++;
          throw new Error('subscriber broke');
        }
        await trx
          .insertInto('notifications')
          .values({
            id: `ntf_${e.aggregateId}`,
            operator_id: e.operatorId,
            recipient_kind: 'resident',
            recipient_id: 'r',
            title: e.type,
            body: e.aggregateId,
            created_at: e.createdAt,
            read_at: null,
          })
          .execute();
      });
      const admin = await t.login('staff', world.adminPhone);
      expect(admin).toBeTruthy();
      await t.ctx.db.transaction().execute(async (trx) => {
        const { emit } = await import('../src/platform/events.ts');
        await emit(trx, t.ctx.clock, {
          type: 'order.placed',
          operatorId: world.operatorId,
          aggregateId: 'ord_a',
          payload: placed('ord_a', 1),
        });
        await emit(trx, t.ctx.clock, {
          type: 'order.placed',
          operatorId: world.operatorId,
          aggregateId: 'ord_bad',
          payload: placed('ord_bad', 999_999),
        });
        await emit(trx, t.ctx.clock, {
          type: 'order.placed',
          operatorId: world.operatorId,
          aggregateId: 'ord_c',
          payload: placed('ord_c', 3),
        });
      });
      // An event of a rolled-back transaction never exists.
      await t.ctx.db
        .transaction()
        .execute(async (trx) => {
          const { emit } = await import('../src/platform/events.ts');
          await emit(trx, t.ctx.clock, {
            type: 'order.placed',
            operatorId: world.operatorId,
            aggregateId: 'ord_never',
            payload: placed('ord_never', 4),
          });
          throw new Error('rollback');
        })
        .catch(() => undefined);
      await t.ctx.events.drain();
      await t.ctx.events.drain();
      const written = await t.ctx.db.selectFrom('notifications').select('body').where('recipient_id', '=', 'r').orderBy('body').execute();
      expect(written.map((n) => n.body)).toEqual(['ord_a', 'ord_c']);
      expect(failures).toBeGreaterThan(0);
      const bad = await t.ctx.db
        .selectFrom('outbox')
        .select(['delivered_at', 'attempts', 'last_error'])
        .where('aggregate_id', '=', 'ord_bad')
        .executeTakeFirstOrThrow();
      expect(bad.delivered_at).toBeNull();
      expect(bad.attempts).toBeGreaterThan(0);
      expect(bad.last_error).toMatch(/subscriber broke/);
    } finally {
      await t.close();
    }
  });
});
