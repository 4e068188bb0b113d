import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRM_KEEP_DAYS, DEFAULT_CRM_RULES, scoreMember } from '../src/modules/crm/index.ts';
import { DAY, MINUTE } from '../src/platform/clock.ts';
import { newId } from '../src/platform/ids.ts';
import { createOpenCampaign, createResident, createSku, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let world: World;
let staff: string;
let leader0: string;
let leader1: string;
let veg: { categoryId: string; skuId: string };
let campaign: { id: string; lineIds: string[] };
const who: Record<'champion' | 'atRisk' | 'lapsed' | 'low' | 'newbie' | 'refunded', { id: string; phone: string }> = {} as never;

let orderNo = 0;
/** A paid order written directly, `daysAgo` days before now, at a leader's point, of one SKU. */
async function paidOrder(
  residentId: string,
  leaderIdx: 0 | 1,
  daysAgo: number,
  fen: number,
  opts: { skuId?: string; refunded?: boolean } = {},
) {
  const leader = world.leaders[leaderIdx]!;
  const at = new Date(t.clock.now().getTime() - daysAgo * DAY - MINUTE);
  const id = newId('ord');
  orderNo++;
  await t.ctx.db
    .insertInto('orders')
    .values({
      id,
      operator_id: world.operatorId,
      order_no: `T${String(orderNo).padStart(8, '0')}`,
      resident_id: residentId,
      pickup_point_id: leader.pickupPointId,
      leader_id: leader.id,
      pickup_date: '2026-01-01',
      status: opts.refunded ? 'refunded' : 'picked_up',
      pickup_code: String(100000 + orderNo),
      total_fen: fen,
      refunded_fen: opts.refunded ? fen : 0,
      expires_at: at,
      created_at: at,
      updated_at: at,
      paid_at: at,
    })
    .execute();
  await t.ctx.db
    .insertInto('order_lines')
    .values({
      id: newId('oln'),
      operator_id: world.operatorId,
      order_id: id,
      campaign_id: campaign.id,
      campaign_line_id: campaign.lineIds[0]!,
      sku_id: opts.skuId ?? world.skuIds[0]!,
      title: 'x',
      unit_price_fen: fen,
      quantity: 1,
      amount_fen: fen,
    })
    .execute();
}

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 2, residents: 0 });
  leader0 = await t.login('leader', world.leaders[0]!.phone);
  leader1 = await t.login('leader', world.leaders[1]!.phone);
  staff = await t.login('staff', world.adminPhone);
  const now = t.ctx.clock.now();
  const categoryId = newId('cat');
  await t.ctx.db
    .insertInto('categories')
    .values({ id: categoryId, operator_id: world.operatorId, name: '蔬菜', parent_id: null, created_at: now })
    .execute();
  const productId = newId('prd');
  await t.ctx.db
    .insertInto('products')
    .values({
      id: productId,
      operator_id: world.operatorId,
      category_id: categoryId,
      supplier_id: world.supplierId,
      name: '小白菜',
      images: '[]',
      temperature_class: 'chilled',
      shelf_life_days: 3,
      created_at: now,
      updated_at: now,
    })
    .execute();
  veg = { categoryId, skuId: await createSku(t.ctx, world.operatorId, productId, 500) };
  world.skuIds.push(veg.skuId);
  // Open past the days the tests move the clock by.
  campaign = await createOpenCampaign(t.ctx, world, {
    stock: 1000,
    cutoffAt: new Date(now.getTime() + 10 * DAY),
    pickupDate: new Date(now.getTime() + 11 * DAY).toISOString().slice(0, 10),
  });
  for (const k of Object.keys({ champion: 0, atRisk: 0, lapsed: 0, low: 0, newbie: 0, refunded: 0 }) as Array<keyof typeof who>) {
    who[k] = await createResident(t.ctx, world.operatorId, world.leaders[0]!.pickupPointId);
  }
  // Twelve orders of 100 yuan in the last 60 days, and one at the other leader (vegetables).
  for (let i = 0; i < 12; i++) await paidOrder(who.champion.id, 0, 1 + i * 5, 10_000);
  await paidOrder(who.champion.id, 1, 3, 2_000, { skuId: veg.skuId });
  // Five orders of 50 yuan, 40 to 80 days ago: often and much, not lately.
  for (let i = 0; i < 5; i++) await paidOrder(who.atRisk.id, 0, 40 + i * 10, 5_000, { skuId: veg.skuId });
  await paidOrder(who.lapsed.id, 0, 100, 3_000);
  await paidOrder(who.lapsed.id, 0, 120, 3_000);
  await paidOrder(who.low.id, 0, 20, 1_000);
  await paidOrder(who.newbie.id, 0, 2, 1_500);
  await paidOrder(who.refunded.id, 0, 5, 9_000, { refunded: true });
});
afterAll(() => t.close());

