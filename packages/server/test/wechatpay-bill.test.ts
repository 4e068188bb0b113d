import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendPendingRefunds } from '../src/modules/payment/refund.sender.ts';
import { billDifferences } from '../src/modules/payment/provider-bill.check.ts';
import { parseTradeBill, yuanToFen } from '../src/modules/payment/wechatpay.bill.ts';
import { HOUR } from '../src/platform/clock.ts';
import { freePort, linliSettings, startWechatPayDouble, type WechatPayDouble } from '../src/dev/wechatpay-double.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

describe("reading WeChat Pay's trade bill", () => {
  it.each([
    ['12.90', 1290],
    ['0.05', 5],
    ['3', 300],
    ['3.5', 350],
    ['-1.01', -101],
    ['1,00', null],
    ['', null],
    ['1.234', null],
  ] as const)('%s yuan is %s fen', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });

  it('takes paid trades and refunds by column name, until the summary', () => {
    const bill = [
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
      '`2026-11-20 10:01:02,`wxd678efh567hg6787,`1900000001,`0,`,`4200001,`pay_a,`o1,`MWEB,`SUCCESS,`OTHERS,`CNY,`12.90,`0.00,`0,`0,`0.00,`0.00,`,`,`linli order 1,`,`0.08000,`0.60%,`12.90,`0.00,`',
      '`2026-11-20 11:00:00,`wxd678efh567hg6787,`1900000001,`0,`,`4200001,`pay_a,`o1,`MWEB,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`5030001,`rfd_a,`4.30,`0.00,`ORIGINAL,`SUCCESS,`linli order 1,`,`0.00000,`0.60%,`0.00,`4.30,`',
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      '`2,`12.90,`4.30,`0.00,`0.08000,`12.90,`4.30',
      '',
    ].join('\r\n');
    expect(parseTradeBill(bill)).toEqual({
      payments: [{ ref: 'pay_a', fen: 1290, at: '2026-11-20 10:01:02' }],
      refunds: [{ ref: 'rfd_a', fen: 430, at: '2026-11-20 11:00:00' }],
    });
  });
});

describe('differences between a bill and linli (pure)', () => {
  const side = (id: string, amount_fen: number, day: string | null = '2026-11-20', status = 'succeeded') => ({
    id,
    operator_id: 'op',
    amount_fen,
    status,
    day,
  });
  const line = (ref: string, fen: number) => ({ ref, fen, at: '' });
  const cases: Array<[string, Parameters<typeof billDifferences>[1], Array<ReturnType<typeof side>>, string[], string[]]> = [
    ['all match', { payments: [line('p1', 100)], refunds: [line('r1', 40)] }, [side('p1', 100), side('r1', 40)], [], []],
    ['a payment only at the provider', { payments: [line('p9', 100)], refunds: [] }, [], [], ['payment p9 missing_in_linli']],
    [
      'a payment linli never settled',
      { payments: [line('p1', 100)], refunds: [] },
      [side('p1', 100, null, 'pending')],
      [],
      ['payment p1 missing_in_linli'],
    ],
    ['a payment only in linli', { payments: [], refunds: [] }, [side('p1', 100)], [], ['payment p1 missing_at_provider']],
    ['one the provider billed the day before (notified after midnight)', { payments: [], refunds: [] }, [side('p1', 100)], ['p1'], []],
    [
      'one billed today that linli settled the day before',
      { payments: [line('p1', 100)], refunds: [] },
      [side('p1', 100, '2026-11-19')],
      [],
      [],
    ],
    ['another amount', { payments: [line('p1', 99)], refunds: [] }, [side('p1', 100)], [], ['payment p1 amount_differs']],
    ['a refund only in linli', { payments: [], refunds: [] }, [side('r1', 40)], [], ['refund r1 missing_at_provider']],
  ];
  it.each(cases)('%s', (_name, bill, mine, before, expected) => {
    const payments = new Map(mine.filter((m) => m.id.startsWith('p')).map((m) => [m.id, m]));
    const refunds = new Map(mine.filter((m) => m.id.startsWith('r')).map((m) => [m.id, m]));
    const found = billDifferences('2026-11-20', bill, { payments, refunds }, new Set(before));
    expect(found.map((d) => `${d.subject} ${d.ref} ${d.kind}`)).toEqual(expected);
  });
});

