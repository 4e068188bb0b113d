import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelOrder, payOrder, placeOrder, placePlayOrder, placePlayOrders } from '../src/modules/ordering/index.ts';
import { createPlayPromotion, setPlayPromotionStatus } from '../src/modules/promotions/index.ts';
import { DAY, MINUTE } from '../src/platform/clock.ts';
import { AppError } from '../src/platform/errors.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { principal } from './ledger-fixtures.ts';

// A play (team buy, flash sale, bargain) sells a campaign line at its own price through checkout's
// pricing step: the difference from the group price is its promotion's discount, held, returned,
// limited and posted to marketing like any promotion's.
let t: TestApp;
let world: World;
let campaign: { id: string; lineIds: string[] };
const line = () => campaign.lineIds[0] as string; // 1000 fen

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 4 });
  campaign = await createOpenCampaign(t.ctx, world, { stock: 100, priceFen: 1000 });
});
afterAll(() => t.close());

const who = (i: number) => principal(world, 'resident', world.residents[i]?.id as string);

function play(totalLimit: number | null, scope: { kind: 'campaign' | 'sku'; ids: string[] } = { kind: 'campaign', ids: [campaign.id] }) {
  const now = t.clock.now();
  return t.ctx.db.transaction().execute((trx) =>
    createPlayPromotion(trx, now, {
      operatorId: world.operatorId,
      name: '整点秒杀',
      scope,
      startsAt: new Date(now.getTime() - MINUTE),
      endsAt: new Date(now.getTime() + DAY),
      totalLimit,
      budgetFen: null,
      createdBy: null,
    }),
  );
}

const promotion = (id: string) => t.ctx.db.selectFrom('promotions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'no error';
}