const rfmRows = () => t.ctx.db.selectFrom('crm_member_rfm').selectAll().where('operator_id', '=', world.operatorId).execute();

describe('the RFM report', () => {
  it('scores every member, per leader and across leaders, as the rules say', async () => {
    const computed = await t.request('POST', '/api/v1/admin/crm/compute', { token: staff });
    expect(computed.status, JSON.stringify(computed.body)).toBe(200);
    expect(computed.body).toMatchObject({ members: 5, windowDays: 90 });

    const rows = await rfmRows();
    const all = new Map(rows.filter((r) => r.leader_id === null).map((r) => [r.resident_id, r]));
    // An order refunded in full is no order: that resident is no member.
    expect(all.has(who.refunded.id)).toBe(false);
    expect(Object.fromEntries(Object.entries(who).map(([k, r]) => [k, all.get(r.id)?.segment ?? null]))).toEqual({
      champion: 'champions',
      atRisk: 'at_risk',
      lapsed: 'lapsed',
      low: 'low_value',
      newbie: 'new',
      refunded: null,
    });
    expect(all.get(who.champion.id)).toMatchObject({ frequency: 13, monetary_fen: 122_000, recency_days: 1 });
    expect(all.get(who.lapsed.id)).toMatchObject({ frequency: 0, monetary_fen: 0, recency_days: 100 });
    // Per leader: the champion's one vegetable order at the other leader is a member row of its own.
    const atLeader1 = rows.filter((r) => r.leader_id === world.leaders[1]!.id);
    expect(atLeader1.map((r) => [r.resident_id, r.frequency, r.monetary_fen])).toEqual([[who.champion.id, 1, 2_000]]);
    expect(rows.filter((r) => r.leader_id === world.leaders[0]!.id)).toHaveLength(5);

    // The SQL and the pure rules agree on every row (one source of rules, two evaluations).
    const asOf = new Date(computed.body.computedAt).getTime();
    for (const r of rows) {
      const tenureDays = Math.floor((asOf - r.first_order_at.getTime()) / DAY);
      const expected = scoreMember(
        { recencyDays: r.recency_days, tenureDays, frequency: r.frequency, monetaryFen: Number(r.monetary_fen) },
        DEFAULT_CRM_RULES,
      );
      expect({ r: r.r_score, f: r.f_score, m: r.m_score, segment: r.segment }).toEqual({
        r: expected.r,
        f: expected.f,
        m: expected.m,
        segment: expected.segment,
      });
    }
  });

  it('replaces the period when computed again, and the daily job computes a new day once', async () => {
    const before = (await rfmRows()).length;
    expect((await t.request('POST', '/api/v1/admin/crm/compute', { token: staff })).status).toBe(200);
    expect(await rfmRows()).toHaveLength(before);
    t.clock.advance(DAY);
    await t.ctx.jobs.tick();
    const periods = await t.ctx.db
      .selectFrom('crm_periods')
      .select(['period', 'computed_at'])
      .where('operator_id', '=', world.operatorId)
      .execute();
    expect(periods).toHaveLength(2);
    const computedAt = periods.map((p) => p.computed_at.getTime()).sort();
    await t.ctx.jobs.tick();
    const again = await t.ctx.db.selectFrom('crm_periods').select('computed_at').where('operator_id', '=', world.operatorId).execute();
    expect(again.map((p) => p.computed_at.getTime()).sort()).toEqual(computedAt);
    expect(await rfmRows()).toHaveLength(before * 2);
  });
});

