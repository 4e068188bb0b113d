import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlayPromotion } from '../src/modules/promotions/index.ts';
import { DAY, MINUTE } from '../src/platform/clock.ts';
import { newId, randomDigits } from '../src/platform/ids.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// linli_place_orders (ordering/place-orders.sql) writes a batch of checkout documents set-based, all
// or nothing: what linli_place_order writes for each, failing with the SQLSTATE it would raise.
let t: TestApp;
let world: World;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 4 });
});
afterAll(() => t.close());

type Line = { id: string; campaign_id: string; sku_id: string; per_resident_limit: number | null };

async function openLine(opts: { stock?: number | null; limit?: number | null } = {}): Promise<Line> {
  const campaign = await createOpenCampaign(t.ctx, world, { stock: opts.stock, limit: opts.limit, priceFen: 1000 });
  return t.ctx.db
    .selectFrom('campaign_lines')
    .select(['id', 'campaign_id', 'sku_id', 'per_resident_limit'])
    .where('id', '=', campaign.lineIds[0] as string)
    .executeTakeFirstOrThrow();
}

/** One checkout document, as checkout.reserve.ts makes it. */
function doc(line: Line, resident: number, o: { quantity?: number; key?: string | null; codes?: string[] } = {}) {
  const now = t.clock.now();
  const orderId = newId('ord');
  const quantity = o.quantity ?? 1;
  const point = world.leaders[0]?.pickupPointId as string;
  return {
    order_id: orderId,
    operator_id: world.operatorId,
    resident_id: world.residents[resident]?.id as string,
    pickup_point_id: point,
    leader_id: world.leaders[0]?.id as string,
    pickup_date: '2026-11-21',
    total_fen: 1000 * quantity,
    expires_at: new Date(now.getTime() + 15 * MINUTE),
    now,
    payment_id: newId('pay'),
    provider: 'dev',
    idempotency_key: o.key === undefined ? newId('key') : o.key,
    request_hash: 'same',
    pickup_codes: o.codes ?? Array.from({ length: 8 }, () => randomDigits(6)),
    event: {
      orderId,
      residentId: world.residents[resident]?.id,
      pickupPointId: point,
      pickupDate: '2026-11-21',
      totalFen: 1000 * quantity,
    },
    promotions: null as Record<string, unknown> | null,
    lines: [
      {
        id: newId('orl'),
        campaign_id: line.campaign_id,
        campaign_line_id: line.id,
        sku_id: line.sku_id,
        title: '冰糖橙',
        unit_price_fen: 1000,
        quantity,
        amount_fen: 1000 * quantity,
        per_resident_limit: line.per_resident_limit,
      },
    ],
  };
}

type Doc = ReturnType<typeof doc>;

const placeOrders = (docs: Doc[]) =>
  sql<{ placed_n: string; placed_order_no: string; placed_pickup_code: string }>`
    select * from linli_place_orders(${JSON.stringify(docs)}::jsonb)`.execute(t.ctx.db);

/** The SQLSTATE and DETAIL the batch failed with. */
async function failure(docs: Doc[]): Promise<{ code: string; detail: string | undefined }> {
  try {
    await placeOrders(docs);
  } catch (err) {
    const e = err as { code?: string; detail?: string };
    return { code: String(e.code), detail: e.detail || undefined };
  }
  throw new Error('the batch was written');
}

const ordersOf = (docs: Doc[]) =>
  t.ctx.db
    .selectFrom('orders')
    .select(['id', 'status', 'pickup_code', 'total_fen'])
    .where(
      'id',
      'in',
      docs.map((d) => d.order_id),
    )
    .execute();
const reserved = async (line: Line) =>
  (await t.ctx.db.selectFrom('campaign_lines').select('reserved').where('id', '=', line.id).executeTakeFirstOrThrow()).reserved;
const purchases = async (line: Line, resident: number) =>
  (
    await t.ctx.db
      .selectFrom('resident_purchases')
      .select('quantity')
      .where('campaign_line_id', '=', line.id)
      .where('resident_id', '=', world.residents[resident]?.id as string)
      .executeTakeFirst()
  )?.quantity ?? 0;

