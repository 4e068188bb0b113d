import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/platform/clock.ts';
import { createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { orderAs } from './procurement-helpers.ts';
import { localDate } from '../src/platform/calendar.ts';

// Early cutoff: staff bring an open campaign's cutoff forward; its job moves, residents who have
// not paid yet are told (ordering, on `campaign.cutoff_moved`).
let t: TestApp;
let world: World;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, residents: 3 });
  token = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['merchandiser'])).phone);
});
afterAll(() => t.close());

const iso = (ms: number) => new Date(ms).toISOString();
const api = (method: string, url: string, body?: unknown, as = token) => t.request(method, `/api/v1/admin${url}`, { token: as, body });

/** An open campaign (opened an hour ago, cutoff in 12 hours), published through the API. */
async function openCampaign() {
  const now = t.clock.now().getTime();
  const created = await api('POST', '/campaigns', {
    title: '冰糖橙产地直发',
    opensAt: iso(now - HOUR),
    cutoffAt: iso(now + 12 * HOUR),
    pickupDate: localDate(new Date(now + 36 * HOUR), 'Asia/Shanghai'),
    lines: [{ skuId: world.skuIds[0], groupPriceFen: 990, stockTotal: null, perResidentLimit: null }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const published = await api('POST', `/campaigns/${created.body.id}/publish`);
  expect(published.body.status).toBe('open');
  return published.body as { id: string; cutoffAt: string; lines: Array<{ id: string }> };
}
const cutoffJob = (id: string) =>
  t.ctx.db.selectFrom('jobs').select(['run_at', 'status']).where('dedupe_key', '=', `campaign.cutoff:${id}`).executeTakeFirstOrThrow();
const notificationsOf = (residentId: string) =>
  t.ctx.db
    .selectFrom('notifications')
    .select(['title', 'body'])
    .where('recipient_kind', '=', 'resident')
    .where('recipient_id', '=', residentId)
    .orderBy('id')
    .execute();
const movesOf = (id: string) =>
  t.ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('aggregate_id', '=', id)
    .where('event_type', '=', 'campaign.cutoff_moved')
    .orderBy('id')
    .execute();
const orderNo = async (id: string) =>
  (await t.ctx.db.selectFrom('orders').select('order_no').where('id', '=', id).executeTakeFirstOrThrow()).order_no;

describe('bringing an open campaign’s cutoff forward', () => {
  it('moves the cutoff job, tells residents with unpaid orders, emits the move, and closes at the new cutoff', async () => {
    const c = await openCampaign();
    const point = world.leaders[0]?.pickupPointId as string;
    const [unpaid, paid, elsewhere] = world.residents.map((r) => r.id) as [string, string, string];
    // One resident has two unpaid orders; another has only a paid one; the third has an unpaid
    // order in another campaign, whose cutoff does not move.
    const first = await orderAs(t, world.operatorId, unpaid, point, [[c.lines[0]!.id, 1]], false);
    const second = await orderAs(t, world.operatorId, unpaid, point, [[c.lines[0]!.id, 2]], false);
    await orderAs(t, world.operatorId, paid, point, [[c.lines[0]!.id, 1]]);
    const other = await openCampaign();
    await orderAs(t, world.operatorId, elsewhere, point, [[other.lines[0]!.id, 1]], false);

    // 02:00Z now: forward from 14:00Z to 03:00Z (11:00 in Shanghai).
    const earlier = t.clock.now().getTime() + HOUR;
    const res = await api('PATCH', `/campaigns/${c.id}`, { cutoffAt: iso(earlier) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'open', cutoffAt: iso(earlier) });
    expect(await cutoffJob(c.id)).toEqual({ run_at: new Date(earlier), status: 'pending' });

    // Ordering tells them when it gets `campaign.cutoff_moved`.
    await t.ctx.events.drain();
    const told = await notificationsOf(unpaid);
    expect(told).toHaveLength(1);
    expect(told[0]?.title).toBe('截单时间提前');
    expect(told[0]?.body).toContain('2026-11-20 11:00');
    expect(told[0]?.body).toContain(await orderNo(first.id));
    expect(told[0]?.body).toContain(await orderNo(second.id));
    expect(await notificationsOf(paid)).toEqual([]);
    expect(await notificationsOf(elsewhere)).toEqual([]);
    expect((await movesOf(c.id)).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        campaignId: c.id,
        cutoffAt: iso(earlier),
        previousCutoffAt: c.cutoffAt,
        direction: 'earlier',
        title: '冰糖橙产地直发',
      }),
    ]);
    expect(await movesOf(other.id)).toEqual([]);

    t.clock.set(new Date(earlier - 1000));
    await t.ctx.jobs.tick();
    await t.ctx.events.drain();
    expect((await api('GET', `/campaigns/${c.id}`)).body.status).toBe('open');
    t.clock.set(new Date(earlier));
    await t.ctx.jobs.tick();
    await t.ctx.events.drain();
    expect((await api('GET', `/campaigns/${c.id}`)).body).toMatchObject({ status: 'closed', closedAt: iso(earlier) });
    expect((await api('GET', `/campaigns/${other.id}`)).body.status).toBe('open');

    // Closed, it keeps today's rule: no edit at all.
    const closed = await api('PATCH', `/campaigns/${c.id}`, { cutoffAt: iso(earlier + HOUR) });
    expect([closed.status, closed.body.code]).toEqual([409, 'INVALID_STATE']);
    expect(closed.body.details.issues.map((i: { code: string }) => i.code)).toEqual(['campaign_final']);
  });

  it.each([
    ['now', () => t.clock.now().getTime()],
    ['a minute ago', () => t.clock.now().getTime() - MINUTE],
    ['before the opening', () => t.clock.now().getTime() - 2 * HOUR],
  ])('refuses a cutoff at %s as VALIDATION_FAILED and changes nothing', async (_, when) => {
    const c = await openCampaign();
    const point = world.leaders[0]?.pickupPointId as string;
    const resident = world.residents[0]?.id as string;
    await orderAs(t, world.operatorId, resident, point, [[c.lines[0]!.id, 1]], false);
    const toldBefore = (await notificationsOf(resident)).length;
    const before = (await api('GET', `/campaigns/${c.id}`)).body;
    const jobBefore = await cutoffJob(c.id);
    const res = await api('PATCH', `/campaigns/${c.id}`, { title: 'should not stick', cutoffAt: iso(when()) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.issues).toContainEqual(expect.objectContaining({ code: 'cutoff_in_past', path: 'body.cutoffAt' }));
    expect((await api('GET', `/campaigns/${c.id}`)).body).toEqual(before);
    expect(await cutoffJob(c.id)).toEqual(jobBefore);
    expect(await notificationsOf(resident)).toHaveLength(toldBefore);
    expect(await movesOf(c.id)).toEqual([]);
  });

  it('lets an admin move it too, and a later cutoff tells nobody but is still announced', async () => {
    const c = await openCampaign();
    const point = world.leaders[0]?.pickupPointId as string;
    const resident = world.residents[0]?.id as string;
    await orderAs(t, world.operatorId, resident, point, [[c.lines[0]!.id, 1]], false);
    const toldBefore = (await notificationsOf(resident)).length;
    const admin = await t.login('staff', world.adminPhone);
    const earlier = t.clock.now().getTime() + 2 * HOUR;
    expect((await api('PATCH', `/campaigns/${c.id}`, { cutoffAt: iso(earlier) }, admin)).status).toBe(200);
    await t.ctx.events.drain();
    expect(await notificationsOf(resident)).toHaveLength(toldBefore + 1);
    const later = earlier + 5 * HOUR;
    const res = await api('PATCH', `/campaigns/${c.id}`, { cutoffAt: iso(later) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await cutoffJob(c.id)).toEqual({ run_at: new Date(later), status: 'pending' });
    await t.ctx.events.drain();
    expect(await notificationsOf(resident)).toHaveLength(toldBefore + 1);
    expect((await movesOf(c.id)).map((e) => e.payload.direction)).toEqual(['earlier', 'later']);
  });

  it('delivers a move written before ordering told residents itself (no title) without telling them twice', async () => {
    const c = await openCampaign();
    const point = world.leaders[0]?.pickupPointId as string;
    const resident = world.residents[1]?.id as string;
    await orderAs(t, world.operatorId, resident, point, [[c.lines[0]!.id, 1]], false);
    const toldBefore = (await notificationsOf(resident)).length;
    // As the campaign edit wrote it then: the residents were told in the edit, and counted.
    const now = t.clock.now();
    await t.ctx.db
      .insertInto('outbox')
      .values({
        operator_id: world.operatorId,
        event_type: 'campaign.cutoff_moved',
        aggregate_id: c.id,
        payload: JSON.stringify({
          campaignId: c.id,
          minTotalQuantity: 0,
          opensAt: iso(now.getTime() - HOUR),
          cutoffAt: iso(now.getTime() + HOUR),
          pickupDate: localDate(new Date(now.getTime() + 36 * HOUR), 'Asia/Shanghai'),
          previousCutoffAt: c.cutoffAt,
          direction: 'earlier',
          residentsTold: 1,
        }),
        created_at: now,
      })
      .execute();
    await t.ctx.events.drain();
    const [row] = await t.ctx.db
      .selectFrom('outbox')
      .select(['delivered_at', 'attempts'])
      .where('aggregate_id', '=', c.id)
      .where('event_type', '=', 'campaign.cutoff_moved')
      .execute();
    expect(row?.delivered_at).not.toBeNull();
    expect(row?.attempts).toBe(0);
    expect(await notificationsOf(resident)).toHaveLength(toldBefore);
  });
});