describe("the leader's CRM", () => {
  it('shows segments and members with RFM and what they buy, phones masked', async () => {
    const overview = await t.request('GET', '/api/v1/leader/crm', { token: leader0 });
    expect(overview.status).toBe(200);
    const count = (s: string) => overview.body.segments.find((x: { segment: string }) => x.segment === s)?.members;
    expect([count('champions'), count('at_risk'), count('lapsed'), count('low_value'), count('new'), count('loyal')]).toEqual([
      1, 1, 1, 1, 1, 0,
    ]);

    const members = await t.request('GET', '/api/v1/leader/crm/members', { token: leader0 });
    expect(members.status).toBe(200);
    expect(members.body.total).toBe(5);
    const first = members.body.items[0];
    expect(first).toMatchObject({
      residentId: who.champion.id,
      segment: 'champions',
      frequency: 12,
      monetaryFen: 120_000,
      topCategories: ['水果'],
    });
    expect(first.phone).toBe(`${who.champion.phone.slice(0, 3)}****${who.champion.phone.slice(-4)}`);
    for (const m of members.body.items) {
      expect(m.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(JSON.stringify(members.body)).not.toContain(Object.values(who).find((w) => w.id === m.residentId)!.phone);
    }
    const lapsedOnly = await t.request('GET', '/api/v1/leader/crm/members?segment=lapsed', { token: leader0 });
    expect(lapsedOnly.body.items.map((m: { residentId: string }) => m.residentId)).toEqual([who.lapsed.id]);
    expect((await t.request('GET', '/api/v1/leader/crm/members?segment=nobody', { token: leader0 })).status).toBe(400);

    const other = await t.request('GET', '/api/v1/leader/crm/members', { token: leader1 });
    expect(other.body.items).toMatchObject([{ residentId: who.champion.id, topCategories: ['蔬菜'] }]);
  });

  it('lists whom to remind, with their habits and a mark per day', async () => {
    const list = await t.request('GET', '/api/v1/leader/crm/reminders', { token: leader0 });
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { residentId: string; segment: string }) => [m.residentId, m.segment])).toEqual([
      [who.atRisk.id, 'at_risk'],
      [who.lapsed.id, 'lapsed'],
    ]);
    expect(list.body.items[0]).toMatchObject({ topCategories: ['蔬菜'], remindedToday: false });
    expect(list.body.items[1].phone).toMatch(/^\d{3}\*{4}\d{4}$/);

    const mark = await t.request('PUT', `/api/v1/leader/crm/reminders/${who.atRisk.id}`, { token: leader0, body: { reminded: true } });
    expect(mark.status, JSON.stringify(mark.body)).toBe(200);
    expect(mark.body).toMatchObject({ residentId: who.atRisk.id, reminded: true, day: list.body.day });
    const after = await t.request('GET', '/api/v1/leader/crm/reminders', { token: leader0 });
    expect(after.body.items.map((m: { remindedToday: boolean }) => m.remindedToday)).toEqual([true, false]);
    // Not the other leader's member: nothing to mark.
    const notMine = await t.request('PUT', `/api/v1/leader/crm/reminders/${who.atRisk.id}`, { token: leader1, body: { reminded: true } });
    expect(notMine.status).toBe(404);
    // The next day the list starts unmarked.
    t.clock.advance(DAY);
    const tomorrow = await t.request('GET', '/api/v1/leader/crm/reminders', { token: leader0 });
    expect(tomorrow.body.items.map((m: { remindedToday: boolean }) => m.remindedToday)).toEqual([false, false]);
  });

  it("pushes today's open lines in the categories each segment buys", async () => {
    const pushes = await t.request('GET', '/api/v1/leader/crm/pushes', { token: leader0 });
    expect(pushes.status).toBe(200);
    const of = (s: string) => pushes.body.items.find((p: { segment: string }) => p.segment === s);
    expect(of('champions')).toMatchObject({ members: 1, categories: ['水果'] });
    expect(of('champions').lines.map((l: { productName: string; category: string }) => [l.productName, l.category])).toEqual([
      ['麻阳冰糖橙', '水果'],
    ]);
    expect(of('at_risk')).toMatchObject({ categories: ['蔬菜'], lines: [{ productName: '小白菜', campaignId: campaign.id }] });
    expect(of('loyal')).toBeUndefined();
  });
});

