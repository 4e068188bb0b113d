import { createCipheriv, createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireUnpaidOrders } from '../src/modules/ordering/ordering.lifecycle.ts';
import { sendPendingRefunds } from '../src/modules/payment/refund.sender.ts';
import { HOUR, MINUTE } from '../src/platform/clock.ts';
import { freePort, linliSettings, startWechatPayDouble, type WechatPayDouble } from '../src/dev/wechatpay-double.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// linli paying through WeChat Pay API v3: a real server on a port, the double of WeChat Pay on
// another, each checking the other's signatures. The double's notifications reach linli over HTTP.

const NOTIFY = '/api/v1/payments/wechatpay/notify';
let wx: WechatPayDouble;
let t: TestApp;
let w: World;
let lineIds: string[];
let token: string;
let keyDir: string;
let base: string;
// The WeChat Pay public key's private half, kept by the test to forge notifications WeChat Pay could have sent.
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });

beforeAll(async () => {
  wx = await startWechatPayDouble({
    wechatpayPrivateKeyPem: platform.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    retryDelaysMs: [20, 50],
    refundDelayMs: -1,
  });
  keyDir = mkdtempSync(join(tmpdir(), 'linli-wxpay-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await startTestApp('2026-11-20T02:00:00Z', { env: linliSettings(wx, keyDir, base) });
  // WeChat Pay and linli share the test's clock: signatures' timestamps and the payment window agree.
  wx.now = () => t.clock.now().getTime();
  await t.app.server.listen({ port, host: '127.0.0.1' });
  w = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 2 });
  lineIds = (await createOpenCampaign(t.ctx, w, { priceFen: 1290 })).lineIds;
  token = await t.login('resident', w.residents[0]?.phone as string);
});
afterAll(async () => {
  await t?.close();
  await wx?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

async function placeOrder(quantity = 2) {
  const res = await t.request('POST', '/api/v1/shop/orders', { token, body: { lines: [{ campaignLineId: lineIds[0], quantity }] } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const { payment, ...order } = res.body as {
    id: string;
    totalFen: number;
    payment: { paymentId: string; provider: string; devNotification?: unknown };
  };
  return { order, payment };
}

async function payH5(orderId: string) {
  const res = await t.request('POST', `/api/v1/shop/orders/${orderId}/payments`, { token, body: { channel: 'h5' } });
  expect(res.status).toBe(201);
  return res.body as { paymentId: string; amountFen: number; h5Url: string };
}

const orderStatus = async (id: string) =>
  (await t.ctx.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

/** A notification as WeChat Pay signs one, with the given plaintext resource and timestamp. */
function forge(eventType: string, resource: object, at = nowSeconds()) {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(wx.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  const aad = eventType.startsWith('REFUND') ? 'refund' : 'transaction';
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString(
    'base64',
  );
  const body = JSON.stringify({
    id: randomUUID(),
    create_time: '2026-11-20T10:00:00+08:00',
    event_type: eventType,
    resource_type: 'encrypt-resource',
    summary: 'forged in a test',
    resource: { original_type: aad, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce },
  });
  const headerNonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256').update(`${at}\n${headerNonce}\n${body}\n`).sign(platform.privateKey, 'base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': String(at),
      'wechatpay-nonce': headerNonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': wx.publicKeyId,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

const post = (n: { body: string; headers: Record<string, string> }) =>
  fetch(`${base}${NOTIFY}`, { method: 'POST', headers: n.headers, body: n.body });

const successOf = (paymentId: string, total: number) => ({
  mchid: wx.mchid,
  appid: wx.appid,
  out_trade_no: paymentId,
  transaction_id: `42000${Date.now()}`,
  trade_type: 'MWEB',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  success_time: '2026-11-20T10:00:00+08:00',
  amount: { total, payer_total: total, currency: 'CNY', payer_currency: 'CNY' },
});

describe('paying with WeChat Pay (H5) through its double', () => {
  it('prepares the payment only when the client names its channel, then the notification pays the order', async () => {
    const { order, payment } = await placeOrder();
    // Checkout asks WeChat Pay nothing: its prepay depends on the channel.
    expect(payment.provider).toBe('wechatpay');
    expect(payment.devNotification).toBeUndefined();
    expect(wx.transactions.has(payment.paymentId)).toBe(false);

    const intent = await payH5(order.id);
    expect(intent.paymentId).toBe(payment.paymentId);
    expect(intent.h5Url).toMatch(new RegExp(`^${wx.url}/pay/h5/`));
    const trade = wx.transactions.get(intent.paymentId);
    expect(trade).toMatchObject({ trade_state: 'NOTPAY', notify_url: `${base}${NOTIFY}` });
    expect(trade?.amount.total).toBe(order.totalFen);
    // The order's expiry is WeChat Pay's too: after it WeChat Pay refuses the payer.
    expect(trade?.time_expire).toMatch(/\+08:00$/);

    await wx.pay(intent.paymentId);
    const delivered = wx.notifications.filter((n) => n.outTradeNo === intent.paymentId);
    expect(delivered.map((n) => [n.eventType, n.status])).toEqual([['TRANSACTION.SUCCESS', 204]]);
    expect(await orderStatus(order.id)).toBe('paid');
    const paid = await t.ctx.db.selectFrom('payments').selectAll().where('id', '=', intent.paymentId).executeTakeFirstOrThrow();
    expect(paid).toMatchObject({ status: 'succeeded', provider: 'wechatpay', amount_fen: order.totalFen });
    expect(wx.transactions.get(intent.paymentId)?.trade_type).toBe('MWEB');
  });

  it('offers a QR code (Native) for desk use, and refuses a channel WeChat Pay does not take', async () => {
    const { order } = await placeOrder(1);
    const native = await t.request('POST', `/api/v1/shop/orders/${order.id}/payments`, { token, body: { channel: 'native' } });
    expect(native.status).toBe(201);
    expect(native.body.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    const dev = await t.request('POST', `/api/v1/shop/orders/${order.id}/payments`, { token, body: { channel: 'dev' } });
    expect(dev.status).toBe(400);
    expect(dev.body.code).toBe('PAYMENT_CHANNEL_UNAVAILABLE');
    const instant = await t.request('POST', `/api/v1/shop/orders/${order.id}/payments`, { token, body: { mode: 'instant' } });
    expect(instant.status).toBe(403);
    expect(await orderStatus(order.id)).toBe('pending_payment');
  });

  it('answers PAYMENT_PROVIDER_FAILED when WeChat Pay refuses the prepay, and the order stays payable', async () => {
    const { order } = await placeOrder(1);
    wx.failWith = { status: 500, code: 'SYSTEM_ERROR', message: '系统错误' };
    try {
      const res = await t.request('POST', `/api/v1/shop/orders/${order.id}/payments`, { token, body: { channel: 'h5' } });
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ code: 'PAYMENT_PROVIDER_FAILED', details: { provider: 'SYSTEM_ERROR' } });
    } finally {
      wx.failWith = null;
    }
    expect((await payH5(order.id)).h5Url).toBeTruthy();
  });
});

describe('a notification linli refuses changes nothing', () => {
  let order: { id: string; totalFen: number };
  let paymentId: string;
  beforeAll(async () => {
    order = (await placeOrder(1)).order;
    paymentId = (await payH5(order.id)).paymentId;
  });

  const cases: Array<[string, () => { body: string; headers: Record<string, string> }, number, string]> = [
    [
      'a broken signature',
      () => {
        const n = forge('TRANSACTION.SUCCESS', successOf(paymentId, order.totalFen));
        return {
          ...n,
          headers: {
            ...n.headers,
            'wechatpay-signature': n.headers['wechatpay-signature']?.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) as string,
          },
        };
      },
      400,
      'PAYMENT_SIGNATURE_INVALID',
    ],
    [
      'a body changed after signing',
      () => {
        const n = forge('TRANSACTION.SUCCESS', successOf(paymentId, order.totalFen));
        return { ...n, body: n.body.replace('forged in a test', 'forged in a test!') };
      },
      400,
      'PAYMENT_SIGNATURE_INVALID',
    ],
    [
      'a timestamp six minutes old',
      () => forge('TRANSACTION.SUCCESS', successOf(paymentId, order.totalFen), nowSeconds() - 360),
      400,
      'PAYMENT_SIGNATURE_INVALID',
    ],
    [
      'another public key id',
      () => {
        const n = forge('TRANSACTION.SUCCESS', successOf(paymentId, order.totalFen));
        return { ...n, headers: { ...n.headers, 'wechatpay-serial': 'PUB_KEY_ID_0000000000000000000000000000000000' } };
      },
      400,
      'PAYMENT_SIGNATURE_INVALID',
    ],
    ['a wrong amount', () => forge('TRANSACTION.SUCCESS', successOf(paymentId, order.totalFen - 1)), 400, 'PAYMENT_AMOUNT_MISMATCH'],
    ['an unknown payment', () => forge('TRANSACTION.SUCCESS', successOf('pay_unknown000000000000000', order.totalFen)), 404, 'NOT_FOUND'],
    [
      'another merchant',
      () => forge('TRANSACTION.SUCCESS', { ...successOf(paymentId, order.totalFen), mchid: '1900000002' }),
      400,
      'VALIDATION_FAILED',
    ],
  ];
  it.each(cases)('%s', async (_name, make, status, code) => {
    const res = await post(make());
    expect(res.status).toBe(status);
    expect(((await res.json()) as { code: string }).code).toBe(code);
    expect(await orderStatus(order.id)).toBe('pending_payment');
    expect(await t.ctx.db.selectFrom('payments').select('status').where('id', '=', paymentId).executeTakeFirstOrThrow()).toEqual({
      status: 'pending',
    });
  });

  it('applies a genuine one once, refuses its replay, and a refused one does not burn its nonce', async () => {
    const genuine = forge('TRANSACTION.SUCCESS', successOf(paymentId, order.totalFen));
    // Refused by linli's state (not by its signature) first: the same signed message is taken when sent again.
    const before = await t.ctx.db.selectFrom('payment_notice_nonces').select('nonce').execute();
    expect((await post(genuine)).status).toBe(204);
    expect(await orderStatus(order.id)).toBe('paid');
    const replay = await post(genuine);
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { code: string }).code).toBe('PAYMENT_NOTICE_REPLAYED');
    // Another signed copy (WeChat Pay's retry) is taken and changes nothing.
    expect((await post(forge('TRANSACTION.SUCCESS', successOf(paymentId, order.totalFen)))).status).toBe(204);
    const after = await t.ctx.db.selectFrom('payment_notice_nonces').select('nonce').execute();
    // The refused cases above left no nonce behind; the two accepted ones did.
    expect(after.length - before.length).toBe(2);
    const events = await t.ctx.db
      .selectFrom('outbox')
      .select('event_type')
      .where('aggregate_id', '=', order.id)
      .where('event_type', '=', 'order.paid')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('forgets nonces once the five-minute window is long past', async () => {
    const kept = Number(
      (
        await t.ctx.db
          .selectFrom('payment_notice_nonces')
          .select(({ fn }) => fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(kept).toBeGreaterThan(0);
    t.clock.advance(16 * MINUTE);
    await t.ctx.jobs.tick();
    const left = Number(
      (
        await t.ctx.db
          .selectFrom('payment_notice_nonces')
          .select(({ fn }) => fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(left).toBe(0);
  });
});

describe('refunds and expiry through WeChat Pay', () => {
  it('refunds a cancelled paid order once, with the refund id as out_refund_no, settled by the refund notification', async () => {
    const { order } = await placeOrder(2);
    const { paymentId } = await payH5(order.id);
    await wx.pay(paymentId);
    const cancel = await t.request('POST', `/api/v1/shop/orders/${order.id}/cancel`, { token, body: {} });
    expect(cancel.status).toBe(200);
    const refund = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    await sendPendingRefunds(t.ctx);
    const atWechat = wx.refunds.get(refund.id);
    expect(atWechat).toMatchObject({
      out_trade_no: paymentId,
      status: 'PROCESSING',
      amount: { refund: order.totalFen, total: order.totalFen },
    });
    // Still processing at WeChat Pay: linli asks again later with the same out_refund_no, never refunding twice.
    expect(await t.ctx.db.selectFrom('refunds').select('status').where('id', '=', refund.id).executeTakeFirstOrThrow()).toEqual({
      status: 'pending',
    });
    t.clock.advance(HOUR);
    await sendPendingRefunds(t.ctx);
    expect(wx.refunds.get(refund.id)?.amount.refund).toBe(order.totalFen);
    expect(wx.transactions.get(paymentId)?.refunded).toBe(order.totalFen);

    await wx.settleRefund(refund.id, 'SUCCESS');
    expect(wx.notifications.filter((n) => n.outRefundNo === refund.id).map((n) => n.status)).toEqual([204]);
    const settled = await t.ctx.db.selectFrom('refunds').selectAll().where('id', '=', refund.id).executeTakeFirstOrThrow();
    expect(settled).toMatchObject({ status: 'succeeded', next_attempt_at: null });
    expect(settled.provider_ref).toBe(wx.refunds.get(refund.id)?.refund_id);
    // Nothing left to send.
    t.clock.advance(HOUR);
    expect(await sendPendingRefunds(t.ctx)).toBe(0);
  });

  it('marks a refund WeChat Pay could not complete (ABNORMAL) failed, with the reason', async () => {
    const { order } = await placeOrder(1);
    const { paymentId } = await payH5(order.id);
    await wx.pay(paymentId);
    await t.request('POST', `/api/v1/shop/orders/${order.id}/cancel`, { token, body: {} });
    const refund = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    await sendPendingRefunds(t.ctx);
    await wx.settleRefund(refund.id, 'ABNORMAL');
    const failed = await t.ctx.db.selectFrom('refunds').selectAll().where('id', '=', refund.id).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', last_error: 'WeChat Pay: ABNORMAL' });
  });

  it('asks WeChat Pay before expiring: a payment whose notification never came pays the order; an unpaid one is closed there', async () => {
    const paidQuietly = (await placeOrder(1)).order;
    const unpaid = (await placeOrder(1)).order;
    const quiet = await payH5(paidQuietly.id);
    const open = await payH5(unpaid.id);
    wx.holdNotifications = true;
    try {
      await wx.pay(quiet.paymentId);
    } finally {
      wx.holdNotifications = false;
    }
    t.clock.advance(2 * HOUR);
    await expireUnpaidOrders(t.ctx);
    expect(await orderStatus(paidQuietly.id)).toBe('paid');
    expect(await orderStatus(unpaid.id)).toBe('expired');
    expect(wx.transactions.get(open.paymentId)?.trade_state).toBe('CLOSED');
    // The held notification arrives late and changes nothing.
    await wx.flushNotifications();
    expect(wx.notifications.filter((n) => n.outTradeNo === quiet.paymentId).map((n) => n.status)).toEqual([204]);
    expect(await orderStatus(paidQuietly.id)).toBe('paid');
  });
});
