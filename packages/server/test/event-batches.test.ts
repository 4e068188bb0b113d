import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventType } from '../src/platform/events.ts';
import { createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// A batch subscriber gets each delivery batch's events of its types in one call, in the order
// they were written; when it fails, the batch is delivered again one event at a time.
let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 1 });
});
afterAll(() => t.close());

/** Writes events of test types no module declares (delivered with their payloads as stored). */
async function write(events: Array<{ type: string; n: number }>) {
  await t.ctx.db
    .insertInto('outbox')
    .values(
      events.map((e) => ({
        operator_id: w.operatorId,
        event_type: e.type,
        aggregate_id: `agg_${e.n}`,
        payload: JSON.stringify({ n: e.n }),
        created_at: t.clock.now(),
      })),
    )
    .execute();
}

describe('batch subscribers', () => {
  it('get each batch of their types in one call, in the order written, beside per-event subscribers', async () => {
    const calls: Array<Array<[string, number]>> = [];
    const single: number[] = [];
    t.ctx.events.subscribeBatch(['test.apple', 'test.pear'] as unknown as EventType[], async (_trx, events) => {
      calls.push(events.map((e) => [e.type, (e.payload as unknown as { n: number }).n]));
    });
    t.ctx.events.subscribe('test.plum' as EventType, async (_trx, e) => {
      single.push((e.payload as unknown as { n: number }).n);
    });
    await write([
      { type: 'test.apple', n: 1 },
      { type: 'test.plum', n: 2 },
      { type: 'test.pear', n: 3 },
      { type: 'test.apple', n: 4 },
    ]);
    await t.ctx.events.drain();
    expect(calls).toEqual([
      [
        ['test.apple', 1],
        ['test.pear', 3],
        ['test.apple', 4],
      ],
    ]);
    expect(single).toEqual([2]);
    // A batch with none of its types: no call.
    await write([{ type: 'test.plum', n: 5 }]);
    await t.ctx.events.drain();
    expect(calls).toHaveLength(1);
    expect(single).toEqual([2, 5]);
  });

  it('when one fails, the batch is delivered again event by event: the others are delivered, the bad one keeps its error', async () => {
    const calls: number[][] = [];
    t.ctx.events.subscribeBatch(['test.fig'] as unknown as EventType[], async (trx, events) => {
      const ns = events.map((e) => (e.payload as unknown as { n: number }).n);
      calls.push(ns);
      await trx
        .insertInto('outbox')
        .values({
          operator_id: w.operatorId,
          event_type: 'test.seen',
          aggregate_id: ns.join(','),
          payload: '{}',
          created_at: t.clock.now(),
        })
        .execute();
      if (ns.includes(13)) throw new Error('unlucky');
    });
    await write([11, 12, 13, 14].map((n) => ({ type: 'test.fig', n })));
    await t.ctx.events.drain();
    expect(calls).toEqual([[11, 12, 13, 14], [11], [12], [13], [14]]);
    const rows = await t.ctx.db
      .selectFrom('outbox')
      .select(['aggregate_id', 'event_type', 'delivered_at', 'attempts', 'last_error'])
      .where('event_type', 'in', ['test.fig', 'test.seen'])
      .orderBy('id')
      .execute();
    // The failed batch's writes were rolled back with it; each event's own delivery kept its writes.
    expect(rows.filter((r) => r.event_type === 'test.seen').map((r) => r.aggregate_id)).toEqual(['11', '12', '14']);
    const figs = rows.filter((r) => r.event_type === 'test.fig');
    expect(figs.map((r) => [r.aggregate_id, r.delivered_at !== null, r.attempts])).toEqual([
      ['agg_11', true, 0],
      ['agg_12', true, 0],
      ['agg_13', false, 1],
      ['agg_14', true, 0],
    ]);
    expect(figs[2]?.last_error).toContain('unlucky');
  });
});