describe("a play's order", () => {
  it('is sold at the play price, its discount counted, returned on cancel and posted to marketing when paid', async () => {
    // An automatic promotion in force does not add to a play's price.
    const automatic = await t.login('staff', world.adminPhone);
    const auto = await t.request('POST', '/api/v1/admin/promotions', {
      token: automatic,
      body: {
        name: '立减1元',
        trigger: 'automatic',
        discountKind: 'amount',
        amountOffFen: 100,
        scope: { kind: 'operator' },
        startsAt: new Date(t.clock.now().getTime() - MINUTE).toISOString(),
        endsAt: new Date(t.clock.now().getTime() + DAY).toISOString(),
      },
    });
    expect(auto.status).toBe(201);
    const id = await play(2);
    const order = await placePlayOrder(t.ctx, who(0), {
      campaignLineId: line(),
      quantity: 2,
      play: { promotionId: id, unitPriceFen: 600 },
    });
    expect(order.total_fen).toBe(1200);
    const discounts = await t.ctx.db.selectFrom('order_discounts').selectAll().where('order_id', '=', order.id).execute();
    expect(discounts.map((d) => [d.promotion_id, Number(d.amount_fen)])).toEqual([[id, 800]]);
    expect((await promotion(id)).used_count).toBe(1);

    await cancelOrder(t.ctx, who(0), order.id, undefined);
    await t.ctx.events.drain();
    expect((await promotion(id)).used_count).toBe(0);

    const paid = await placePlayOrder(t.ctx, who(1), { campaignLineId: line(), quantity: 1, play: { promotionId: id, unitPriceFen: 600 } });
    await payOrder(t.ctx, who(1), paid.id, 'instant');
    await t.ctx.events.drain();
    const postings = await t.ctx.db
      .selectFrom('journal_postings as p')
      .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
      .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
      .select(['a.code', 'p.amount_fen', 'e.kind'])
      .where('e.document_id', '=', paid.id)
      .where('e.kind', '=', 'order_sale')
      .execute();
    const sums: Record<string, number> = {};
    for (const r of postings) sums[r.code] = (sums[r.code] ?? 0) + Number(r.amount_fen);
    // Sold at the group price, 400 of it marketing's.
    expect(sums).toMatchObject({ resident_prepayments: 600, marketing_expense: 400, sales: -1000 });
    // The admin's promotions list is for offers: a play's promotion is the play's.
    const listed = await t.request('GET', '/api/v1/admin/promotions', { token: automatic });
    expect(listed.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
    expect((await t.request('PATCH', `/api/v1/admin/promotions/${id}`, { token: automatic, body: { status: 'paused' } })).status).toBe(404);
  });

  it('is refused when the play is spent, paused or does not cover the line, and a plain order is not a play', async () => {
    const id = await play(1);
    const input = { campaignLineId: line(), quantity: 1, play: { promotionId: id, unitPriceFen: 500 } };
    await placePlayOrder(t.ctx, who(2), input);
    expect(await code(placePlayOrder(t.ctx, who(3), input))).toBe('PROMOTION_UNAVAILABLE');

    const paused = await play(null);
    await t.ctx.db.transaction().execute((trx) => setPlayPromotionStatus(trx, t.clock.now(), world.operatorId, paused, 'paused'));
    expect(await code(placePlayOrder(t.ctx, who(3), { ...input, play: { promotionId: paused, unitPriceFen: 500 } }))).toBe(
      'PROMOTION_UNAVAILABLE',
    );
    const otherSku = await play(null, { kind: 'sku', ids: [world.skuIds[1] as string] });
    expect(await code(placePlayOrder(t.ctx, who(3), { ...input, play: { promotionId: otherSku, unitPriceFen: 500 } }))).toBe(
      'PROMOTION_UNAVAILABLE',
    );
    expect(await code(placePlayOrder(t.ctx, who(3), { ...input, play: { promotionId: 'prm_unknown', unitPriceFen: 500 } }))).toBe(
      'PROMOTION_UNAVAILABLE',
    );
    // Nothing was reserved by the refused orders; a plain order pays the group price less the automatic promotion.
    const plain = await placeOrder(t.ctx, who(3), { lines: [{ campaignLineId: line(), quantity: 1 }] });
    expect(plain.total_fen).toBe(900);
  });

  it('are placed many at once in one statement, and when one cannot be, each is answered on its own', async () => {
    const placedOf = (promotionId: string) =>
      t.ctx.db
        .selectFrom('order_discounts')
        .select('order_id')
        .where('promotion_id', '=', promotionId)
        .execute()
        .then((rows) => rows.map((r) => r.order_id).sort());
    const batch = (promotionId: string, keys: string[]) =>
      placePlayOrders(
        t.ctx,
        { campaignLineId: line(), quantity: 1, play: { promotionId, unitPriceFen: 700 } },
        keys.map((k, i) => ({ resident: who(i), idempotencyKey: k })),
      );
    const ids = (answers: Array<{ id: string } | Error>) => answers.map((a) => (a instanceof Error ? (a as AppError).code : a.id));

    // All placeable: one statement writes them all, each at the play's price, each counted once.
    const open = await play(10);
    const first = await batch(open, ['a', 'b', 'c']);
    expect(first.every((a) => !(a instanceof Error) && a.total_fen === 700 && a.status === 'pending_payment')).toBe(true);
    expect(await placedOf(open)).toEqual(ids(first).sort());
    expect((await promotion(open)).used_count).toBe(3);
    // The same submissions again: each answered with its own first order, nothing written twice.
    expect(ids(await batch(open, ['a', 'b', 'c']))).toEqual(ids(first));
    expect((await promotion(open)).used_count).toBe(3);

    // Room for two of three: the batch is written by none, then each on its own.
    const two = await play(2);
    const answers = await batch(two, ['d', 'e', 'f']);
    expect(ids(answers).filter((a) => a === 'PROMOTION_UNAVAILABLE')).toHaveLength(1);
    expect(await placedOf(two)).toEqual(
      ids(answers)
        .filter((a) => a.startsWith('ord'))
        .sort(),
    );
    expect((await promotion(two)).used_count).toBe(2);
  });
});
