import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';
import { balance, refund } from './ledger-fixtures.ts';
import { buildDay, type Day, DELIVERY_DATE, plan } from './logistics-fixtures.ts';

// Every money figure a leader sees, on a day with refunds (a supplier shortage, an after-sales
// refund, a unit missing at the sign-off), against the ledger: the journal's postings of the
// leader's orders and the leader's commission balances.
let t: TestApp;
let day: Day;
let leader: string;
let leaderId: string;
let signOff: { status: number; body: any };
let stopId: string;
const TODAY = '2026-11-20';

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  day = await buildDay(t); // leader 0's orders 0 and 1; one unit of order 0 already refunded (supplier short)
  leaderId = day.w.leaders[0]!.id;
  leader = await t.login('leader', day.w.leaders[0]!.phone);
  await t.ctx.events.drain();
  // After-sales: order 1's only unit of SKU 1 refunded in full.
  await refund(t, day.w, day.orders[1]!.id, [{ orderLineId: day.orders[1]!.lineIds[1]!, quantity: 1 }]);
  const { routes } = await plan(t, day);
  const route = (routes as any[]).find((r) => r.stops.some((s: any) => s.pickupPointId === day.points[0]));
  stopId = route.stops.find((s: any) => s.pickupPointId === day.points[0]).id;
  const driver = day.drivers[0]!;
  const ok = (res: { status: number; body: unknown }) => expect(res.status, JSON.stringify(res.body)).toBe(200);
  ok(await t.request('POST', `/api/v1/admin/routes/${route.id}/publish`, { token: day.staff, body: { driverId: driver.id } }));
  ok(await t.request('POST', `/api/v1/driver/routes/${route.id}/depart`, { token: driver.token }));
  for (const action of ['arrive', 'hand-over'])
    ok(await t.request('POST', `/api/v1/driver/routes/${route.id}/stops/${stopId}/${action}`, { token: driver.token }));
  // Four units of SKU 0 were sent (3 − 1 refunded + 2): the leader signs for three.
  signOff = await t.request('POST', `/api/v1/leader/deliveries/${stopId}/confirm`, {
    token: leader,
    body: { lines: [{ skuId: day.w.skuIds[0], received: 3 }], sealIntact: true },
  });
  ok(signOff);
  await t.ctx.events.drain();
});
afterAll(() => t.close());

const get = async (url: string) => {
  const res = await t.request('GET', `/api/v1/leader${url}`, { token: leader });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

/** What the journal says of some orders: their sales net of refunds, the leader's commission net of claw-backs, refunds by kind. */
async function ledgerOf(orderIds: string[]) {
  const ids = new Set(orderIds);
  const rows = await t.ctx.db
    .selectFrom('journal_postings as p')
    .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
    .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
    .select(['e.kind', 'e.document_type', 'e.document_id', 'e.meta', 'a.code', 'a.party_id', 'p.amount_fen'])
    .where('e.operator_id', '=', day.w.operatorId)
    .execute();
  const mine = rows.filter((r) =>
    r.document_type === 'order' ? ids.has(r.document_id) : r.document_type === 'refund' && ids.has(String(r.meta.orderId)),
  );
  const sum = (pick: (r: (typeof mine)[number]) => boolean) => mine.filter(pick).reduce((s, r) => s + r.amount_fen, 0);
  return {
    // sales is a credit account, resident_refunds a debit one
    salesFen: -sum((r) => r.code === 'sales') - sum((r) => r.code === 'resident_refunds'),
    refundedFen: sum((r) => r.code === 'resident_refunds'),
    handoverRefundFen: sum((r) => r.code === 'resident_refunds' && r.meta.kind === 'handover'),
    commissionFen: -sum(
      (r) =>
        r.party_id === leaderId &&
        (r.kind === 'commission_accrual' || r.kind === 'commission_clawback') &&
        (r.code === 'commission_pending' || r.code === 'commission_available'),
    ),
  };
}

const myOrders = () => [day.orders[0]!.id, day.orders[1]!.id];

describe('the leader’s figures on a day with refunds', () => {
  it('has refunds in the ledger to net out (else this test proves nothing)', async () => {
    const l = await ledgerOf(myOrders());
    expect(l.refundedFen).toBeGreaterThan(0);
    expect(l.handoverRefundFen).toBeGreaterThan(0);
  });

  it('shows today’s sales and estimated commission net of refunds, as the journal has them', async () => {
    const l = await ledgerOf(myOrders());
    const s = await get(`/summary?date=${TODAY}`);
    expect(s).toMatchObject({ date: TODAY, orders: 2, gmvFen: l.salesFen, commissionAccruedFen: l.commissionFen });
  });

  it('shows the commission balances of the ledger', async () => {
    const s = await get(`/summary?date=${TODAY}`);
    const of = (code: 'commission_pending' | 'commission_available' | 'commission_withdrawing') =>
      balance(t, day.w, { code, partyId: leaderId });
    expect([s.commissionHeldFen, s.commissionAvailableFen, s.commissionWithdrawingFen]).toEqual([
      await of('commission_pending'),
      await of('commission_available'),
      await of('commission_withdrawing'),
    ]);
  });

  it('gives the same sales and commission on the day’s statement, which adds up to the balances', async () => {
    const l = await ledgerOf(myOrders());
    const s = await get(`/summary?date=${TODAY}`);
    const st = await get(`/commission?from=${TODAY}&to=${TODAY}`);
    expect(st.salesFen).toBe(l.salesFen);
    expect(st.salesFen).toBe(s.gmvFen);
    expect(st.accruedFen - st.clawedBackFen).toBe(l.commissionFen);
    expect(st.accruedFen - st.clawedBackFen).toBe(s.commissionAccruedFen);
    expect(st.clawedBackFen).toBeGreaterThan(0);
    expect([st.pendingFen, st.availableFen, st.withdrawingFen]).toEqual([
      s.commissionHeldFen,
      s.commissionAvailableFen,
      s.commissionWithdrawingFen,
    ]);
    expect(st.pendingFen + st.availableFen + st.withdrawingFen).toBe(l.commissionFen);
  });

  it('lists the campaign’s sales at my points net of refunds, as the journal has them', async () => {
    const l = await ledgerOf(myOrders());
    const { items } = await get('/campaigns');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ orders: 2, salesFen: l.salesFen });
  });

  it('answers the sign-off with the shortage signed for, and keeps showing it once the bundle is refunded', async () => {
    const l = await ledgerOf(myOrders());
    expect(signOff.body).toMatchObject({
      expectedUnits: 4,
      receivedUnits: 3,
      shortUnits: 1,
      discrepancies: [{ skuId: day.w.skuIds[0], expected: 4, received: 3, blame: 'warehouse' }],
      refundedFen: l.handoverRefundFen,
    });
    const { items } = await get(`/deliveries?date=${DELIVERY_DATE}`);
    const d = items.find((x: any) => x.stopId === stopId);
    expect(d.status).toBe('confirmed');
    // What was sent and counted, not the bundle as it stands after the shortage refund.
    expect(d.lines).toEqual([expect.objectContaining({ skuId: day.w.skuIds[0], quantity: 4 })]);
    expect(d.handover).toMatchObject({
      handoverId: signOff.body.handoverId,
      expectedUnits: 4,
      receivedUnits: 3,
      shortUnits: 1,
      lines: [{ skuId: day.w.skuIds[0], expected: 4, received: 3 }],
    });
  });
});