describe("staff's CRM per region", () => {
  it('counts residents by segment and leaders by their members', async () => {
    const warehouse = newId('wh');
    const res = await t.request('GET', '/api/v1/admin/crm', { token: staff });
    expect(res.status).toBe(200);
    const count = (s: string) => res.body.segments.find((x: { segment: string }) => x.segment === s)?.members;
    expect([count('champions'), count('at_risk'), count('lapsed'), count('low_value'), count('new')]).toEqual([1, 1, 1, 1, 1]);
    expect(res.body.leaders.map((l: { leaderId: string; members: number }) => [l.leaderId, l.members])).toEqual([
      [world.leaders[0]!.id, 5],
      [world.leaders[1]!.id, 1],
    ]);
    // A warehouse serving none of these points: nobody.
    const none = await t.request('GET', `/api/v1/admin/crm?warehouseId=${warehouse}`, { token: staff });
    expect(none.body.leaders).toEqual([]);
    expect(none.body.segments.every((s: { members: number }) => s.members === 0)).toBe(true);
    expect((await t.request('GET', '/api/v1/admin/crm', { token: leader0 })).status).toBe(403);
  });

  it('keeps thresholds per operator, refusing ones out of order', async () => {
    const bad = await t.request('PUT', '/api/v1/admin/crm/rules', {
      token: staff,
      body: { ...DEFAULT_CRM_RULES, frequency: [1, 2, 3, 4] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toMatchObject({ field: 'frequency' });
    const ok = await t.request('PUT', '/api/v1/admin/crm/rules', { token: staff, body: { ...DEFAULT_CRM_RULES, lapsedDays: 90 } });
    expect(ok.status).toBe(200);
    expect((await t.request('GET', '/api/v1/admin/crm/rules', { token: staff })).body.lapsedDays).toBe(90);
    await t.request('POST', '/api/v1/admin/crm/compute', { token: staff });
    const lapsed = await t.request('GET', '/api/v1/leader/crm/members?segment=lapsed', { token: leader0 });
    // 100 days (plus the two the clock moved) is still past 90.
    expect(lapsed.body.items.map((m: { residentId: string }) => m.residentId)).toEqual([who.lapsed.id]);
    await t.request('PUT', '/api/v1/admin/crm/rules', { token: staff, body: DEFAULT_CRM_RULES });
    await t.request('POST', '/api/v1/admin/crm/compute', { token: staff });
  });
});

describe('segments left out of an offer', () => {
  const window = () => ({
    startsAt: new Date(t.clock.now().getTime() - MINUTE).toISOString(),
    endsAt: new Date(t.clock.now().getTime() + 30 * DAY).toISOString(),
  });
  const quote = (token: string) =>
    t.request('POST', '/api/v1/shop/orders/quote', {
      token,
      body: { pickupPointId: world.leaders[0]!.pickupPointId, lines: [{ campaignLineId: campaign.lineIds[0]!, quantity: 2 }] },
    });

  it('gives an automatic discount to everyone but the excluded segment, at quote and at checkout', async () => {
    const offer = await t.request('POST', '/api/v1/admin/promotions', {
      token: staff,
      body: {
        ...window(),
        name: '老客立减',
        trigger: 'automatic',
        discountKind: 'amount',
        amountOffFen: 300,
        scope: { kind: 'operator' },
        excludedSegments: ['low_value'],
      },
    });
    expect(offer.status, JSON.stringify(offer.body)).toBe(201);
    expect(offer.body.excludedSegments).toEqual(['low_value']);
    const champion = await t.login('resident', who.champion.phone);
    const low = await t.login('resident', who.low.phone);
    expect((await quote(champion)).body).toMatchObject({ listFen: 1980, discountFen: 300 });
    expect((await quote(low)).body).toMatchObject({ listFen: 1980, discountFen: 0 });
    const placed = await t.request('POST', '/api/v1/shop/orders', {
      token: low,
      body: { pickupPointId: world.leaders[0]!.pickupPointId, lines: [{ campaignLineId: campaign.lineIds[0]!, quantity: 2 }] },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.totalFen).toBe(1980);
    const paidByChampion = await t.request('POST', '/api/v1/shop/orders', {
      token: champion,
      body: { pickupPointId: world.leaders[0]!.pickupPointId, lines: [{ campaignLineId: campaign.lineIds[0]!, quantity: 2 }] },
    });
    expect(paidByChampion.body.totalFen).toBe(1680);
    // Excluding nobody again gives it to the low-value resident too.
    const edited = await t.request('PATCH', `/api/v1/admin/promotions/${offer.body.id}`, { token: staff, body: { excludedSegments: [] } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await quote(low)).body).toMatchObject({ discountFen: 300 });
    await t.request('PATCH', `/api/v1/admin/promotions/${offer.body.id}`, { token: staff, body: { status: 'ended' } });
  });

  it('refuses its coupons to the excluded segment, changing nothing', async () => {
    const template = await t.request('POST', '/api/v1/admin/promotions', {
      token: staff,
      body: {
        ...window(),
        name: '回归券',
        trigger: 'coupon',
        discountKind: 'amount',
        amountOffFen: 500,
        scope: { kind: 'operator' },
        claimable: true,
        excludedSegments: ['low_value', 'new'],
      },
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const low = await t.login('resident', who.low.phone);
    const listed = async (token: string) =>
      (await t.request('GET', '/api/v1/shop/coupons/claimable', { token })).body.items.map((c: { promotionId: string }) => c.promotionId);
    expect(await listed(low)).not.toContain(template.body.id); // not listed to the excluded segment
    const refused = await t.request('POST', `/api/v1/shop/coupons/${template.body.id}/claim`, { token: low, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('COUPON_NOT_OFFERED');
    const issued = () =>
      t.ctx.db.selectFrom('promotions').select('issued_count').where('id', '=', template.body.id).executeTakeFirstOrThrow();
    expect((await issued()).issued_count).toBe(0);
    const atRisk = await t.login('resident', who.atRisk.phone);
    expect(await listed(atRisk)).toContain(template.body.id);
    expect((await t.request('POST', `/api/v1/shop/coupons/${template.body.id}/claim`, { token: atRisk, body: {} })).status).toBe(201);
    // A resident without any paid order has no segment yet: offered.
    const fresh = await createResident(t.ctx, world.operatorId, world.leaders[0]!.pickupPointId);
    const freshToken = await t.login('resident', fresh.phone);
    expect((await t.request('POST', `/api/v1/shop/coupons/${template.body.id}/claim`, { token: freshToken, body: {} })).status).toBe(201);
    expect((await issued()).issued_count).toBe(2);
  });
});

describe('snapshots kept', () => {
  it('keeps the last week of daily periods, the latest whole', async () => {
    const latest = async () =>
      (
        await t.ctx.db
          .selectFrom('crm_periods')
          .select('period')
          .where('operator_id', '=', world.operatorId)
          .orderBy('period', 'desc')
          .execute()
      ).map((p) => p.period);
    for (let i = 0; i < CRM_KEEP_DAYS + 3; i++) {
      t.clock.advance(DAY);
      await t.ctx.jobs.tick();
    }
    const periods = await latest();
    expect(periods).toHaveLength(CRM_KEEP_DAYS + 1);
    const rows = await t.ctx.db
      .selectFrom('crm_member_rfm')
      .select((eb) => [eb.fn.min('period').as('oldest'), eb.fn.countAll<string>().as('n')])
      .where('operator_id', '=', world.operatorId)
      .executeTakeFirstOrThrow();
    expect(rows.oldest).toBe(periods.at(-1));
    const perPeriod = await t.ctx.db
      .selectFrom('crm_member_rfm')
      .select(['period', (eb) => eb.fn.countAll<string>().as('n')])
      .where('operator_id', '=', world.operatorId)
      .groupBy('period')
      .execute();
    expect(perPeriod).toHaveLength(CRM_KEEP_DAYS + 1);
    expect(new Set(perPeriod.map((p) => Number(p.n))).size).toBe(1); // every kept day whole
  });
});
