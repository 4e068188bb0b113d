import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CUTOFF_JOB } from '../src/modules/campaign/campaign.lifecycle.ts';
import { HOUR, MINUTE } from '../src/platform/clock.ts';
import type { EventType } from '../src/platform/events.ts';
import { scheduleJob } from '../src/platform/jobs.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { orderAs, settle } from './procurement-helpers.ts';

// Events written by jobs and subscribers are delivered by the outbox's own polling, not by the
// next unrelated request: the server below gets no request at all after the clock moves.
let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  w = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 2 });
});
afterAll(() => t.close());

describe('an idle server', () => {
  it('closes a campaign at its cutoff and drafts the purchase order, with no other traffic', async () => {
    const cutoffAt = new Date(t.clock.now().getTime() + HOUR);
    const c = await createOpenCampaign(t.ctx, w, { pickupDate: '2026-11-21', cutoffAt, minTotal: 1 });
    await t.ctx.db.transaction().execute((trx) =>
      scheduleJob(trx, t.clock, {
        kind: CUTOFF_JOB,
        runAt: cutoffAt,
        operatorId: w.operatorId,
        payload: { campaignId: c.id },
        dedupeKey: `${CUTOFF_JOB}:${c.id}`,
      }),
    );
    await orderAs(t, w.operatorId, w.residents[0]!.id, w.leaders[0]!.pickupPointId, [[c.lineIds[0] as string, 2]]);
    await settle(t);

    t.ctx.jobs.start(20);
    t.ctx.events.start(20);
    // Time passes, a minute every 100 ms, up to half an hour after the cutoff; nothing else happens.
    t.clock.set(cutoffAt);
    const time = setInterval(() => {
      if (t.clock.now().getTime() < cutoffAt.getTime() + 30 * MINUTE) t.clock.advance(MINUTE);
    }, 100);
    try {
      await vi.waitFor(
        async () => {
          const cutoff = await t.ctx.db
            .selectFrom('campaign_cutoffs')
            .select(['outcome', 'stage'])
            .where('campaign_id', '=', c.id)
            .executeTakeFirst();
          expect(cutoff).toMatchObject({ outcome: 'succeeded', stage: 'done' });
        },
        { timeout: 15_000, interval: 50 },
      );
      const pos = await t.ctx.db.selectFrom('purchase_orders').select('id').where('operator_id', '=', w.operatorId).execute();
      expect(pos.length).toBeGreaterThan(0);
      await vi.waitFor(
        async () => expect(await t.ctx.db.selectFrom('outbox').select('id').where('delivered_at', 'is', null).execute()).toEqual([]),
        { timeout: 5_000, interval: 50 },
      );
    } finally {
      clearInterval(time);
      await t.ctx.jobs.stop();
      await t.ctx.events.stop();
    }
  });
});

describe('a server stopping with a backlog of events', () => {
  it('waits for the batch in progress only; the rest stays in the outbox, delivered by the next start', async () => {
    const s = await startTestApp('2026-11-20T02:00:00Z', { persistent: true });
    const world = await createWorld(s.ctx, { skus: 1, leaders: 1, residents: 0, slug: 'backlog-op' });
    const seen: number[] = [];
    // A type no module declares (subscribing to it takes a cast): its subscribers get the payload as stored.
    const backlogType = 'test.backlog' as EventType;
    const slowly = async (_trx: unknown, event: { id: number }) => {
      seen.push(event.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
    };
    s.ctx.events.subscribe(backlogType, slowly);
    await s.ctx.db
      .insertInto('outbox')
      .values(
        Array.from({ length: 1000 }, (_, i) => ({
          operator_id: world.operatorId,
          event_type: 'test.backlog',
          aggregate_id: `agg_${i}`,
          payload: JSON.stringify({ i }),
          created_at: s.clock.now(),
        })),
      )
      .execute();
    const backlog = (db: typeof s.ctx.db) =>
      db.selectFrom('outbox').select('id').where('event_type', '=', 'test.backlog').where('delivered_at', 'is', null).execute();
    const draining = s.ctx.events.drain();
    await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0), { timeout: 10_000, interval: 5 });
    await s.ctx.events.stop();
    await draining;
    // One batch (200 events) at most was delivered: stopping did not wait for the 1,000.
    const left = (await backlog(s.ctx.db)).length;
    expect(left).toBeGreaterThanOrEqual(800);
    const again = await s.restart();
    try {
      again.ctx.events.subscribe(backlogType, slowly);
      await again.ctx.events.drain();
      expect((await backlog(again.ctx.db)).length).toBe(0);
      expect(new Set(seen).size).toBe(1000);
    } finally {
      await again.close();
    }
  });
});
