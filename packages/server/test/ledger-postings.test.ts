import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEntry, reverseEntry } from '../src/modules/ledger/journal.ts';
import { returnPromotionCost } from '../src/modules/ledger/ledger.promotions.ts';
import { reconcile } from '../src/modules/ledger/ledger.reconcile.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { applyPaymentNotification, payOrder } from '../src/modules/ordering/order-payment.ts';
import { DAY, HOUR, MINUTE } from '../src/platform/clock.ts';
import { newId } from '../src/platform/ids.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { balance, emitAgain, emitEvent, paidOrder, pickUp, postingsOf, principal, refund } from './ledger-fixtures.ts';

let t: TestApp;
let world: World;
let campaign: { id: string; lineIds: string[] };
let leaderId: string;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 1 });
  // line 0 sells at 10.00, line 1 at 11.00
  campaign = await createOpenCampaign(t.ctx, world, { priceFen: 1000, cutoffAt: new Date(t.clock.now().getTime() + 30 * DAY) });
  leaderId = world.leaders[0]?.id as string;
});
afterAll(() => t.close());

const resident = () => world.residents[0]?.id as string;
const line = (i: number) => campaign.lineIds[i] as string;
const pending = () => balance(t, world, { code: 'commission_pending', partyId: leaderId });
const available = () => balance(t, world, { code: 'commission_available', partyId: leaderId });
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(t.clock.now());

async function paymentOf(orderId: string) {
  return (await t.ctx.db.selectFrom('payments').select('id').where('order_id', '=', orderId).executeTakeFirstOrThrow()).id;
}