describe('a batch of orders written in one statement', () => {
  it('writes each order with its lines, pending payment, event, purchases and stock, answering in order', async () => {
    const line = await openLine({ stock: 10, limit: 3 });
    const docs = [doc(line, 0), doc(line, 1, { quantity: 2 }), doc(line, 0, { quantity: 2 })];
    const { rows } = await placeOrders(docs);
    expect(rows.map((r) => Number(r.placed_n))).toEqual([1, 2, 3]);
    expect(rows.map((r) => r.placed_pickup_code)).toEqual(docs.map((d) => d.pickup_codes[0]));
    expect(new Set(rows.map((r) => r.placed_order_no)).size).toBe(3);
    const orders = await ordersOf(docs);
    expect(orders).toHaveLength(3);
    expect(orders.every((o) => o.status === 'pending_payment')).toBe(true);
    const lines = await t.ctx.db
      .selectFrom('order_lines')
      .select(['order_id', 'quantity', 'amount_fen'])
      .where(
        'order_id',
        'in',
        docs.map((d) => d.order_id),
      )
      .execute();
    expect(lines.map((l) => [l.order_id, l.quantity, Number(l.amount_fen)]).sort()).toEqual(
      docs.map((d) => [d.order_id, d.lines[0]?.quantity, d.lines[0]?.amount_fen]).sort(),
    );
    const payments = await t.ctx.db
      .selectFrom('payments')
      .select(['id', 'order_id', 'status', 'amount_fen'])
      .where(
        'order_id',
        'in',
        docs.map((d) => d.order_id),
      )
      .execute();
    expect(payments.map((p) => [p.id, p.order_id, p.status, Number(p.amount_fen)]).sort()).toEqual(
      docs.map((d) => [d.payment_id, d.order_id, 'pending', d.total_fen]).sort(),
    );
    const events = await t.ctx.db
      .selectFrom('outbox')
      .select(['aggregate_id', 'payload'])
      .where('event_type', '=', 'order.placed')
      .where(
        'aggregate_id',
        'in',
        docs.map((d) => d.order_id),
      )
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.aggregate_id)).toEqual(docs.map((d) => d.order_id));
    expect(events[1]?.payload).toEqual(docs[1]?.event);
    // Resident 0 bought 1 + 2 (limit 3), resident 1 bought 2; the line's stock holds 5.
    expect([await purchases(line, 0), await purchases(line, 1)]).toEqual([3, 2]);
    expect(await reserved(line)).toBe(5);
  });

  it('gives an order whose first pickup code is taken its next one, and fails when all are', async () => {
    const line = await openLine({ stock: null });
    const first = doc(line, 0);
    const taken = first.pickup_codes[0] as string;
    const second = doc(line, 1, { codes: [taken, '000000', ...first.pickup_codes.slice(1, 7)] });
    const { rows } = await placeOrders([first, second]);
    expect(rows.map((r) => r.placed_pickup_code)).toEqual([taken, '000000']);

    const again = doc(line, 2, { codes: Array.from({ length: 8 }, () => taken) });
    expect(await failure([doc(line, 3), again])).toEqual({ code: 'LN002', detail: undefined });
    expect(await reserved(line)).toBe(2);
  });

  it('fails whole, with the line named, when the residents together pass a per-resident limit', async () => {
    const line = await openLine({ stock: 10, limit: 1 });
    const docs = [doc(line, 0), doc(line, 1), doc(line, 0)];
    expect(await failure(docs)).toEqual({ code: 'LN003', detail: line.id });
    expect(await ordersOf(docs)).toHaveLength(0);
    expect([await purchases(line, 0), await purchases(line, 1), await reserved(line)]).toEqual([0, 0, 0]);
    // A resident at the limit already fails it too.
    await placeOrders([doc(line, 2)]);
    expect(await failure([doc(line, 3), doc(line, 2)])).toEqual({ code: 'LN003', detail: line.id });
    expect([await purchases(line, 2), await purchases(line, 3)]).toEqual([1, 0]);
  });

  it('fails whole when the line has less stock than the batch takes, or its campaign closed', async () => {
    const line = await openLine({ stock: 2 });
    const docs = [doc(line, 0), doc(line, 1), doc(line, 2)];
    expect(await failure(docs)).toEqual({ code: 'LN004', detail: line.id });
    expect(await ordersOf(docs)).toHaveLength(0);
    expect(await reserved(line)).toBe(0);
    await placeOrders(docs.slice(0, 2).map((d) => ({ ...d, order_id: newId('ord'), payment_id: newId('pay'), idempotency_key: null })));
    expect(await reserved(line)).toBe(2);

    const closed = await openLine({ stock: null });
    await t.ctx.db.updateTable('campaigns').set({ status: 'closed' }).where('id', '=', closed.campaign_id).execute();
    expect(await failure([doc(closed, 0)])).toEqual({ code: 'LN004', detail: closed.id });
  });

  it('fails whole when an idempotency key was claimed, earlier or in the same batch', async () => {
    const line = await openLine({ stock: null });
    const claimed = doc(line, 0, { key: 'k-1' });
    await placeOrders([claimed]);
    const retry = { ...doc(line, 0, { key: 'k-1' }) };
    expect(await failure([doc(line, 1), retry])).toEqual({ code: 'LN001', detail: undefined });
    const twice = [doc(line, 2, { key: 'k-2' }), doc(line, 2, { key: 'k-2' })];
    expect(await failure(twice)).toEqual({ code: 'LN001', detail: undefined });
    expect(await ordersOf([retry, ...twice])).toHaveLength(0);
    expect(await reserved(line)).toBe(1);
  });

  it('holds coupons and counts each promotion once for the batch, failing whole past a limit', async () => {
    const line = await openLine({ stock: null });
    const now = t.clock.now();
    const promotionId = await t.ctx.db.transaction().execute((trx) =>
      createPlayPromotion(trx, now, {
        operatorId: world.operatorId,
        name: '整点秒杀',
        scope: { kind: 'campaign', ids: [line.campaign_id] },
        startsAt: new Date(now.getTime() - MINUTE),
        endsAt: new Date(now.getTime() + DAY),
        totalLimit: 3,
        budgetFen: null,
        createdBy: null,
      }),
    );
    const coupon = newId('cpn');
    await t.ctx.db
      .insertInto('coupons')
      .values({
        id: coupon,
        operator_id: world.operatorId,
        promotion_id: promotionId,
        resident_id: world.residents[0]?.id as string,
        source: 'staff',
        valid_from: new Date(now.getTime() - MINUTE),
        valid_until: new Date(now.getTime() + DAY),
        issued_at: now,
      })
      .execute();
    const priced = (d: Doc, o: { coupon?: string } = {}) => ({
      ...d,
      promotions: {
        coupon_id: o.coupon ?? null,
        uses: [
          {
            promotion_id: promotionId,
            coupon_id: null,
            amount_fen: 300,
            counted: true,
            per_resident_limit: 1,
            lines: [{ order_line_id: d.lines[0]?.id, amount_fen: 300 }],
          },
        ],
      },
    });
    const counts = async () => {
      const p = await t.ctx.db
        .selectFrom('promotions')
        .select(['used_count', 'spent_fen'])
        .where('id', '=', promotionId)
        .executeTakeFirstOrThrow();
      return [p.used_count, Number(p.spent_fen)];
    };

    // The same coupon in two orders, a resident twice past the promotion's limit: nothing is written.
    expect(await failure([priced(doc(line, 0), { coupon }), priced(doc(line, 1), { coupon })])).toEqual({ code: 'LN005', detail: coupon });
    expect(await failure([priced(doc(line, 1)), priced(doc(line, 1))])).toEqual({ code: 'LN007', detail: promotionId });
    expect(await counts()).toEqual([0, 0]);

    const docs = [priced(doc(line, 0), { coupon }), priced(doc(line, 1))];
    await placeOrders(docs);
    expect(await counts()).toEqual([2, 600]);
    const held = await t.ctx.db.selectFrom('coupons').select(['status', 'order_id']).where('id', '=', coupon).executeTakeFirstOrThrow();
    expect(held).toEqual({ status: 'held', order_id: docs[0]?.order_id });
    const discounts = await t.ctx.db
      .selectFrom('order_discounts')
      .select(['order_id', 'amount_fen', 'lines'])
      .where('promotion_id', '=', promotionId)
      .orderBy('order_id')
      .execute();
    expect(discounts.map((d) => [d.order_id, Number(d.amount_fen), d.lines])).toEqual(
      docs
        .map((d) => [d.order_id, 300, [{ order_line_id: d.lines[0]?.id, amount_fen: 300 }]])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    // One unit left of three: two more orders together would pass it; one alone does not.
    expect(await failure([priced(doc(line, 2)), priced(doc(line, 3))])).toEqual({ code: 'LN006', detail: promotionId });
    await placeOrders([priced(doc(line, 2))]);
    expect(await counts()).toEqual([3, 900]);
  });
});
