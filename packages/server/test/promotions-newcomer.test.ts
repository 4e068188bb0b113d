import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newcomerCoupons } from '../src/modules/promotions/index.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { createOperator, createStaff, createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/** Newcomer coupons: templates marked to be issued at sign-up give every new resident one, once. */

let t: TestApp;
let world: World;
let staff: string;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
  staff = await t.login('staff', world.adminPhone);
});
afterAll(() => t.close());

const window = () => ({
  startsAt: new Date(t.clock.now().getTime() - MINUTE).toISOString(),
  endsAt: new Date(t.clock.now().getTime() + 30 * 24 * 60 * MINUTE).toISOString(),
});

const template = (body: Record<string, unknown> = {}) => ({
  ...window(),
  name: '新人券',
  trigger: 'coupon',
  discountKind: 'amount',
  amountOffFen: 300,
  thresholdFen: 1000,
  scope: { kind: 'operator', ids: [] },
  issueOnSignUp: true,
  ...body,
});

async function create(body: Record<string, unknown>, token = staff) {
  const res = await t.request('POST', '/api/v1/admin/promotions', { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; issueOnSignUp: boolean; issuedCount: number };
}

async function myCoupons(token: string) {
  const res = await t.request('GET', '/api/v1/shop/coupons', { token });
  expect(res.status).toBe(200);
  return res.body.items as Array<{ promotionId: string; source: string; status: string }>;
}

const promotion = (id: string) => t.ctx.db.selectFrom('promotions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Every template of this file is ended after its test, so the next test's sign-ups see only its own. */
async function endAll() {
  await t.ctx.db.updateTable('promotions').set({ status: 'ended' }).where('operator_id', '=', world.operatorId).execute();
}

describe('newcomer coupons', () => {
  it('are issued to a resident at sign-up, once, under 我的优惠券 with source newcomer', async () => {
    const before = await t.login('resident', nextPhone());
    const tpl = await create(template());
    expect(tpl.issueOnSignUp).toBe(true);
    const phone = nextPhone();
    const token = await t.login('resident', phone);
    const mine = await myCoupons(token);
    expect(mine).toMatchObject([{ promotionId: tpl.id, source: 'newcomer', status: 'available' }]);
    const resident = await t.ctx.db
      .selectFrom('residents')
      .select('id')
      .where('phone', '=', phone)
      .where('operator_id', '=', world.operatorId)
      .executeTakeFirstOrThrow();
    const rows = await t.ctx.db.selectFrom('coupons').selectAll().where('promotion_id', '=', tpl.id).execute();
    expect(rows.map((c) => [c.resident_id, c.source, c.source_id])).toEqual([[resident.id, 'newcomer', resident.id]]);

    // A second login is no sign-up; a resident registered before the template gets none.
    await t.login('resident', phone);
    expect(await myCoupons(token)).toHaveLength(1);
    expect(await myCoupons(before)).toEqual([]);
    expect((await promotion(tpl.id)).issued_count).toBe(1);

    // Called again for the same resident (a retried registration), the listener issues nothing more.
    await t.ctx.db
      .transaction()
      .execute((trx) =>
        newcomerCoupons(trx, t.clock.now(), { operatorId: world.operatorId, residentId: resident.id, phone, wechat: null }),
      );
    expect(await t.ctx.db.selectFrom('coupons').select('id').where('promotion_id', '=', tpl.id).execute()).toHaveLength(1);
    expect((await promotion(tpl.id)).issued_count).toBe(1);
    await endAll();
  });

  it('skip a template run out, paused, ended or not marked, and the sign-up still succeeds', async () => {
    const one = await create(template({ name: 'one left', totalLimit: 1 }));
    const paused = await create(template({ name: 'paused' }));
    expect((await t.request('PATCH', `/api/v1/admin/promotions/${paused.id}`, { token: staff, body: { status: 'paused' } })).status).toBe(
      200,
    );
    const unmarked = await create(template({ name: 'not for newcomers', issueOnSignUp: false }));
    const always = await create(template({ name: 'always' }));

    const first = await t.login('resident', nextPhone());
    expect((await myCoupons(first)).map((c) => c.promotionId).sort()).toEqual([one.id, always.id].sort());
    const second = await t.login('resident', nextPhone());
    expect((await myCoupons(second)).map((c) => c.promotionId)).toEqual([always.id]);
    expect((await promotion(one.id)).issued_count).toBe(1);
    expect((await promotion(paused.id)).issued_count).toBe(0);
    expect((await promotion(unmarked.id)).issued_count).toBe(0);
    expect((await promotion(always.id)).issued_count).toBe(2);
    await endAll();
  });

  it("issue only the resident's operator's templates", async () => {
    const other = await createOperator(t.ctx, 'other-op');
    const otherStaff = await createStaff(t.ctx, other, ['admin']);
    const theirs = await create(template({ name: 'theirs' }), await t.login('staff', otherStaff.phone, 'other-op'));
    const ours = await create(template({ name: 'ours' }));
    const token = await t.login('resident', nextPhone());
    expect((await myCoupons(token)).map((c) => c.promotionId)).toEqual([ours.id]);
    expect((await promotion(theirs.id)).issued_count).toBe(0);
    await endAll();
  });

  it('can be set on a coupon template only (VALIDATION_FAILED naming issueOnSignUp), on create and on edit', async () => {
    const automatic = { ...template({ trigger: 'automatic', name: 'auto' }) };
    const refused = await t.request('POST', '/api/v1/admin/promotions', { token: staff, body: automatic });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'issueOnSignUp' } });

    const auto = await create({ ...automatic, issueOnSignUp: false });
    const edit = await t.request('PATCH', `/api/v1/admin/promotions/${auto.id}`, {
      token: staff,
      body: { issueOnSignUp: true, name: 'x' },
    });
    expect(edit.status).toBe(400);
    expect(edit.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'issueOnSignUp' } });
    expect(await promotion(auto.id)).toMatchObject({ issue_on_sign_up: false, name: 'auto' });

    const coupon = await create(template({ issueOnSignUp: false, name: 'later' }));
    const on = await t.request('PATCH', `/api/v1/admin/promotions/${coupon.id}`, { token: staff, body: { issueOnSignUp: true } });
    expect(on.status).toBe(200);
    expect(on.body.issueOnSignUp).toBe(true);
    const token = await t.login('resident', nextPhone());
    expect((await myCoupons(token)).map((c) => c.promotionId)).toEqual([coupon.id]);
    await endAll();
  });

  it('edits the name, end, budget and limits of a promotion', async () => {
    const p = await create(template({ issueOnSignUp: false, name: 'before' }));
    const endsAt = new Date(t.clock.now().getTime() + 7 * 24 * 60 * MINUTE).toISOString();
    const res = await t.request('PATCH', `/api/v1/admin/promotions/${p.id}`, {
      token: staff,
      body: { name: 'after', endsAt, budgetFen: 50_000, perResidentLimit: 2, totalLimit: 100 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ name: 'after', endsAt, budgetFen: 50_000, perResidentLimit: 2, totalLimit: 100 });
    await endAll();
  });
});