describe('postings, event by event (debit +, credit −)', () => {
  it('payment.captured and order.paid: money in, a sale per line, 10 % commission pending', async () => {
    const order = await paidOrder(t, world, resident(), [
      [line(0), 2],
      [line(1), 1],
    ]);
    expect(await postingsOf(t, world, 'payment', await paymentOf(order.id))).toEqual([
      'payment_captured: payment_clearing=+3100',
      'payment_captured: resident_prepayments=-3100',
    ]);
    expect(await postingsOf(t, world, 'order', order.id)).toEqual([
      'order_sale: resident_prepayments=+3100',
      'order_sale: sales=-2000',
      'order_sale: sales=-1100',
      'commission_accrual: commission_expense=+200',
      'commission_accrual: commission_expense=+110',
      'commission_accrual: commission_pending/leader=-310',
    ]);
  });

  const refundCases = [
    {
      blame: 'supplier' as const,
      kind: 'shortage' as const,
      // Missing goods were never paid for (goods_received books accepted units only): nothing to charge back.
      charged: [],
    },
    {
      blame: 'supplier' as const,
      kind: 'aftersales' as const,
      charged: ['blame_charge: supplier_payable/supplier=+1000', 'blame_charge: aftersales_recoveries=-1000'],
    },
    {
      blame: 'driver' as const,
      kind: 'handover' as const,
      charged: ['blame_charge: logistics_cost=+1000', 'blame_charge: aftersales_recoveries=-1000'],
    },
    {
      blame: 'driver' as const,
      kind: 'handover' as const,
      carrierId: 'car_outsourced',
      charged: ['blame_charge: carrier_payable/carrier=+1000', 'blame_charge: aftersales_recoveries=-1000'],
    },
    { blame: 'warehouse' as const, kind: 'handover' as const, charged: [] },
    { blame: 'operator' as const, kind: 'aftersales' as const, charged: [] },
    { blame: 'none' as const, kind: 'campaign_failed' as const, charged: [] },
  ];
  for (const c of refundCases) {
    it(`order.refunded (${c.kind}, blame ${c.blame}${'carrierId' in c ? ' of a carrier' : ''}) before pickup: refund, claw-back from pending, cost to the party to blame`, async () => {
      const order = await paidOrder(t, world, resident(), [[line(0), 2]]);
      const before = await pending();
      const carrierId = 'carrierId' in c ? c.carrierId : null;
      const r = await refund(
        t,
        world,
        order.id,
        [{ orderLineId: order.lines[0]?.id as string, quantity: 1 }],
        c.kind,
        c.blame,
        undefined,
        carrierId,
      );
      expect(await postingsOf(t, world, 'refund', r.refundId)).toEqual([
        'refund: resident_refunds=+1000',
        'refund: payment_clearing=-1000',
        'commission_clawback: commission_pending/leader=+100',
        'commission_clawback: commission_expense=-100',
        ...c.charged,
      ]);
      expect(await pending()).toBe(before - 100);
    });
  }

  it('order.picked_up holds the commission for the after-sales window, then releases it; a later refund claws back from available, which may go negative', async () => {
    const order = await paidOrder(t, world, resident(), [[line(1), 1]]);
    const [p0, a0] = [await pending(), await available()];
    await pickUp(t, world, order.id);
    t.clock.advance(47 * HOUR);
    await t.ctx.jobs.tick();
    expect(await available()).toBe(a0);
    t.clock.advance(HOUR + MINUTE);
    await t.ctx.jobs.tick();
    expect(await postingsOf(t, world, 'order', order.id)).toContain('commission_release: commission_available/leader=-110');
    expect([await pending(), await available()]).toEqual([p0 - 110, a0 + 110]);

    const r = await refund(t, world, order.id, [{ orderLineId: order.lines[0]?.id as string, quantity: 1 }], 'aftersales', 'leader');
    expect(await postingsOf(t, world, 'refund', r.refundId)).toEqual([
      'refund: resident_refunds=+1100',
      'refund: payment_clearing=-1100',
      'commission_clawback: commission_available/leader=+110',
      'commission_clawback: commission_expense=-110',
      'blame_charge: commission_available/leader=+1100',
      'blame_charge: aftersales_recoveries=-1100',
    ]);
    expect(await available()).toBe(a0 - 1100);
    // Future commission offsets the negative balance when it is released.
    const next = await paidOrder(t, world, resident(), [[line(0), 3]]);
    await pickUp(t, world, next.id);
    t.clock.advance(49 * HOUR);
    await t.ctx.jobs.tick();
    expect(await available()).toBe(a0 - 1100 + 300);
  });

  it('partial refunds claw back proportionally and add up to the whole commission when the line is refunded in full', async () => {
    const order = await paidOrder(t, world, resident(), [[line(1), 3]]); // 33.00, commission 3.30
    const lineId = order.lines[0]?.id as string;
    const before = await pending();
    await refund(t, world, order.id, [{ orderLineId: lineId, quantity: 0, amountFen: 1 }]); // a 1-fen discount claws back 0
    await refund(t, world, order.id, [{ orderLineId: lineId, quantity: 1 }]);
    expect(await pending()).toBe(before - 110);
    await refund(t, world, order.id, [{ orderLineId: lineId, quantity: 2, amountFen: 3300 - 1 - 1100 }]);
    expect(await pending()).toBe(before - 330);
    const cl = await t.ctx.db.selectFrom('commission_lines').selectAll().where('order_line_id', '=', lineId).executeTakeFirstOrThrow();
    expect([cl.accrued_fen, cl.clawed_back_fen, cl.refunded_fen]).toEqual([330, 330, 3300]);
  });

  it('a payment that arrives after the order expired is refunded at once: clearing and prepayments net to zero', async () => {
    const who = principal(world, 'resident', resident());
    const order = await placeOrder(t.ctx, who, { lines: [{ campaignLineId: line(0), quantity: 1 }] });
    const intent = await payOrder(t.ctx, who, order.id, 'notify');
    t.clock.advance(16 * MINUTE);
    await t.ctx.jobs.tick();
    const notice = t.payments.verifySigned(intent.clientPayload.devNotification as Record<string, unknown>);
    await applyPaymentNotification(t.ctx, notice);
    await t.ctx.events.drain();
    const refundRow = await t.ctx.db.selectFrom('refunds').select('id').where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(await postingsOf(t, world, 'refund', refundRow.id)).toEqual([
      'late_payment_refund: resident_prepayments=+1000',
      'late_payment_refund: payment_clearing=-1000',
    ]);
    expect(await postingsOf(t, world, 'order', order.id)).toEqual([]);
  });

  it('purchase_order.received: the supplier is owed accepted quantity × cost price; that is the cost of goods', async () => {
    const poId = newId('po');
    const payload = {
      purchaseOrderId: poId,
      supplierId: world.supplierId,
      deliveryDate: '2026-11-21',
      lines: [
        {
          purchaseOrderLineId: 'pol_1',
          skuId: world.skuIds[0] as string,
          orderedQuantity: 12,
          receivedQuantity: 11,
          rejectedQuantity: 1,
          acceptedQuantity: 10,
          costPriceFen: 600,
          shortReason: 'rejected_quality' as const,
        },
        {
          purchaseOrderLineId: 'pol_2',
          skuId: world.skuIds[1] as string,
          orderedQuantity: 5,
          receivedQuantity: 5,
          rejectedQuantity: 0,
          acceptedQuantity: 5,
          costPriceFen: 700,
          shortReason: null,
        },
      ],
    };
    const before = await balance(t, world, { code: 'supplier_payable', partyId: world.supplierId });
    await emitEvent(t, world, 'purchase_order.received', poId, payload);
    await emitEvent(t, world, 'purchase_order.received', poId, payload); // delivered twice: posted once
    expect(await postingsOf(t, world, 'purchase_order', poId)).toEqual([
      'goods_received: cost_of_goods=+6000',
      'goods_received: cost_of_goods=+3500',
      'goods_received: supplier_payable/supplier=-9500',
    ]);
    expect(await balance(t, world, { code: 'supplier_payable', partyId: world.supplierId })).toBe(before + 9500);
  });

  it('route.completed: a carrier is owed its rate card; an own-fleet route is a logistics cost to pay', async () => {
    const base = {
      deliveryDate: '2026-11-21',
      driverId: 'drv_1',
      vehicleTypeId: 'vt_1',
      stopsDelivered: 12,
      distanceMeters: 48_000,
      rateCard: { perStopFen: 800, perTripFen: 2400 },
    };
    await emitEvent(t, world, 'route.completed', 'rt_carrier', { ...base, routeId: 'rt_carrier', carrierId: 'car_1', costFen: 12_000 });
    await emitEvent(t, world, 'route.completed', 'rt_own', { ...base, routeId: 'rt_own', carrierId: null, costFen: 5_000 });
    expect(await postingsOf(t, world, 'route', 'rt_carrier')).toEqual([
      'route_cost: logistics_cost=+12000',
      'route_cost: carrier_payable/carrier=-12000',
    ]);
    expect(await postingsOf(t, world, 'route', 'rt_own')).toEqual([
      'route_cost: logistics_cost=+5000',
      'route_cost: own_fleet_payable=-5000',
    ]);
  });
});

