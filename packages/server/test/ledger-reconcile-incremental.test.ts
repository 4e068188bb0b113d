import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEntry } from '../src/modules/ledger/journal.ts';
import { reconcileYesterday } from '../src/modules/ledger/ledger.daily.ts';
import { closeDay, type Reconciliation, reconcile, reconcileFull } from '../src/modules/ledger/ledger.reconcile.ts';
import { DAY } from '../src/platform/clock.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { emitEvent, paidOrder, pickUp, refund } from './ledger-fixtures.ts';

// The daily reconciliation starts from the previous day's closing instead of every posting ever
// made: it must say exactly what the full recomputation says, also after a posting to a closed day.
let t: TestApp;
let world: World;
let campaign: { id: string; lineIds: string[] };
const days = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];

beforeAll(async () => {
  t = await startTestApp(); // 2026-11-20 10:00 in Shanghai
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 3 });
  campaign = await createOpenCampaign(t.ctx, world, {
    priceFen: 2_590,
    stock: null,
    cutoffAt: new Date(t.clock.now().getTime() + 30 * DAY),
  });
});
afterAll(() => t.close());

const resident = (i: number) => world.residents[i]?.id as string;
const line = (i: number) => campaign.lineIds[i] as string;

/** A day of business: orders paid, one refunded in part, goods received, one picked up. */
async function businessDay(n: number) {
  const a = await paidOrder(t, world, resident(n % 3), [
    [line(0), 2],
    [line(1), 1],
  ]);
  const b = await paidOrder(t, world, resident((n + 1) % 3), [[line(1), 3]]);
  await refund(t, world, a.id, [{ orderLineId: a.lines[0]?.id as string, quantity: 1 }], 'aftersales', n % 2 ? 'leader' : 'supplier');
  await emitEvent(t, world, 'purchase_order.received', `po_${n}`, {
    purchaseOrderId: `po_${n}`,
    supplierId: world.supplierId,
    deliveryDate: '2026-11-21',
    lines: [
      {
        purchaseOrderLineId: `pol_${n}`,
        skuId: world.skuIds[0] as string,
        orderedQuantity: 5 + n,
        receivedQuantity: 5 + n,
        rejectedQuantity: 0,
        acceptedQuantity: 5 + n,
        costPriceFen: 1_200,
        shortReason: null,
      },
    ],
  });
  await pickUp(t, world, b.id);
  return { a, b };
}

/** A reconciliation with its mismatches in a fixed order, to compare two of them. */
function normal(r: Reconciliation) {
  return {
    ...r,
    checks: r.checks.map((c) => ({
      ...c,
      mismatches: [...c.mismatches].sort((x, y) => `${x.documentType}/${x.documentId}`.localeCompare(`${y.documentType}/${y.documentId}`)),
    })),
  };
}

async function expectSame(date: string) {
  const incremental = await reconcile(t.ctx.db, world.operatorId, date);
  const full = await reconcileFull(t.ctx.db, world.operatorId, date);
  expect(normal(incremental), date).toEqual(normal(full));
  return incremental;
}

const close = (date: string) => t.ctx.db.transaction().execute((trx) => closeDay(trx, world.operatorId, date, t.clock.now()));

/** Each account's sum of postings dated up to the end of a day, straight from the journal. */
async function postedThrough(date: string): Promise<Record<string, number>> {
  const rows = await sql<{ account_id: string; total: number }>`
    select p.account_id, sum(p.amount_fen)::bigint as total
    from journal_postings p join journal_entries e on e.id = p.entry_id
    where e.operator_id = ${world.operatorId} and (e.occurred_at at time zone 'Asia/Shanghai')::date <= ${date}::date
    group by p.account_id
  `.execute(t.ctx.db);
  return Object.fromEntries(rows.rows.map((r) => [r.account_id, Number(r.total)]));
}

async function closingOf(date: string) {
  return t.ctx.db
    .selectFrom('ledger_day_closings')
    .selectAll()
    .where('operator_id', '=', world.operatorId)
    .where('business_date', '=', date)
    .executeTakeFirst();
}

