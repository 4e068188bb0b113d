import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPromotion } from '../src/modules/promotions/index.ts';
import { DAY, HOUR } from '../src/platform/clock.ts';
import { createOpenCampaign, createOperator, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { fulfilledOrder } from './pickup-fixtures.ts';

/** Support's decisions that give a coupon (a compensation), and claims on a line that cost nothing. */

let t: TestApp;
let world: World;
let lineIds: string[];
let resident: string;
let leader: string;
let support: string;

const PICKUP_MORNING = '2026-11-21T01:00:00Z';

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 1 });
  ({ lineIds } = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-21', cutoffAt: new Date('2026-12-31T00:00:00Z') }));
  resident = await t.login('resident', world.residents[0]!.phone);
  leader = await t.login('leader', world.leaders[0]!.phone);
  support = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
});
afterAll(() => t.close());

const couponFields = (name: string) => ({
  name,
  trigger: 'coupon' as const,
  discountKind: 'amount' as const,
  amountOffFen: 500,
  thresholdFen: 2000,
  scope: { kind: 'operator' as const, ids: [] },
  newcomerOnly: false,
  stackable: true,
  fundedBy: 'operator' as const,
  claimable: false,
  startsAt: new Date(t.clock.now().getTime() - DAY).toISOString(),
  endsAt: new Date(t.clock.now().getTime() + 30 * DAY).toISOString(),
});

/** A delivered order of the resident, handed out at 09:00 on the pickup date, and a damaged claim on its first line. */
async function claimOnPickedUpOrder(lines: Array<[string, number]> = [[lineIds[0]!, 2]]) {
  t.clock.set('2026-11-20T02:00:00Z');
  const order = await fulfilledOrder(t, world, world.residents[0]!.id, lines);
  t.clock.set(PICKUP_MORNING);
  expect((await t.request('POST', '/api/v1/leader/pickups/verify', { token: leader, body: { code: order.pickup_code } })).status).toBe(200);
  t.clock.advance(HOUR);
  return order;
}

