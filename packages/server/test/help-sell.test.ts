import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../src/modules/ledger/index.ts';
import { reconcileFull } from '../src/modules/ledger/ledger.reconcile.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { leaderStatement, supplierStatement } from '../src/modules/settlement/statements.ts';
import { DAY, HOUR, MINUTE } from '../src/platform/clock.ts';
import { AppError } from '../src/platform/errors.ts';
import { createOpenCampaign, createResident, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { balance, emitAgain, paidOrder, pickUp, postingsOf, principal, refund } from './ledger-fixtures.ts';

/**
 * 帮卖 (help-sell) on the real database: staff record a campaign's publisher and split (a bad split
 * refused with its code, nothing changed), leaders opt in, the campaign is orderable only at the
 * publisher's and the resellers' points, and the ledger posts the seller's share as commission and
 * the publisher's share to the publishing leader (released with pickup) or supplier, each once
 * under redelivery, clawed back in proportion by a refund, with reconciliation holding and the
 * statements naming the shares.
 */

let t: TestApp;
let world: World;
let admin: string;
let campaign: { id: string; lineIds: string[] };
/** A publishes, B resells, C does not. */
let A: World['leaders'][number];
let B: World['leaders'][number];
let C: World['leaders'][number];
const residentAt: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 2, leaders: 3, residents: 0 });
  [A, B, C] = world.leaders as [typeof A, typeof B, typeof C];
  for (const l of world.leaders) residentAt[l.id] = (await createResident(t.ctx, world.operatorId, l.pickupPointId)).id;
  admin = await t.login('staff', world.adminPhone);
  // line 0 sells at 10.00, line 1 at 11.00; a draft until its terms are agreed
  campaign = await createOpenCampaign(t.ctx, world, { priceFen: 1000, cutoffAt: new Date(t.clock.now().getTime() + 30 * DAY) });
  await setStatus(campaign.id, 'draft');
});
afterAll(() => t.close());

const setStatus = (id: string, status: 'draft' | 'open') =>
  t.ctx.db.updateTable('campaigns').set({ status }).where('id', '=', id).execute();
const terms = (id: string, body: unknown) => t.request('PUT', `/api/v1/admin/campaigns/${id}/help-sell`, { token: admin, body });
const line = (i: number) => campaign.lineIds[i] as string;
const leaderAccount = (code: 'commission_pending' | 'commission_available', leaderId: string) =>
  balance(t, world, { code, partyId: leaderId });
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(t.clock.now());

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
}