// A day paid through the WeChat Pay double, its bill checked the next morning at 10:30 (Beijing).
describe("a day on WeChat Pay, reconciled with WeChat Pay's bill", () => {
  let wx: WechatPayDouble;
  let t: TestApp;
  let w: World;
  let lineIds: string[];
  let tokens: string[];
  let admin: string;
  let keyDir: string;

  beforeAll(async () => {
    wx = await startWechatPayDouble({ retryDelaysMs: [20, 50], refundDelayMs: -1 });
    keyDir = mkdtempSync(join(tmpdir(), 'linli-wxbill-'));
    const port = await freePort();
    t = await startTestApp('2026-11-20T02:00:00Z', { env: linliSettings(wx, keyDir, `http://127.0.0.1:${port}`) });
    wx.now = () => t.clock.now().getTime();
    await t.app.server.listen({ port, host: '127.0.0.1' });
    w = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 3 });
    lineIds = (await createOpenCampaign(t.ctx, w, { priceFen: 1290, cutoffAt: new Date('2026-11-21T15:00:00Z'), pickupDate: '2026-11-22' }))
      .lineIds;
    tokens = [];
    for (const r of w.residents) tokens.push(await t.login('resident', r.phone));
    admin = await t.login('staff', w.adminPhone);
  });
  afterAll(async () => {
    await t?.close();
    await wx?.close();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  /** A resident orders and pays through WeChat Pay H5; returns the order and its payment. */
  async function orderAndPay(token: string, quantity: number) {
    const placed = await t.request('POST', '/api/v1/shop/orders', { token, body: { lines: [{ campaignLineId: lineIds[0], quantity }] } });
    expect(placed.status).toBe(201);
    const intent = await t.request('POST', `/api/v1/shop/orders/${placed.body.id}/payments`, { token, body: { channel: 'h5' } });
    expect(intent.status).toBe(201);
    await wx.pay(intent.body.paymentId);
    return { orderId: placed.body.id as string, paymentId: intent.body.paymentId as string, fen: placed.body.totalFen as number };
  }

  async function cancelAndRefund(token: string, orderId: string) {
    expect((await t.request('POST', `/api/v1/shop/orders/${orderId}/cancel`, { token, body: {} })).status).toBe(200);
    const refund = await t.ctx.db
      .selectFrom('refunds')
      .select(['id', 'amount_fen'])
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    await sendPendingRefunds(t.ctx);
    await wx.settleRefund(refund.id, 'SUCCESS');
    return refund;
  }

  const billOf = (date: string) => t.request('GET', `/api/v1/admin/finance/provider-bill?date=${date}`, { token: admin });

  it('checks the day at 10:30 the next morning and finds no difference', async () => {
    const paid = [
      await orderAndPay(tokens[0] as string, 1),
      await orderAndPay(tokens[1] as string, 2),
      await orderAndPay(tokens[2] as string, 3),
    ];
    const refund = await cancelAndRefund(tokens[1] as string, paid[1]?.orderId as string);
    // Not ready before 10:30 Beijing the next day.
    t.clock.set(new Date('2026-11-21T02:20:00Z'));
    await t.ctx.jobs.tick();
    expect((await billOf('2026-11-20')).body).toMatchObject({ provider: 'wechatpay', keepsBills: true, check: null });
    t.clock.set(new Date('2026-11-21T02:31:00Z'));
    await t.ctx.jobs.tick();
    const res = await billOf('2026-11-20');
    expect(res.status).toBe(200);
    const total = paid.reduce((s, p) => s + p.fen, 0);
    expect(res.body.check).toMatchObject({
      date: '2026-11-20',
      paymentsCount: 3,
      paymentsFen: total,
      refundsCount: 1,
      refundsFen: refund.amount_fen,
      differences: [],
    });
    // The bill of a day without a trade is empty, not an error.
    const quiet = await t.request('POST', '/api/v1/admin/finance/provider-bill/check?date=2026-11-19', { token: admin });
    expect(quiet.status).toBe(200);
    expect(quiet.body.check).toMatchObject({ paymentsCount: 0, refundsCount: 0, differences: [] });
  });

  it('names injected differences: a payment only at WeChat Pay, a refund only in linli, another amount', async () => {
    // 2026-11-21, Beijing: a day with differences.
    const kept = await orderAndPay(tokens[0] as string, 1);
    const changed = await orderAndPay(tokens[2] as string, 2);
    const refunded = await orderAndPay(tokens[1] as string, 1);
    const refund = await cancelAndRefund(tokens[1] as string, refunded.orderId);
    // WeChat Pay took money linli never heard of (its notification never arrived, no order has it).
    const stray = 'pay_strayatwechat000000000';
    wx.holdNotifications = true;
    try {
      await t.ctx.payments.createPayment({
        paymentId: stray,
        amountFen: 777,
        description: 'stray',
        expiresAt: new Date(t.clock.now().getTime() + HOUR),
        payer: { channel: 'native', ip: '127.0.0.1' },
      });
      await wx.pay(stray);
    } finally {
      wx.holdNotifications = false;
    }
    // The refund is settled in linli, but WeChat Pay's bill does not have it; and one trade is billed at one fen less.
    wx.billOmit.add(refund.id);
    wx.billFen.set(changed.paymentId, changed.fen - 1);

    const check = await t.request('POST', '/api/v1/admin/finance/provider-bill/check?date=2026-11-21', { token: admin });
    expect(check.status).toBe(400); // not before the day is over
    t.clock.set(new Date('2026-11-22T03:00:00Z'));
    await t.ctx.jobs.tick();
    const res = await billOf('2026-11-21');
    expect(res.body.check.differences).toEqual(
      [
        { subject: 'payment', ref: changed.paymentId, kind: 'amount_differs', linliFen: changed.fen, providerFen: changed.fen - 1 },
        { subject: 'payment', ref: stray, kind: 'missing_in_linli', linliFen: null, providerFen: 777 },
        { subject: 'refund', ref: refund.id, kind: 'missing_at_provider', linliFen: refund.amount_fen, providerFen: null },
      ].sort((a, b) => a.subject.localeCompare(b.subject) || a.ref.localeCompare(b.ref)),
    );
    expect(res.body.check.paymentsCount).toBe(4);
    expect(kept.paymentId).toBeTruthy();

    // Fixed at WeChat Pay's side (the double's bill again as it really was): checking again replaces the check.
    wx.billOmit.clear();
    wx.billFen.clear();
    const again = await t.request('POST', '/api/v1/admin/finance/provider-bill/check?date=2026-11-21', { token: admin });
    expect(again.status).toBe(200);
    expect(again.body.check.differences).toEqual([
      { subject: 'payment', ref: stray, kind: 'missing_in_linli', linliFen: null, providerFen: 777 },
    ]);
  });

  it('asks again about a billed refund whose answer never reached linli, instead of naming it missing', async () => {
    // 2026-11-22, Beijing (the clock is there from the test before), on a campaign still open.
    lineIds = (await createOpenCampaign(t.ctx, w, { priceFen: 990, cutoffAt: new Date('2026-11-23T15:00:00Z'), pickupDate: '2026-11-24' }))
      .lineIds;
    const paid = await orderAndPay(tokens[2] as string, 1);
    expect((await t.request('POST', `/api/v1/shop/orders/${paid.orderId}/cancel`, { token: tokens[2], body: {} })).status).toBe(200);
    const refund = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', paid.orderId).executeTakeFirstOrThrow();
    // linli asked; WeChat Pay was still processing, then refunded, and its notification never arrived:
    // linli still waits, its next question hours away.
    wx.holdNotifications = true;
    await sendPendingRefunds(t.ctx);
    await wx.settleRefund(refund.id, 'SUCCESS');
    await t.ctx.db
      .updateTable('refunds')
      .set({ next_attempt_at: new Date('2026-11-23T06:00:00Z') })
      .where('id', '=', refund.id)
      .execute();
    expect(await t.ctx.db.selectFrom('refunds').select('status').where('id', '=', refund.id).executeTakeFirstOrThrow()).toEqual({
      status: 'pending',
    });
    t.clock.set(new Date('2026-11-23T02:31:00Z'));
    const check = await t.request('POST', '/api/v1/admin/finance/provider-bill/check?date=2026-11-22', { token: admin });
    expect(check.status).toBe(200);
    expect(check.body.check).toMatchObject({ refundsCount: 1, differences: [] });
    expect(await t.ctx.db.selectFrom('refunds').select('status').where('id', '=', refund.id).executeTakeFirstOrThrow()).toEqual({
      status: 'succeeded',
    });
    wx.holdNotifications = false;
  });

  it('refuses what is not a date, and a resident', async () => {
    expect((await t.request('GET', '/api/v1/admin/finance/provider-bill?date=yesterday', { token: admin })).status).toBe(400);
    expect((await t.request('GET', '/api/v1/admin/finance/provider-bill?date=2026-11-20', { token: tokens[0] })).status).toBe(403);
  });
});