describe('exactly once, balanced, immutable', () => {
  it('a redelivered order.paid or order.refunded event posts nothing more', async () => {
    const order = await paidOrder(t, world, resident(), [[line(0), 1]]);
    const r = await refund(t, world, order.id, [{ orderLineId: order.lines[0]?.id as string, quantity: 1 }], 'aftersales', 'supplier');
    const entries = async () =>
      Number((await sql<{ n: number }>`select count(*)::int as n from journal_entries`.execute(t.ctx.db)).rows[0]?.n);
    const before = [await entries(), await pending(), await balance(t, world, { code: 'supplier_payable', partyId: world.supplierId })];
    const copies = await t.ctx.db
      .selectFrom('outbox')
      .select(['event_type', 'aggregate_id', 'payload'])
      .where('aggregate_id', 'in', [order.id, r.refundId])
      .where('event_type', 'in', ['order.paid', 'order.refunded', 'payment.captured', 'order.picked_up'])
      .execute();
    expect(copies.length).toBe(2);
    for (const c of copies) await emitAgain(t, world, c);
    expect([await entries(), await pending(), await balance(t, world, { code: 'supplier_payable', partyId: world.supplierId })]).toEqual(
      before,
    );
  });

  it("promotion.returned for an order paid before the promotions' cost was part of its sale reverses its own promotion_cost entry, once", async () => {
    const orderId = newId('ord');
    const marketing = async () => {
      const rows = await t.ctx.db
        .selectFrom('journal_postings as p')
        .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
        .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
        .select(['a.code', 'p.amount_fen', 'e.kind'])
        .where('e.document_id', '=', orderId)
        .execute();
      return rows.filter((r) => r.code === 'marketing_expense').reduce((sum, r) => sum + Number(r.amount_fen), 0);
    };
    // As order.paid posted it before: the cost in an entry of its own, keyed by the order.
    await t.ctx.db.transaction().execute((trx) =>
      postEntry(trx, t.clock.now(), {
        operatorId: world.operatorId,
        key: `order:${orderId}:promotions`,
        kind: 'promotion_cost',
        document: { type: 'order', id: orderId },
        meta: { promotions: [{ promotionId: 'prm_earlier', supplierId: null, amountFen: 300 }] },
        occurredAt: t.clock.now(),
        postings: [
          { account: { code: 'marketing_expense' }, amountFen: 300 },
          { account: { code: 'sales' }, amountFen: -300 },
        ],
      }),
    );
    expect(await marketing()).toBe(300);
    for (let i = 0; i < 2; i++) {
      await t.ctx.db.transaction().execute((trx) => returnPromotionCost(trx, t.clock.now(), world.operatorId, orderId));
    }
    expect(await marketing()).toBe(0);
    const kinds = await t.ctx.db.selectFrom('journal_entries').select('reverses_entry_id').where('document_id', '=', orderId).execute();
    expect(kinds.filter((k) => k.reverses_entry_id !== null)).toHaveLength(1);
  });

  it('refuses an entry whose debits differ from its credits, in code and in the database', async () => {
    await expect(
      t.ctx.db.transaction().execute((trx) =>
        postEntry(trx, t.clock.now(), {
          operatorId: world.operatorId,
          key: 'bad-1',
          kind: 'route_cost',
          document: { type: 'route', id: 'x' },
          occurredAt: t.clock.now(),
          postings: [
            { account: { code: 'logistics_cost' }, amountFen: 100 },
            { account: { code: 'own_fleet_payable' }, amountFen: -99 },
          ],
        }),
      ),
    ).rejects.toThrow(/does not balance/);
    const account = await t.ctx.db
      .selectFrom('ledger_accounts')
      .select('id')
      .where('operator_id', '=', world.operatorId)
      .executeTakeFirstOrThrow();
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('journal_entries')
          .values({
            id: 'jre_bad',
            operator_id: world.operatorId,
            idempotency_key: 'bad-2',
            kind: 'route_cost',
            document_type: 'route',
            document_id: 'x',
            meta: '{}',
            occurred_at: t.clock.now(),
            recorded_at: t.clock.now(),
            reverses_entry_id: null,
          })
          .execute();
        await trx
          .insertInto('journal_postings')
          .values({ entry_id: 'jre_bad', operator_id: world.operatorId, account_id: account.id, amount_fen: 5, sku_id: null })
          .execute();
      }),
    ).rejects.toThrow(/does not balance/);
    expect(await t.ctx.db.selectFrom('journal_entries').select('id').where('id', '=', 'jre_bad').executeTakeFirst()).toBeUndefined();
    // A posting added later to a balanced entry.
    const posted = await t.ctx.db.selectFrom('journal_postings').select('entry_id').executeTakeFirstOrThrow();
    await expect(
      t.ctx.db
        .insertInto('journal_postings')
        .values({ entry_id: posted.entry_id, operator_id: world.operatorId, account_id: account.id, amount_fen: 5, sku_id: null })
        .execute(),
    ).rejects.toThrow(/does not balance/);
  });

  it('refuses to change or delete the journal; a correction is a reversing entry, made once', async () => {
    await expect(sql`update journal_postings set amount_fen = amount_fen + 1`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from journal_entries`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    const entry = await t.ctx.db
      .selectFrom('journal_entries')
      .select('id')
      .where('document_id', '=', 'rt_carrier')
      .executeTakeFirstOrThrow();
    const before = await balance(t, world, { code: 'carrier_payable', partyId: 'car_1' });
    const reversal = await t.ctx.db
      .transaction()
      .execute((trx) => reverseEntry(trx, t.clock.now(), world.operatorId, entry.id, 'wrong rate card'));
    expect(await balance(t, world, { code: 'carrier_payable', partyId: 'car_1' })).toBe(before - 12_000);
    await expect(
      t.ctx.db.transaction().execute((trx) => reverseEntry(trx, t.clock.now(), world.operatorId, entry.id, 'again')),
    ).rejects.toThrow(/already been reversed/);
    await expect(
      t.ctx.db.transaction().execute((trx) => reverseEntry(trx, t.clock.now(), world.operatorId, reversal, 'undo')),
    ).rejects.toThrow(/cannot itself be reversed/);
  });
});

describe('reconciliation', () => {
  it('proves every balance, the clearing of each day and the commission; names the documents of a mismatch', async () => {
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22', today()]) {
      const rec = await reconcile(t.ctx.db, world.operatorId, day);
      expect(rec.ok, JSON.stringify(rec)).toBe(true);
    }
    // A refund the ledger never heard of (written around the payment module) shows up with its id.
    const order = await paidOrder(t, world, resident(), [[line(0), 1]]);
    const paymentId = await paymentOf(order.id);
    await t.ctx.db
      .insertInto('refunds')
      .values({
        id: 'rfd_ghost',
        operator_id: world.operatorId,
        order_id: order.id,
        payment_id: paymentId,
        amount_fen: 1000,
        reason: 'ghost',
        status: 'pending',
        provider_ref: null,
        created_at: t.clock.now(),
        succeeded_at: null,
        blame: null,
        source_id: null,
      })
      .execute();
    const rec = await reconcile(t.ctx.db, world.operatorId, today());
    expect(rec.ok).toBe(false);
    expect(rec.checks.find((c) => c.name === 'clearing')?.mismatches).toEqual([
      { documentType: 'refund', documentId: 'rfd_ghost', expectedFen: -1000, ledgerFen: 0 },
    ]);
    // The next day's check tells finance (here the admin) once, naming the document.
    const day = today();
    t.clock.advance(DAY);
    await t.ctx.jobs.tick();
    await t.ctx.jobs.tick();
    const told = await t.ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('recipient_kind', '=', 'staff')
      .where('title', 'like', `%${day}%`)
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain('clearing: refund rfd_ghost');
    await t.ctx.db.deleteFrom('refunds').where('id', '=', 'rfd_ghost').execute();
  });
});
