import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeliveredEvent, EventPayloadError, emit } from '../src/platform/events.ts';
import { createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

describe('event payloads and their schemas', () => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp('2026-11-20T02:00:00Z');
    world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
  });
  afterAll(() => t.close());

  const written = (aggregateId: string) =>
    t.ctx.db.selectFrom('outbox').select(['event_type', 'payload']).where('aggregate_id', '=', aggregateId).execute();

  it('in tests, emit refuses a payload its schema does not accept, and the transaction writes nothing', async () => {
    const attempt = (payload: unknown, type = 'order.expired') =>
      t.ctx.db.transaction().execute((trx) =>
        emit(trx, t.ctx.clock, {
          type: type as 'order.expired',
          operatorId: world.operatorId,
          aggregateId: 'ord_wrong',
          payload: payload as never,
        }),
      );
    await expect(attempt({ orderId: 42 })).rejects.toThrow(EventPayloadError);
    await expect(attempt({})).rejects.toThrow(/order\.expired: the payload does not match its schema[\s\S]*orderId/);
    await expect(attempt({ orderId: 'ord_wrong' }, 'order.vanished')).rejects.toThrow(/order\.vanished: no module declares/);
    expect(await written('ord_wrong')).toEqual([]);
    // A payload that matches is written as given.
    await attempt({ orderId: 'ord_wrong' });
    expect(await written('ord_wrong')).toEqual([{ event_type: 'order.expired', payload: { orderId: 'ord_wrong' } }]);
    await t.ctx.events.drain();
  });

  it('a subscriber gets the payload parsed; one that does not parse fails its delivery, kept with its error, and the ledger posts nothing', async () => {
    // By aggregate: the failing event's batch is rolled back and delivered again one by one.
    const got = new Map<string, DeliveredEvent<'order.expired'>>();
    t.ctx.events.subscribe('order.expired', async (_trx, e) => {
      got.set(e.aggregateId, e);
    });
    // Written by SQL (as payment and checkout write theirs): nothing checks it before delivery.
    await t.ctx.db
      .insertInto('outbox')
      .values([
        {
          operator_id: world.operatorId,
          event_type: 'order.paid',
          aggregate_id: 'ord_sql',
          payload: JSON.stringify({ orderId: 'ord_sql', paymentId: 'pay_sql', amountFen: '990' }),
          created_at: t.clock.now(),
        },
        {
          operator_id: world.operatorId,
          event_type: 'order.expired',
          aggregate_id: 'ord_fine',
          payload: JSON.stringify({ orderId: 'ord_fine', extra: true }),
          created_at: t.clock.now(),
        },
      ])
      .execute();
    await t.ctx.events.drain();
    expect([...got.values()].map((e) => [e.type, e.aggregateId, e.payload])).toEqual([
      ['order.expired', 'ord_fine', { orderId: 'ord_fine' }],
    ]);
    const bad = await t.ctx.db
      .selectFrom('outbox')
      .select(['delivered_at', 'attempts', 'last_error'])
      .where('aggregate_id', '=', 'ord_sql')
      .executeTakeFirstOrThrow();
    expect(bad).toMatchObject({ delivered_at: null, attempts: 1 });
    expect(bad.last_error).toMatch(/order\.paid: the payload does not match its schema[\s\S]*amountFen/);
    const posted = await t.ctx.db.selectFrom('journal_entries').select('id').where('idempotency_key', 'like', '%ord_sql%').execute();
    expect(posted).toEqual([]);
  });
});