describe('terms on the campaign', () => {
  it.each([
    ['shares summing over the whole line', { sellerBp: 6000, publisherBp: 5000 }],
    ['a share below 0', { sellerBp: 1500, publisherBp: -1 }],
  ])('refuses %s with HELP_SELL_SPLIT_INVALID and changes nothing', async (_name, split) => {
    const res = await terms(campaign.id, { publisherKind: 'leader', publisherId: A.id, ...split });
    expect([res.status, res.body.code]).toEqual([422, 'HELP_SELL_SPLIT_INVALID']);
    const read = await t.request('GET', `/api/v1/admin/campaigns/${campaign.id}/help-sell`, { token: admin });
    expect(read.body).toEqual({ terms: null });
  });

  it('refuses a publisher that is not the operator’s', async () => {
    const res = await terms(campaign.id, { publisherKind: 'supplier', publisherId: 'sup_nobody', sellerBp: 1500, publisherBp: 500 });
    expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('records the publisher and split on a draft, and refuses a change once the campaign sells', async () => {
    const res = await terms(campaign.id, { publisherKind: 'leader', publisherId: A.id, sellerBp: 1500, publisherBp: 500 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.terms).toMatchObject({
      publisherKind: 'leader',
      publisherId: A.id,
      sellerBp: 1500,
      publisherBp: 500,
      platformBp: 8000,
      resellers: [],
    });
    await setStatus(campaign.id, 'open');
    const late = await terms(campaign.id, { publisherKind: 'leader', publisherId: A.id, sellerBp: 3000, publisherBp: 500 });
    expect([late.status, late.body.code]).toEqual([409, 'INVALID_STATE']);
    expect((await t.request('GET', `/api/v1/admin/campaigns/${campaign.id}/help-sell`, { token: admin })).body.terms.sellerBp).toBe(1500);
  });
});

describe('who may sell it', () => {
  it("is orderable at the publisher's point, not at a leader who did not opt in", async () => {
    const atC = principal(world, 'resident', residentAt[C.id] as string);
    expect(await codeOf(placeOrder(t.ctx, atC, { lines: [{ campaignLineId: line(0), quantity: 1 }] }))).toBe('HELP_SELL_NOT_RESOLD');
    const atA = principal(world, 'resident', residentAt[A.id] as string);
    expect(await codeOf(placeOrder(t.ctx, atA, { lines: [{ campaignLineId: line(0), quantity: 1 }] }))).toBeUndefined();
  });

  it('a leader opts in on the phone (twice changes nothing) and sees the split and what they would earn', async () => {
    const token = await t.login('leader', B.phone);
    const before = await t.request('GET', '/api/v1/leader/help-sell', { token });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const item = before.body.campaigns.find((c: { campaignId: string }) => c.campaignId === campaign.id);
    expect(item).toMatchObject({ optedIn: false, mine: false, selling: true, sellerBp: 1500, publisherBp: 500, platformBp: 8000 });
    expect(item.publisher).toMatchObject({ kind: 'leader', id: A.id });
    expect(item.lines.map((l: { groupPriceFen: number; sellerFen: number }) => [l.groupPriceFen, l.sellerFen])).toEqual([
      [1000, 150],
      [1100, 165],
    ]);
    for (let i = 0; i < 2; i++) {
      const on = await t.request('PUT', `/api/v1/leader/help-sell/${campaign.id}/resell`, { token });
      expect(on.status, JSON.stringify(on.body)).toBe(200);
    }
    const after = await t.request('GET', '/api/v1/leader/help-sell', { token });
    expect(after.body.campaigns.find((c: { campaignId: string }) => c.campaignId === campaign.id)).toMatchObject({
      optedIn: true,
      resellers: 1,
    });
    // The publisher cannot opt in to their own campaign: it sells at their points already.
    const own = await t.request('PUT', `/api/v1/leader/help-sell/${campaign.id}/resell`, { token: await t.login('leader', A.phone) });
    expect([own.status, own.body.code]).toEqual([409, 'INVALID_STATE']);
  });
});

describe('the ledger', () => {
  let order: Awaited<ReturnType<typeof paidOrder>>;

  it("posts the seller's share as commission and the publisher's share to the publishing leader, once", async () => {
    order = await paidOrder(t, world, residentAt[B.id] as string, [
      [line(0), 2],
      [line(1), 1],
    ]);
    expect(await postingsOf(t, world, 'order', order.id)).toEqual([
      'order_sale: resident_prepayments=+3100',
      'order_sale: sales=-2000',
      'order_sale: sales=-1100',
      // 15 % of 3100 to the reseller, instead of the normal 10 %
      'commission_accrual: commission_expense=+300',
      'commission_accrual: commission_expense=+165',
      'commission_accrual: commission_pending/leader=-465',
      // 5 % of each line to the publisher
      'help_sell_share: commission_expense=+100',
      'help_sell_share: commission_expense=+55',
      'help_sell_share: commission_pending/leader=-155',
    ]);
    expect(await leaderAccount('commission_pending', A.id)).toBe(155);
    expect(await leaderAccount('commission_pending', B.id)).toBe(465);

    const outbox = await t.ctx.db
      .selectFrom('outbox')
      .select(['event_type', 'aggregate_id', 'payload'])
      .where('event_type', '=', 'order.paid')
      .where('aggregate_id', '=', order.id)
      .executeTakeFirstOrThrow();
    await emitAgain(t, world, outbox);
    expect(await postingsOf(t, world, 'order', order.id)).toHaveLength(9);
    expect(await t.ctx.db.selectFrom('help_sell_shares').select('order_line_id').where('order_id', '=', order.id).execute()).toHaveLength(
      2,
    );
    expect(await leaderAccount('commission_pending', A.id)).toBe(155);
  });

  it("a refund claws each share back in the line's refunded proportion", async () => {
    const r = await refund(t, world, order.id, [{ orderLineId: order.lines[0]?.id as string, quantity: 1 }]);
    expect(await postingsOf(t, world, 'refund', r.refundId)).toEqual([
      'refund: resident_refunds=+1000',
      'refund: payment_clearing=-1000',
      'commission_clawback: commission_pending/leader=+150',
      'commission_clawback: commission_expense=-150',
      'help_sell_clawback: commission_pending/leader=+50',
      'help_sell_clawback: commission_expense=-50',
    ]);
    expect(await leaderAccount('commission_pending', A.id)).toBe(105);
    expect(await leaderAccount('commission_pending', B.id)).toBe(315);
  });

  it("releases the publisher's share with the order's commission after pickup", async () => {
    await pickUp(t, world, order.id);
    t.clock.advance(48 * HOUR + MINUTE);
    await t.ctx.jobs.tick();
    expect([await leaderAccount('commission_pending', A.id), await leaderAccount('commission_available', A.id)]).toEqual([0, 105]);
    expect([await leaderAccount('commission_pending', B.id), await leaderAccount('commission_available', B.id)]).toEqual([0, 315]);
    // A refund after release takes the rest of the line from available.
    const r = await refund(t, world, order.id, [{ orderLineId: order.lines[0]?.id as string, quantity: 1 }]);
    expect((await postingsOf(t, world, 'refund', r.refundId)).filter((p) => p.startsWith('help_sell'))).toEqual([
      'help_sell_clawback: commission_available/leader=+50',
      'help_sell_clawback: commission_expense=-50',
    ]);
    expect(await leaderAccount('commission_available', A.id)).toBe(55);
  });

  it('reconciles, incrementally and in full, with the shares in the leaders’ identity', async () => {
    for (const r of [await reconcile(t.ctx.db, world.operatorId, today()), await reconcileFull(t.ctx.db, world.operatorId, today())])
      expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('the statements name the shares: the publisher’s and the reseller’s', async () => {
    const a = await leaderStatement(t.ctx.db, world.operatorId, A.id, {});
    expect(a.helpSellPublisherFen).toBe(55);
    expect(a.lines.filter((l) => l.kind === 'help_sell_share').map((l) => [l.account, l.amountFen])).toEqual([['commission_pending', 155]]);
    const b = await leaderStatement(t.ctx.db, world.operatorId, B.id, {});
    expect(b.helpSellSellerFen).toBe(465);
    const mine = await t.request('GET', '/api/v1/leader/help-sell', { token: await t.login('leader', A.phone) });
    expect(mine.body.campaigns.find((c: { campaignId: string }) => c.campaignId === campaign.id)).toMatchObject({
      mine: true,
      earnings: { asPublisherFen: 55, sellers: 1 },
    });
    expect(mine.body.asPublisherFen).toBe(55);
  });
});

describe('a supplier publishes', () => {
  it("posts the publisher's share to the supplier's payable, shown on its portal and statement", async () => {
    const sc = await createOpenCampaign(t.ctx, world, { priceFen: 2000, cutoffAt: new Date(t.clock.now().getTime() + 30 * DAY) });
    await setStatus(sc.id, 'draft');
    const set = await terms(sc.id, { publisherKind: 'supplier', publisherId: world.supplierId, sellerBp: 1200, publisherBp: 1000 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    await setStatus(sc.id, 'open');
    const token = await t.login('leader', C.phone);
    const list = await t.request('GET', '/api/v1/leader/help-sell', { token });
    const item = list.body.campaigns.find((c: { campaignId: string }) => c.campaignId === sc.id);
    expect(item.publisher).toMatchObject({ kind: 'supplier', id: world.supplierId, name: '湘江果蔬' });
    expect(item).toHaveProperty('scorecard');
    expect((await t.request('PUT', `/api/v1/leader/help-sell/${sc.id}/resell`, { token })).status).toBe(200);
    const payable0 = await balance(t, world, { code: 'supplier_payable', partyId: world.supplierId });
    const o = await paidOrder(t, world, residentAt[C.id] as string, [[sc.lineIds[0] as string, 3]]);
    expect(
      (await postingsOf(t, world, 'order', o.id)).filter((p) => p.startsWith('help_sell') || p.startsWith('commission_accrual')),
    ).toEqual([
      'commission_accrual: commission_expense=+720',
      'commission_accrual: commission_pending/leader=-720',
      'help_sell_share: commission_expense=+600',
      'help_sell_share: supplier_payable/supplier=-600',
    ]);
    const r = await refund(t, world, o.id, [{ orderLineId: o.lines[0]?.id as string, quantity: 1 }]);
    expect((await postingsOf(t, world, 'refund', r.refundId)).filter((p) => p.startsWith('help_sell'))).toEqual([
      'help_sell_clawback: supplier_payable/supplier=+200',
      'help_sell_clawback: commission_expense=-200',
    ]);
    expect(await balance(t, world, { code: 'supplier_payable', partyId: world.supplierId })).toBe(payable0 + 400);
    expect((await supplierStatement(t.ctx.db, world.operatorId, world.supplierId, {})).helpSellFen).toBe(400);
    const portal = await t.request('GET', '/api/v1/supplier/help-sell', { token: await t.login('supplier', world.supplierPhone) });
    expect(portal.status, JSON.stringify(portal.body)).toBe(200);
    expect(portal.body.campaigns).toEqual([
      expect.objectContaining({
        campaignId: sc.id,
        resellers: 1,
        sellerBp: 1200,
        publisherBp: 1000,
        platformBp: 7800,
        earnings: expect.objectContaining({ asPublisherFen: 400, sellers: 1 }),
      }),
    ]);
    for (const rec of [await reconcile(t.ctx.db, world.operatorId, today()), await reconcileFull(t.ctx.db, world.operatorId, today())])
      expect(rec.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('an ordinary campaign keeps the normal rate and posts no share', async () => {
    const plain = await createOpenCampaign(t.ctx, world, { priceFen: 1000, cutoffAt: new Date(t.clock.now().getTime() + 30 * DAY) });
    const o = await paidOrder(t, world, residentAt[C.id] as string, [[plain.lineIds[0] as string, 1]]);
    expect((await postingsOf(t, world, 'order', o.id)).filter((p) => p.startsWith('commission') || p.startsWith('help_sell'))).toEqual([
      'commission_accrual: commission_expense=+100',
      'commission_accrual: commission_pending/leader=-100',
    ]);
  });
});