describe('incremental reconciliation', () => {
  it('closes day by day and says what the full recomputation says; a closing is the sum of the postings through its day', async () => {
    for (const [i, date] of days.slice(0, 3).entries()) {
      await businessDay(i);
      t.clock.advance(DAY); // a day is closed the day after, as the daily check does
      await close(date);
      const closing = await closingOf(date);
      expect(closing?.balances).toEqual(await postedThrough(date));
      expect((await expectSame(date)).ok).toBe(true);
    }
    // An earlier day asked again, after later days were closed: the same answer too.
    await expectSame(days[0] as string);
  });

  it('a posting dated on a closed day reopens the closings from that day: the next check and closing count it', async () => {
    const before = await closingOf('2026-11-21');
    expect(before).toBeDefined();
    // goods received on 11-21, delivered to the ledger only now (11-23, after 11-21 and 11-22 were closed)
    await t.ctx.db.transaction().execute((trx) =>
      postEntry(trx, t.clock.now(), {
        operatorId: world.operatorId,
        key: 'purchase_order:po_late:received',
        kind: 'goods_received',
        document: { type: 'purchase_order', id: 'po_late' },
        occurredAt: new Date('2026-11-21T03:00:00Z'),
        batchDate: '2026-11-21',
        postings: [
          { account: { code: 'cost_of_goods' }, amountFen: 7_700, skuId: world.skuIds[1] },
          { account: { code: 'supplier_payable', partyId: world.supplierId }, amountFen: -7_700 },
        ],
      }),
    );
    // before any closing again: the stale closing is not used, the answer is still the full one
    for (const date of days) expect((await expectSame(date)).ok).toBe(true);
    await businessDay(3);
    t.clock.advance(DAY);
    await close('2026-11-23');
    // the stale closings (11-21 and after) are gone; 11-23 is closed from 11-20 and counts the late posting
    expect(await closingOf('2026-11-21')).toBeUndefined();
    expect(await closingOf('2026-11-20')).toBeDefined();
    expect((await closingOf('2026-11-23'))?.balances).toEqual(await postedThrough('2026-11-23'));
    for (const date of days) expect((await expectSame(date)).ok).toBe(true);
  });

  it('finds the same differences as the full recomputation: a kept balance and an order’s commission lines', async () => {
    const date = '2026-11-23';
    const { a } = await businessDay(4); // on 11-24: its orders' commission is checked on 11-24
    await close(date);
    const account = await t.ctx.db
      .selectFrom('ledger_accounts')
      .select('id')
      .where('operator_id', '=', world.operatorId)
      .where('code', '=', 'sales')
      .executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('ledger_accounts').set({ balance_fen: sql`balance_fen + 1` }).where('id', '=', account.id).execute();
    await t.ctx.db
      .updateTable('commission_lines')
      .set({ accrued_fen: sql`accrued_fen + 3` })
      .where('order_line_id', '=', a.lines[1]?.id as string)
      .execute();
    const r = await expectSame('2026-11-24');
    expect(r.ok).toBe(false);
    expect(r.checks.find((c) => c.name === 'account_balances')?.mismatches.map((m) => m.documentId)).toEqual([account.id]);
    expect(r.checks.find((c) => c.name === 'commission')?.mismatches).toEqual([
      { documentType: 'order', documentId: a.id, expectedFen: expect.any(Number), ledgerFen: expect.any(Number) },
    ]);
    // put them back
    await t.ctx.db.updateTable('ledger_accounts').set({ balance_fen: sql`balance_fen - 1` }).where('id', '=', account.id).execute();
    await t.ctx.db
      .updateTable('commission_lines')
      .set({ accrued_fen: sql`accrued_fen - 3` })
      .where('order_line_id', '=', a.lines[1]?.id as string)
      .execute();
    expect((await expectSame('2026-11-24')).ok).toBe(true);
  });

  it('the daily check closes yesterday before checking it', async () => {
    t.clock.advance(DAY); // 11-25: yesterday is 11-24
    await t.ctx.events.drain();
    expect(await reconcileYesterday(t.ctx)).toBeGreaterThanOrEqual(1);
    const closing = await closingOf('2026-11-24');
    expect(closing?.balances).toEqual(await postedThrough('2026-11-24'));
  });
});
