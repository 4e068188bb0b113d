import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../src/modules/ledger/ledger.reconcile.ts';
import { ledgerDayReport } from '../src/modules/settlement/day-report.ts';
import { type DevPayoutProvider, payoutProviderOf, usePayoutProvider } from '../src/modules/settlement/payout.provider.ts';
import { requestWithdrawal } from '../src/modules/settlement/withdrawal.service.ts';
import { DAY, HOUR, MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { balance, emitEvent, paidOrder, principal, refund } from './ledger-fixtures.ts';

let t: TestApp;
let world: World;
let other: World;
let campaign: { id: string; lineIds: string[] };
let leader: string;
let otherLeader: string;
let finance: string;
let support: string;
let supplier: string;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 1 });
  other = await createWorld(t.ctx, { slug: 'other-op', skus: 1, leaders: 1, residents: 0 });
  campaign = await createOpenCampaign(t.ctx, world, { priceFen: 10_000, cutoffAt: new Date(t.clock.now().getTime() + 30 * DAY) });
  leader = await t.login('leader', world.leaders[0]?.phone as string);
  otherLeader = await t.login('leader', world.leaders[1]?.phone as string);
  finance = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['finance'])).phone);
  support = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
  supplier = await t.login('supplier', world.supplierPhone);
  const rateCard = JSON.stringify({ perTripFen: 0, perStopFen: 1000, zones: [] });
  await t.ctx.db
    .insertInto('carriers')
    .values([
      {
        id: 'car_1',
        operator_id: world.operatorId,
        name: '顺路物流',
        phone: '13900000001',
        rate_card: rateCard,
        created_at: t.clock.now(),
      },
      {
        id: 'car_other',
        operator_id: other.operatorId,
        name: '别家物流',
        phone: '13900000002',
        rate_card: rateCard,
        created_at: t.clock.now(),
      },
    ])
    .execute();
});
afterAll(() => t.close());

const leaderId = () => world.leaders[0]?.id as string;
const resident = () => world.residents[0]?.id as string;
const line = (i: number) => campaign.lineIds[i] as string;
const available = () => balance(t, world, { code: 'commission_available', partyId: leaderId() });

/** Pays an order, picks it up and lets the after-sales window pass: its commission becomes available. */
async function earn(units: number) {
  const order = await paidOrder(t, world, resident(), [[line(0), units]]);
  await emitEvent(t, world, 'order.picked_up', order.id, { orderId: order.id, at: t.clock.now().toISOString() });
  t.clock.advance(48 * HOUR + 1000);
  await t.ctx.jobs.tick();
  return order;
}

async function download(url: string, token: string) {
  const res = await t.app.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return book;
}