async function damagedClaim(orderLineId: string) {
  const res = await t.request('POST', '/api/v1/shop/aftersales', {
    token: resident,
    body: { orderLineId, type: 'damaged', quantity: 1, description: '压坏了', evidenceUrls: [] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

const approve = (caseId: string, body: Record<string, unknown>, token = support) =>
  t.request('POST', `/api/v1/admin/aftersales/${caseId}/approve`, { token, body: { reason: '补偿', ...body } });

const couponsOf = (templateId: string) => t.ctx.db.selectFrom('coupons').selectAll().where('promotion_id', '=', templateId).execute();
const caseRow = (id: string) => t.ctx.db.selectFrom('aftersale_cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('a coupon with an after-sales decision', () => {
  it('is issued to the resident once, source compensation, cause the case', async () => {
    const template = await createPromotion(t.ctx, world.operatorId, 'stf_test', couponFields('售后补偿券'));
    const order = await claimOnPickedUpOrder();
    const c = await damagedClaim(order.lines[0]!.id);
    const approved = await approve(c.id, { couponTemplateId: template.id });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const coupons = await couponsOf(template.id);
    expect(coupons).toHaveLength(1);
    expect(coupons[0]).toMatchObject({ resident_id: world.residents[0]!.id, source: 'compensation', source_id: c.id });
    expect(approved.body).toMatchObject({ status: 'refunded', compensationCouponId: coupons[0]!.id });
    const mine = await t.request('GET', '/api/v1/shop/coupons', { token: resident });
    expect(mine.body.items).toContainEqual(expect.objectContaining({ id: coupons[0]!.id, source: 'compensation' }));
    const read = await t.request('GET', `/api/v1/admin/aftersales/${c.id}`, { token: support });
    expect(read.body.compensationCouponId).toBe(coupons[0]!.id);

    // Deciding again is refused and issues nothing more.
    const twice = await approve(c.id, { couponTemplateId: template.id });
    expect(twice.status).toBe(409);
    expect(await couponsOf(template.id)).toHaveLength(1);
  });

  it('naming a template that is not a running coupon template of the operator refuses the decision, changing nothing', async () => {
    const automatic = await createPromotion(t.ctx, world.operatorId, 'stf_test', { ...couponFields('满20减5'), trigger: 'automatic' });
    const ended = await createPromotion(t.ctx, world.operatorId, 'stf_test', couponFields('ended'));
    await t.ctx.db.updateTable('promotions').set({ status: 'ended' }).where('id', '=', ended.id).execute();
    const other = await createOperator(t.ctx, 'compensation-other');
    const theirs = await createPromotion(t.ctx, other, 'stf_test', couponFields('theirs'));
    const order = await claimOnPickedUpOrder();
    const c = await damagedClaim(order.lines[0]!.id);
    const refundsBefore = await t.ctx.db.selectFrom('refunds').select('id').execute();
    for (const id of ['prm_unknown', automatic.id, ended.id, theirs.id]) {
      const res = await approve(c.id, { couponTemplateId: id });
      expect(res.status, id).toBe(400);
      expect(res.body).toMatchObject({ code: 'COUPON_TEMPLATE_INVALID', details: { field: 'couponTemplateId' } });
    }
    // Paused, or none left: the template's own refusal, and still nothing changes.
    const paused = await createPromotion(t.ctx, world.operatorId, 'stf_test', couponFields('paused'));
    await t.ctx.db.updateTable('promotions').set({ status: 'paused' }).where('id', '=', paused.id).execute();
    expect((await approve(c.id, { couponTemplateId: paused.id })).body.code).toBe('PROMOTION_UNAVAILABLE');
    const gone = await createPromotion(t.ctx, world.operatorId, 'stf_test', { ...couponFields('gone'), totalLimit: 1 });
    await t.ctx.db.updateTable('promotions').set({ issued_count: 1 }).where('id', '=', gone.id).execute();
    expect((await approve(c.id, { couponTemplateId: gone.id })).body.code).toBe('COUPONS_GONE');

    expect(await caseRow(c.id)).toMatchObject({ status: 'submitted', refund_id: null, approved_fen: null });
    expect(await t.ctx.db.selectFrom('refunds').select('id').execute()).toHaveLength(refundsBefore.length);
    const issued = await t.ctx.db
      .selectFrom('coupons')
      .select('id')
      .where('source', '=', 'compensation')
      .where('source_id', '=', c.id)
      .execute();
    expect(issued).toEqual([]);
    for (const id of [paused.id, gone.id]) {
      const p = await t.ctx.db.selectFrom('promotions').select('issued_count').where('id', '=', id).executeTakeFirstOrThrow();
      expect(p.issued_count).toBe(id === gone.id ? 1 : 0);
    }
    // Without a coupon the decision goes through.
    expect((await approve(c.id, {})).body).toMatchObject({ status: 'refunded', compensationCouponId: null });
  });

  it('offers support the running coupon templates to choose from', async () => {
    const running = await createPromotion(t.ctx, world.operatorId, 'stf_test', { ...couponFields('可选的券'), totalLimit: 10 });
    const res = await t.request('GET', '/api/v1/admin/coupon-templates', { token: support });
    expect(res.status).toBe(200);
    const ids = (res.body.items as Array<{ id: string }>).map((i) => i.id);
    expect(res.body.items).toContainEqual({ id: running.id, name: '可选的券', endsAt: running.ends_at.toISOString(), left: 10 });
    const listed = await t.ctx.db.selectFrom('promotions').select(['id', 'trigger', 'status']).where('id', 'in', ids).execute();
    expect(listed.every((p) => p.trigger === 'coupon' && p.status === 'active')).toBe(true);
    const notListed = await t.ctx.db
      .selectFrom('promotions')
      .select('id')
      .where('operator_id', '=', world.operatorId)
      .where((eb) => eb.or([eb('trigger', '=', 'automatic'), eb('status', '!=', 'active')]))
      .execute();
    expect(notListed.length).toBeGreaterThan(0);
    expect(notListed.filter((p) => ids.includes(p.id))).toEqual([]);
    expect((await t.request('GET', '/api/v1/admin/coupon-templates', { token: resident })).status).toBe(403);
  });

  it('is support’s: a leader’s approval takes no coupon', async () => {
    const template = await createPromotion(t.ctx, world.operatorId, 'stf_test', couponFields('leader cannot'));
    const order = await claimOnPickedUpOrder();
    const c = await damagedClaim(order.lines[0]!.id);
    const res = await t.request('POST', `/api/v1/leader/aftersales/${c.id}/approve`, {
      token: leader,
      body: { reason: 'ok', couponTemplateId: template.id },
    });
    expect(res.status).toBe(400);
    expect(await couponsOf(template.id)).toEqual([]);
    expect((await caseRow(c.id)).status).toBe('submitted');
  });
});

describe('a line that cost nothing (a 0-yuan item)', () => {
  it('has nothing to refund: the claim and the desk refund are refused with NOTHING_TO_REFUND, changing nothing', async () => {
    const free = await createPromotion(t.ctx, world.operatorId, 'stf_test', {
      ...couponFields('0元购'),
      trigger: 'automatic',
      discountKind: 'free_unit',
      amountOffFen: null,
      thresholdFen: 0,
      scope: { kind: 'sku', ids: [world.skuIds[1]!] },
    });
    const order = await claimOnPickedUpOrder([
      [lineIds[0]!, 1],
      [lineIds[1]!, 1],
    ]);
    await t.ctx.db.updateTable('promotions').set({ status: 'ended' }).where('id', '=', free.id).execute();
    const freeLine = order.lines.find((l) => l.campaign_line_id === lineIds[1])!;
    expect(freeLine.amount_fen).toBe(0);
    const casesBefore = await t.ctx.db.selectFrom('aftersale_cases').select('id').execute();
    const refundsBefore = await t.ctx.db.selectFrom('refunds').select('id').execute();

    const claimed = await t.request('POST', '/api/v1/shop/aftersales', {
      token: resident,
      body: { orderLineId: freeLine.id, type: 'damaged', quantity: 1, description: '压坏了', evidenceUrls: [] },
    });
    expect(claimed.status).toBe(409);
    expect(claimed.body).toMatchObject({ code: 'NOTHING_TO_REFUND', details: { orderLineId: freeLine.id } });

    const desk = await t.request('POST', `/api/v1/admin/order-desk/${order.id}/refund`, {
      token: support,
      body: { orderLineId: freeLine.id, quantity: 1, cause: 'damaged', blame: 'supplier', reason: '压坏了' },
    });
    expect(desk.status).toBe(409);
    expect(desk.body.code).toBe('NOTHING_TO_REFUND');

    expect(await t.ctx.db.selectFrom('aftersale_cases').select('id').execute()).toHaveLength(casesBefore.length);
    expect(await t.ctx.db.selectFrom('refunds').select('id').execute()).toHaveLength(refundsBefore.length);
    // The paid line of the same order is claimed as ever.
    await damagedClaim(order.lines.find((l) => l.campaign_line_id === lineIds[0])!.id);
  });
});