describe('the leader’s money, through the API', () => {
  it('order paid → pending → picked up → window passes → available → withdraw → finance approves → paid', async () => {
    const order = await paidOrder(t, world, resident(), [[line(0), 2]]); // 200.00, commission 20.00
    let statement = (await t.request('GET', '/api/v1/leader/commission', { token: leader })).body;
    expect(statement).toMatchObject({ orders: 1, salesFen: 20_000, accruedFen: 2000, pendingFen: 2000, availableFen: 0, paidFen: 0 });

    await emitEvent(t, world, 'order.picked_up', order.id, { orderId: order.id, at: t.clock.now().toISOString() });
    t.clock.advance(47 * HOUR);
    await t.ctx.jobs.tick();
    expect((await t.request('GET', '/api/v1/leader/commission', { token: leader })).body.availableFen).toBe(0);
    t.clock.advance(HOUR + 1000);
    await t.ctx.jobs.tick();
    statement = (await t.request('GET', '/api/v1/leader/commission', { token: leader })).body;
    expect(statement).toMatchObject({ pendingFen: 0, availableFen: 2000, releasedFen: 2000 });

    await t.request('PATCH', '/api/v1/admin/finance/policy', { token: finance, body: { withdrawalFeeBp: 60 } });
    const asked = await t.request('POST', '/api/v1/leader/withdrawals', { token: leader, body: { amountFen: 1500 } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body).toMatchObject({ amountFen: 1500, feeFen: 9, netFen: 1491, status: 'requested' });
    expect((await t.request('GET', '/api/v1/leader/commission', { token: leader })).body).toMatchObject({
      availableFen: 500,
      withdrawingFen: 1500,
    });

    const queue = await t.request('GET', '/api/v1/admin/finance/withdrawals?status=requested', { token: finance });
    expect(queue.body.items.map((w: { id: string }) => w.id)).toEqual([asked.body.id]);
    const approved = await t.request('POST', `/api/v1/admin/finance/withdrawals/${asked.body.id}/approve`, { token: finance });
    expect(approved.body).toMatchObject({ status: 'paid' });
    statement = (await t.request('GET', '/api/v1/leader/commission', { token: leader })).body;
    expect(statement).toMatchObject({ availableFen: 500, withdrawingFen: 0, paidFen: 1500 });
    expect((await t.request('GET', '/api/v1/leader/withdrawals', { token: leader })).body.items).toMatchObject([
      { id: asked.body.id, status: 'paid' },
    ]);
    const entries = await t.request('GET', `/api/v1/admin/finance/entries?documentType=withdrawal&documentId=${asked.body.id}`, {
      token: finance,
    });
    expect(entries.body.items.map((e: { kind: string }) => e.kind)).toEqual(['withdrawal_requested', 'withdrawal_paid']);
    expect(entries.body.items[1].postings).toMatchObject([
      { code: 'commission_withdrawing', debitFen: 1500, creditFen: 0 },
      { code: 'cash_out', debitFen: 0, creditFen: 1491 },
      { code: 'withdrawal_fees', debitFen: 0, creditFen: 9 },
    ]);
    await t.request('PATCH', '/api/v1/admin/finance/policy', { token: finance, body: { withdrawalFeeBp: 0 } });
  });

  it('a failed payout gives the money back; a rejected withdrawal too; neither can be decided twice', async () => {
    await earn(1); // +10.00 available
    const start = await available();
    (payoutProviderOf(t.ctx) as DevPayoutProvider).failNext();
    const asked = await t.request('POST', '/api/v1/leader/withdrawals', { token: leader, body: { amountFen: 1000 } });
    expect(await available()).toBe(start - 1000);
    const failed = await t.request('POST', `/api/v1/admin/finance/withdrawals/${asked.body.id}/approve`, { token: finance });
    expect(failed.body).toMatchObject({ status: 'failed', failureReason: expect.any(String) });
    expect(await available()).toBe(start);

    const again = await t.request('POST', '/api/v1/leader/withdrawals', { token: leader, body: { amountFen: 1000 } });
    const rejected = await t.request('POST', `/api/v1/admin/finance/withdrawals/${again.body.id}/reject`, {
      token: finance,
      body: { reason: 'bank details missing' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', failureReason: 'bank details missing' });
    expect(await available()).toBe(start);
    const twice = await t.request('POST', `/api/v1/admin/finance/withdrawals/${again.body.id}/approve`, { token: finance });
    expect([twice.status, twice.body.code]).toEqual([409, 'INVALID_STATE']);
  });

  it('a payout the provider could not take stays approved and the payout sweep sends it later', async () => {
    await earn(2);
    const start = await available();
    const dev = payoutProviderOf(t.ctx);
    let calls = 0;
    usePayoutProvider(t.ctx, {
      name: 'flaky',
      async payout(p) {
        calls++;
        if (calls === 1) throw new Error('provider unreachable');
        if (calls === 2) return { status: 'pending', providerRef: `flaky_${p.withdrawalId}` };
        return { status: 'succeeded', providerRef: `flaky_${p.withdrawalId}` };
      },
    });
    try {
      const asked = await t.request('POST', '/api/v1/leader/withdrawals', { token: leader, body: { amountFen: 1000 } });
      const approved = await t.request('POST', `/api/v1/admin/finance/withdrawals/${asked.body.id}/approve`, { token: finance });
      expect([approved.status, approved.body.status]).toEqual([200, 'approved']);
      await t.ctx.jobs.tick(); // the provider did not answer: asked again only after a wait
      expect(calls).toBe(1);
      t.clock.advance(MINUTE);
      await t.ctx.jobs.tick(); // provider says pending
      expect(calls).toBe(2);
      expect((await t.request('GET', '/api/v1/leader/withdrawals?status=approved', { token: leader })).body.items).toHaveLength(1);
      t.clock.advance(MINUTE);
      await t.ctx.jobs.tick();
      expect((await t.request('GET', '/api/v1/leader/withdrawals', { token: leader })).body.items[0]).toMatchObject({
        id: asked.body.id,
        status: 'paid',
      });
      expect(await available()).toBe(start - 1000);
    } finally {
      usePayoutProvider(t.ctx, dev);
    }
  });

  it('refuses a withdrawal below the minimum, above what is available or over the day’s limit, changing nothing', async () => {
    const start = await available();
    const ask = (amountFen: number) => t.request('POST', '/api/v1/leader/withdrawals', { token: leader, body: { amountFen } });
    expect((await ask(999)).body.code).toBe('VALIDATION_FAILED');
    expect((await ask(Math.max(start, 999) + 1)).body.code).toBe('INSUFFICIENT_BALANCE');
    expect((await t.request('POST', '/api/v1/leader/withdrawals', { token: leader, body: { amountFen: 1000, extra: 1 } })).status).toBe(
      400,
    );
    await t.request('PATCH', '/api/v1/admin/finance/policy', { token: finance, body: { withdrawalDailyLimitFen: 2000 } });
    expect((await ask(1000)).status).toBe(201);
    expect((await ask(1001)).body.code).toBe('LIMIT_EXCEEDED');
    await t.request('PATCH', '/api/v1/admin/finance/policy', { token: finance, body: { withdrawalDailyLimitFen: 500_000 } });
    expect(await available()).toBe(start - 1000);
  });

  it('concurrent withdrawals cannot overdraw the available balance', async () => {
    await earn(10); // +100.00
    const start = await available();
    const me = principal(world, 'leader', leaderId());
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => requestWithdrawal(t.ctx, me, 3000)));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBe(Math.floor(start / 3000));
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('INSUFFICIENT_BALANCE');
    expect(await available()).toBe(start - ok * 3000);
    expect(await available()).toBeGreaterThanOrEqual(0);
  });

  it('a category commission rule applies to orders paid afterwards', async () => {
    const set = await t.request('PUT', '/api/v1/admin/finance/commission-rules', {
      token: finance,
      body: { scope: 'category', subject: world.categoryId, rateBp: 1500 },
    });
    expect(set.body.items).toEqual([{ scope: 'category', subject: world.categoryId, rateBp: 1500 }]);
    const order = await paidOrder(t, world, resident(), [[line(1), 1]]); // 101.00 at 15 %
    const cl = await t.ctx.db.selectFrom('commission_lines').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect([cl.rate_bp, cl.accrued_fen]).toEqual([1500, 1515]);
    await t.request('PUT', '/api/v1/admin/finance/commission-rules', {
      token: finance,
      body: { scope: 'category', subject: world.categoryId, rateBp: null },
    });
    const foreign = await t.request('PUT', '/api/v1/admin/finance/commission-rules', {
      token: finance,
      body: { scope: 'category', subject: other.categoryId, rateBp: 1500 },
    });
    expect(foreign.body.code).toBe('NOT_FOUND');
  });
});

describe('statements, P&L and reconciliation', () => {
  it('statements add up to the ledger', async () => {
    const order = await paidOrder(t, world, resident(), [[line(0), 1]]);
    await refund(t, world, order.id, [{ orderLineId: order.lines[0]?.id as string, quantity: 1 }], 'aftersales', 'supplier');
    await emitEvent(t, world, 'purchase_order.received', 'po_1', {
      purchaseOrderId: 'po_1',
      supplierId: world.supplierId,
      deliveryDate: '2026-11-21',
      lines: [
        {
          purchaseOrderLineId: 'pol_1',
          skuId: world.skuIds[0] as string,
          orderedQuantity: 20,
          receivedQuantity: 20,
          rejectedQuantity: 0,
          acceptedQuantity: 20,
          costPriceFen: 6000,
          shortReason: null,
        },
      ],
    });
    const s = (await t.request('GET', '/api/v1/leader/commission', { token: leader })).body;
    expect(s.accruedFen - s.clawedBackFen - s.deductedFen - s.paidFen).toBe(s.pendingFen + s.availableFen + s.withdrawingFen);
    expect(s.pendingFen).toBe(await balance(t, world, { code: 'commission_pending', partyId: leaderId() }));
    expect(s.availableFen).toBe(await available());
    expect(s).toMatchObject({ total: s.lines.length, page: null, pageSize: null });
    const newest = (await t.request('GET', '/api/v1/leader/commission?page=1&pageSize=2&order=desc', { token: leader })).body;
    expect(newest).toMatchObject({ ...s, lines: s.lines.slice(-2).reverse(), page: 1, pageSize: 2 });

    const sup = (await t.request('GET', '/api/v1/supplier/statement', { token: supplier })).body;
    expect(sup).toMatchObject({ openingFen: 0, receivedFen: 120_000, chargebacksFen: 10_000, closingFen: 110_000 });
    expect(sup.closingFen).toBe(await balance(t, world, { code: 'supplier_payable', partyId: world.supplierId }));
    const later = (await t.request('GET', '/api/v1/supplier/statement?from=2099-01-01', { token: supplier })).body;
    expect(later).toMatchObject({ openingFen: 110_000, closingFen: 110_000, lines: [] });

    await emitEvent(t, world, 'route.completed', 'rt_1', {
      routeId: 'rt_1',
      deliveryDate: '2026-11-21',
      driverId: 'drv_1',
      carrierId: 'car_1',
      vehicleTypeId: 'vt_1',
      stopsDelivered: 9,
      distanceMeters: 30_000,
      costFen: 9000,
      rateCard: { perStopFen: 1000 },
    });
    const car = (await t.request('GET', '/api/v1/admin/finance/carriers/car_1/statement', { token: finance })).body;
    expect(car).toMatchObject({ routes: 1, stopsDelivered: 9, payableFen: 9000, closingFen: 9000 });
    // A wrong route cost is corrected by a reversing entry, once; the statement shows both.
    const entryId = car.lines[0].entryId;
    expect(
      (await t.request('POST', `/api/v1/admin/finance/entries/${entryId}/reverse`, { token: leader, body: { reason: 'x' } })).status,
    ).toBe(403);
    const reversed = await t.request('POST', `/api/v1/admin/finance/entries/${entryId}/reverse`, {
      token: finance,
      body: { reason: 'wrong rate card' },
    });
    expect(reversed.status).toBe(201);
    expect(reversed.body.items[0]).toMatchObject({ reversesEntryId: entryId, documentType: 'route', documentId: 'rt_1' });
    const again = await t.request('POST', `/api/v1/admin/finance/entries/${entryId}/reverse`, {
      token: finance,
      body: { reason: 'again' },
    });
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_STATE']);
    const corrected = (await t.request('GET', '/api/v1/admin/finance/carriers/car_1/statement', { token: finance })).body;
    expect(corrected).toMatchObject({ routes: 0, stopsDelivered: 0, payableFen: 0, closingFen: 0 });
    expect(corrected.lines.map((l: { amountFen: number }) => l.amountFen)).toEqual([9000, -9000]);
    // A page at a time, newest first, the figures staying the period's.
    const page = (await t.request('GET', '/api/v1/admin/finance/carriers/car_1/statement?page=1&pageSize=1&order=desc', { token: finance }))
      .body;
    expect(page).toMatchObject({ routes: 0, payableFen: 0, total: 2, page: 1, pageSize: 1 });
    expect(page.lines.map((l: { amountFen: number }) => l.amountFen)).toEqual([-9000]);
  });

  it('a statement of an unknown party or another tenant’s is NOT_FOUND, not an empty statement', async () => {
    for (const kind of ['carriers', 'suppliers', 'leaders']) {
      for (const id of ['nobody', { carriers: 'car_other', suppliers: other.supplierId, leaders: other.leaders[0]?.id }[kind]]) {
        for (const suffix of ['', '/export']) {
          const res = await t.request('GET', `/api/v1/admin/finance/${kind}/${id}/statement${suffix}`, { token: finance });
          expect([res.status, res.body.code], `${kind}/${id}${suffix}`).toEqual([404, 'NOT_FOUND']);
        }
      }
    }
  });

  it('the daily P&L adds up by SKU, and every statement exports to Excel', async () => {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(t.clock.now());
    const pnl = (await t.request('GET', `/api/v1/admin/finance/pnl?date=${date}&view=booked`, { token: finance })).body;
    expect(pnl.gmvFen).toBeGreaterThan(0);
    expect(pnl.netRevenueFen).toBe(pnl.gmvFen - pnl.refundsFen);
    expect(pnl.grossMarginFen).toBe(pnl.netRevenueFen - pnl.costOfGoodsFen - pnl.commissionFen);
    for (const k of ['gmvFen', 'refundsFen', 'costOfGoodsFen', 'commissionFen'] as const) {
      expect(
        pnl.bySku.reduce((s: number, x: Record<string, number>) => s + (x[k] ?? 0), 0),
        k,
      ).toBe(pnl[k]);
      expect(
        pnl.byCategory.reduce((s: number, x: Record<string, number>) => s + (x[k] ?? 0), 0),
        k,
      ).toBe(pnl[k]);
    }
    const report = await ledgerDayReport(t.ctx, world.operatorId, date);
    expect(report.pnl.gmvFen).toBe(pnl.gmvFen);
    expect(report.leaders.find((l) => l.partyId === leaderId())?.balances.commission_available).toBe(await available());
    expect(report.reconciliation.ok, JSON.stringify(report.reconciliation)).toBe(true);

    const book = await download(`/api/v1/admin/finance/pnl/export?date=${date}&view=booked`, finance);
    expect(book.getWorksheet('日损益')?.getRow(2).getCell(2).value).toBe(pnl.gmvFen / 100);
    await download('/api/v1/leader/commission/export', leader);
    await download('/api/v1/supplier/statement/export', supplier);
    await download(`/api/v1/admin/finance/leaders/${leaderId()}/statement/export`, finance);
    await download(`/api/v1/admin/finance/suppliers/${world.supplierId}/statement/export`, finance);
    await download('/api/v1/admin/finance/carriers/car_1/statement/export', finance);
  });

  it('reconciles every day and account through the API', async () => {
    for (const day of ['2026-11-20', '2026-11-22', '2026-11-24']) {
      const rec = await t.request('GET', `/api/v1/admin/finance/reconciliation?date=${day}`, { token: finance });
      expect(rec.body.ok, JSON.stringify(rec.body)).toBe(true);
      expect(rec.body.checks.map((c: { name: string }) => c.name)).toEqual(['account_balances', 'clearing', 'commission']);
    }
    expect((await reconcile(t.ctx.db, other.operatorId, '2026-11-20')).ok).toBe(true);
  });
});

describe('who may see what', () => {
  it('a leader sees only their own commission and withdrawals', async () => {
    const mine = (await t.request('GET', '/api/v1/leader/commission', { token: otherLeader })).body;
    expect(mine).toMatchObject({ leaderId: world.leaders[1]?.id, accruedFen: 0, lines: [] });
    expect((await t.request('GET', '/api/v1/leader/withdrawals', { token: otherLeader })).body.items).toEqual([]);
    expect((await t.request('GET', `/api/v1/admin/finance/leaders/${leaderId()}/statement`, { token: leader })).status).toBe(403);
  });

  it('admin finance needs the finance role; another operator’s leader or supplier is NOT_FOUND', async () => {
    for (const url of [
      '/api/v1/admin/finance/accounts',
      '/api/v1/admin/finance/pnl?date=2026-11-20',
      '/api/v1/admin/finance/withdrawals',
    ]) {
      expect((await t.request('GET', url, { token: support })).status, url).toBe(403);
      expect((await t.request('GET', url, { token: leader })).status, url).toBe(403);
      expect((await t.request('GET', url)).status, url).toBe(401);
    }
    expect((await t.request('GET', `/api/v1/admin/finance/leaders/${other.leaders[0]?.id}/statement`, { token: finance })).body.code).toBe(
      'NOT_FOUND',
    );
    expect((await t.request('GET', `/api/v1/admin/finance/suppliers/${other.supplierId}/statement`, { token: finance })).body.code).toBe(
      'NOT_FOUND',
    );
    const theirs = (await t.request('GET', '/api/v1/leader/withdrawals', { token: leader })).body.items[0];
    const otherFinance = await t.login('staff', (await createStaff(t.ctx, other.operatorId, ['finance'])).phone, 'other-op');
    expect((await t.request('POST', `/api/v1/admin/finance/withdrawals/${theirs.id}/approve`, { token: otherFinance })).body.code).toBe(
      'NOT_FOUND',
    );
    expect((await t.request('GET', '/api/v1/admin/finance/accounts', { token: otherFinance })).body.items).toEqual([]);
    expect((await t.request('GET', '/api/v1/leader/commission', { token: supplier })).status).toBe(403);
  });
});
