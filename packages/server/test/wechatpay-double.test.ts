import { createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatPayDouble, type WechatPayDouble } from '../src/dev/wechatpay-double.ts';

// A tiny merchant client written here from the protocol, to prove the double speaks it.

let wx: WechatPayDouble;
let hook: Listener;

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}
interface Listener {
  url: string;
  received: Received[];
  /** Statuses to answer, in order; 200 once used up. */
  statuses: number[];
  close(): Promise<void>;
}

async function startListener(): Promise<Listener> {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      received.push({ path: req.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, status === 204 ? {} : { 'Content-Type': 'application/json' });
      res.end(status === 204 ? undefined : status === 200 ? '' : JSON.stringify({ code: 'FAIL', message: 'busy' }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    statuses,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

interface Overrides {
  serial?: string;
  mchid?: string;
  /** Seconds added to now in the signed timestamp (computed when the request is made). */
  skewSeconds?: number;
  tamper?: boolean;
  authorization?: string | null;
  contentType?: string;
}

function authorization(method: string, url: string, body: string, o: Overrides = {}): string {
  const timestamp = String(Math.floor(Date.now() / 1000) + (o.skewSeconds ?? 0));
  const nonce = randomBytes(16).toString('hex');
  const message = `${method}\n${url}\n${timestamp}\n${nonce}\n${body}${o.tamper ? ' ' : ''}\n`;
  const signature = createSign('RSA-SHA256').update(message).sign(wx.merchantPrivateKeyPem, 'base64');
  // Parameters in another order than the docs' example: the double must not care.
  return `WECHATPAY2-SHA256-RSA2048 serial_no="${o.serial ?? wx.merchantSerial}",timestamp="${timestamp}",mchid="${o.mchid ?? wx.mchid}",nonce_str="${nonce}",signature="${signature}"`;
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown, o: Overrides = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const auth = o.authorization === undefined ? authorization(method, path, text, o) : o.authorization;
  const res = await fetch(wx.url + path, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body !== undefined ? { 'Content-Type': o.contentType ?? 'application/json' } : {}),
      ...(auth !== null ? { Authorization: auth } : {}),
    },
    ...(body !== undefined ? { body: text } : {}),
  });
  const raw = await res.text();
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return { status: res.status, headers, raw, json: raw ? (JSON.parse(raw) as any) : undefined };
}

/** Verifies Wechatpay-Signature over `timestamp\nnonce\nbody\n` with the WeChat Pay public key. */
function verifies(headers: Record<string, string>, body: string): boolean {
  const ts = headers['wechatpay-timestamp'];
  const nonce = headers['wechatpay-nonce'];
  const sig = headers['wechatpay-signature'];
  if (!ts || !nonce || !sig || headers['wechatpay-serial'] !== wx.publicKeyId) return false;
  return createVerify('RSA-SHA256').update(`${ts}\n${nonce}\n${body}\n`).verify(wx.publicKeyPem, sig, 'base64');
}

function decrypt(resource: { algorithm: string; ciphertext: string; associated_data: string; nonce: string }): any {
  expect(resource.algorithm).toBe('AEAD_AES_256_GCM');
  const data = Buffer.from(resource.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(wx.apiV3Key, 'utf8'), Buffer.from(resource.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(resource.associated_data, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return JSON.parse(Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8'));
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const order = (no: string, extra: Record<string, unknown> = {}) => ({
  appid: wx.appid,
  mchid: wx.mchid,
  description: '邻里团购-鸡蛋 30枚',
  out_trade_no: no,
  notify_url: `${hook.url}/notify/pay`,
  amount: { total: 2590, currency: 'CNY' },
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  ...extra,
});
const query = (no: string) => call('GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${wx.mchid}`);
const refund = (no: string, rno: string, amount: number) =>
  call('POST', '/v3/refund/domestic/refunds', {
    out_trade_no: no,
    out_refund_no: rno,
    reason: '缺货',
    notify_url: `${hook.url}/notify/refund`,
    amount: { refund: amount, total: 2590, currency: 'CNY' },
  });

beforeAll(async () => {
  wx = await startWechatPayDouble();
  hook = await startListener();
});
afterAll(async () => {
  await wx?.close();
  await hook?.close();
});

describe('keys and settings', () => {
  it('hands out what a merchant configures', () => {
    expect(wx.mchid).toBe('1900000001');
    expect(wx.appid).toBe('wxd678efh567hg6787');
    expect(wx.merchantSerial).toMatch(/^[0-9A-F]{40}$/);
    expect(wx.publicKeyId).toMatch(/^PUB_KEY_ID_\d+$/);
    expect(wx.apiV3Key).toMatch(/^[\x21-\x7e]{32}$/);
    expect(wx.merchantPrivateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(wx.publicKeyPem).toContain('BEGIN PUBLIC KEY');
  });
});

describe('request signatures', () => {
  it('a signed JSAPI prepay gets a prepay_id, in a signed answer', async () => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('LL-A-0001'));
    expect(res.status).toBe(200);
    expect(res.json.prepay_id).toMatch(/^wx\w+$/);
    expect(res.headers['wechatpay-serial']).toBe(wx.publicKeyId);
    expect(res.headers['request-id']).toBeTruthy();
    expect(verifies(res.headers, res.raw)).toBe(true);
    expect(verifies(res.headers, `${res.raw} `)).toBe(false);
    expect(wx.requests.at(-1)).toEqual({ method: 'POST', path: '/v3/pay/transactions/jsapi', status: 200 });
  });

  it.each([
    ['a bad signature', { tamper: true }],
    ['a wrong serial', { serial: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' }],
    ['another mchid', { mchid: '1900000002' }],
    ['an old timestamp', { skewSeconds: -310 }],
    ['a timestamp from the future', { skewSeconds: 310 }],
    ['no Authorization', { authorization: null }],
    ['another scheme', { authorization: 'Bearer abc' }],
  ] as Array<[string, Overrides]>)('refuses %s with 401 SIGN_ERROR, signed', async (_, o) => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('LL-A-0002'), o);
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('SIGN_ERROR');
    expect(verifies(res.headers, res.raw)).toBe(true);
    expect(wx.transactions.has('LL-A-0002')).toBe(false);
  });

  it('signs the query string too', async () => {
    const path = `/v3/pay/transactions/out-trade-no/LL-A-0001?mchid=${wx.mchid}`;
    const auth = authorization('GET', `/v3/pay/transactions/out-trade-no/LL-A-0001`, '');
    const res = await call('GET', path, undefined, { authorization: auth });
    expect(res.status).toBe(401);
  });

  it('wants JSON', async () => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('LL-A-0003'), { contentType: 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('INVALID_REQUEST');
  });
});

describe('prepay validation', () => {
  it.each([
    ['a short out_trade_no', { out_trade_no: 'A1' }, 'PARAM_ERROR'],
    ['a bad character in out_trade_no', { out_trade_no: 'LL#00001' }, 'PARAM_ERROR'],
    ['a fractional amount', { amount: { total: 25.9 } }, 'PARAM_ERROR'],
    ['a zero amount', { amount: { total: 0 } }, 'PARAM_ERROR'],
    ['no payer', { payer: undefined }, 'PARAM_ERROR'],
    ['a notify_url with a query', { notify_url: 'https://linli.example/notify?x=1' }, 'PARAM_ERROR'],
    ['another appid', { appid: 'wx0000000000000000' }, 'APPID_MCHID_NOT_MATCH'],
  ])('refuses %s', async (_, extra, code) => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('LL-B-0001', extra));
    expect(res.status).toBe(400);
    expect(res.json.code).toBe(code);
  });

  it('answers the same prepay again, refuses a changed one', async () => {
    const first = await call('POST', '/v3/pay/transactions/jsapi', order('LL-B-0002'));
    const again = await call('POST', '/v3/pay/transactions/jsapi', order('LL-B-0002'));
    expect(again.json.prepay_id).toBe(first.json.prepay_id);
    const changed = await call('POST', '/v3/pay/transactions/jsapi', order('LL-B-0002', { amount: { total: 100 } }));
    expect(changed.status).toBe(400);
    expect(changed.json.code).toBe('INVALID_REQUEST');
  });

  it('native prepay gives a weixin:// code_url', async () => {
    const res = await call('POST', '/v3/pay/transactions/native', order('LL-B-0003', { payer: undefined }));
    expect(res.status).toBe(200);
    expect(res.json.code_url).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w+$/);
  });
});

describe('payment', () => {
  it('unpaid: NOTPAY without payment fields; unknown: 404 ORDER_NOT_EXIST', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('LL-C-0001'));
    const res = await query('LL-C-0001');
    expect(res.status).toBe(200);
    expect(verifies(res.headers, res.raw)).toBe(true);
    expect(res.json).toMatchObject({ trade_state: 'NOTPAY', out_trade_no: 'LL-C-0001', amount: { total: 2590 } });
    expect(res.json.transaction_id).toBeUndefined();
    expect(res.json.success_time).toBeUndefined();
    const unknown = await query('LL-C-9999');
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('ORDER_NOT_EXIST');
  });

  it('pay() sends TRANSACTION.SUCCESS, signed and encrypted; the query shows SUCCESS', async () => {
    const before = hook.received.length;
    await wx.pay('LL-C-0001');
    const got = hook.received.slice(before);
    expect(got).toHaveLength(1);
    const notice = got[0]!;
    expect(notice.path).toBe('/notify/pay');
    expect(notice.headers['wechatpay-signature-type']).toBe('WECHATPAY2-SHA256-RSA2048');
    expect(verifies(notice.headers, notice.body)).toBe(true);
    const body = JSON.parse(notice.body);
    expect(body).toMatchObject({ event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource' });
    expect(body.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(body.resource.nonce).toHaveLength(12);
    const tx = decrypt(body.resource);
    expect(tx).toMatchObject({
      mchid: wx.mchid,
      appid: wx.appid,
      out_trade_no: 'LL-C-0001',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: 2590, payer_total: 2590, currency: 'CNY', payer_currency: 'CNY' },
    });
    expect(tx.success_time).toMatch(/\+08:00$/);

    const res = await query('LL-C-0001');
    expect(res.json).toEqual(tx);
    expect(wx.notifications.at(-1)).toMatchObject({ eventType: 'TRANSACTION.SUCCESS', outTradeNo: 'LL-C-0001', attempt: 1, status: 200 });
    const byId = await call('GET', `/v3/pay/transactions/id/${tx.transaction_id}?mchid=${wx.mchid}`);
    expect(byId.json.out_trade_no).toBe('LL-C-0001');
  });

  it('a paid order cannot be prepaid or closed again', async () => {
    const again = await call('POST', '/v3/pay/transactions/jsapi', order('LL-C-0001'));
    expect(again.status).toBe(400);
    expect(again.json.code).toBe('ORDERPAID');
    const close = await call('POST', '/v3/pay/transactions/out-trade-no/LL-C-0001/close', { mchid: wx.mchid });
    expect(close.status).toBe(400);
    expect(close.json.code).toBe('ORDERPAID');
  });

  it('close answers 204 with a signed empty body; then ORDER_CLOSED', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('LL-C-0002'));
    const res = await call('POST', '/v3/pay/transactions/out-trade-no/LL-C-0002/close', { mchid: wx.mchid });
    expect(res.status).toBe(204);
    expect(res.raw).toBe('');
    expect(verifies(res.headers, '')).toBe(true);
    expect((await query('LL-C-0002')).json.trade_state).toBe('CLOSED');
    const again = await call('POST', '/v3/pay/transactions/jsapi', order('LL-C-0002'));
    expect(again.json.code).toBe('ORDER_CLOSED');
    await expect(wx.pay('LL-C-0002')).rejects.toThrow();
  });

  it('retries a merchant that answers 500, until it acknowledges', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('LL-C-0003'));
    hook.statuses.push(500, 503);
    const before = hook.received.length;
    await wx.pay('LL-C-0003');
    expect(hook.received.length - before).toBe(3);
    const attempts = wx.notifications.filter((n) => n.outTradeNo === 'LL-C-0003');
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
  });

  it('gives up after the last retry', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('LL-C-0004'));
    wx.retryDelaysMs = [10, 10];
    hook.statuses.push(500, 500, 500);
    await wx.pay('LL-C-0004');
    wx.retryDelaysMs = [50, 200, 1000];
    expect(wx.notifications.filter((n) => n.outTradeNo === 'LL-C-0004').map((a) => a.status)).toEqual([500, 500, 500]);
  });

  it('tampered notifications do not verify; held ones wait for a flush; a raw one replays', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('LL-C-0005'));
    wx.holdNotifications = true;
    wx.tamperNotifications = 'signature';
    const before = hook.received.length;
    await wx.pay('LL-C-0005');
    expect(hook.received.length).toBe(before);
    await wx.flushNotifications();
    wx.holdNotifications = false;
    wx.tamperNotifications = null;
    const tampered = hook.received.at(-1)!;
    expect(verifies(tampered.headers, tampered.body)).toBe(false);

    await call('POST', '/v3/pay/transactions/jsapi', order('LL-C-0006'));
    wx.tamperNotifications = 'timestamp';
    await wx.pay('LL-C-0006');
    wx.tamperNotifications = null;
    const stale = hook.received.at(-1)!;
    expect(verifies(stale.headers, stale.body)).toBe(true);
    expect(Math.floor(Date.now() / 1000) - Number(stale.headers['wechatpay-timestamp'])).toBeGreaterThanOrEqual(599);

    const raw = wx.lastNotification.transaction!;
    expect(raw.outTradeNo).toBe('LL-C-0006');
    expect(await wx.sendNotification(raw)).toBe(200);
    expect(hook.received.at(-1)!.body).toBe(stale.body);
  });

  it('failWith answers every API call with that error', async () => {
    wx.failWith = { status: 500, code: 'SYSTEM_ERROR', message: '系统繁忙,请稍后重试' };
    const res = await query('LL-C-0001');
    wx.failWith = null;
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ code: 'SYSTEM_ERROR', message: '系统繁忙,请稍后重试' });
    expect(verifies(res.headers, res.raw)).toBe(true);
  });
});

describe('refunds', () => {
  beforeAll(async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('LL-D-0001'));
    await wx.pay('LL-D-0001');
  });

  it('an unpaid or unknown order cannot be refunded', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('LL-D-0002'));
    for (const no of ['LL-D-0002', 'LL-D-9999']) {
      const res = await refund(no, `R-${no}`, 100);
      expect(res.status).toBe(404);
      expect(res.json.code).toBe('RESOURCE_NOT_EXISTS');
    }
  });

  it('the same out_refund_no twice refunds once; REFUND.SUCCESS arrives', async () => {
    const first = await refund('LL-D-0001', 'RF-0001', 1000);
    expect(first.status).toBe(200);
    expect(verifies(first.headers, first.raw)).toBe(true);
    expect(first.json).toMatchObject({
      out_refund_no: 'RF-0001',
      out_trade_no: 'LL-D-0001',
      channel: 'ORIGINAL',
      status: 'PROCESSING',
      amount: { total: 2590, refund: 1000, payer_refund: 1000, currency: 'CNY' },
    });
    const second = await refund('LL-D-0001', 'RF-0001', 1000);
    expect(second.status).toBe(200);
    expect(second.json.refund_id).toBe(first.json.refund_id);
    expect(wx.transactions.get('LL-D-0001')?.refunded).toBe(1000);
    const changed = await refund('LL-D-0001', 'RF-0001', 999);
    expect(changed.status).toBe(400);
    expect(changed.json.code).toBe('INVALID_REQUEST');

    await until(() => hook.received.some((r) => r.path === '/notify/refund'));
    const notices = hook.received.filter((r) => r.path === '/notify/refund');
    expect(notices).toHaveLength(1);
    const notice = notices[0]!;
    expect(verifies(notice.headers, notice.body)).toBe(true);
    const body = JSON.parse(notice.body);
    expect(body.event_type).toBe('REFUND.SUCCESS');
    expect(decrypt(body.resource)).toMatchObject({
      mchid: wx.mchid,
      out_trade_no: 'LL-D-0001',
      out_refund_no: 'RF-0001',
      refund_id: first.json.refund_id,
      refund_status: 'SUCCESS',
      amount: { total: 2590, refund: 1000, payer_total: 2590, payer_refund: 1000 },
    });
    const q = await call('GET', '/v3/refund/domestic/refunds/RF-0001');
    expect(q.json).toMatchObject({ status: 'SUCCESS', refund_id: first.json.refund_id });
    expect(q.json.success_time).toMatch(/\+08:00$/);
    expect((await query('LL-D-0001')).json.trade_state).toBe('REFUND');
  });

  it('refuses more than remains, and a wrong total', async () => {
    const over = await refund('LL-D-0001', 'RF-0002', 1591);
    expect(over.status).toBe(400);
    expect(over.json.code).toBe('INVALID_REQUEST');
    const wrongTotal = await call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: 'LL-D-0001',
      out_refund_no: 'RF-0003',
      amount: { refund: 10, total: 2000, currency: 'CNY' },
    });
    expect(wrongTotal.status).toBe(400);
    const rest = await refund('LL-D-0001', 'RF-0004', 1590);
    expect(rest.status).toBe(200);
    expect((await call('GET', '/v3/refund/domestic/refunds/RF-0002')).json.code).toBe('RESOURCE_NOT_EXISTS');
  });

  it('a refund can end ABNORMAL or CLOSED; a closed one frees its amount', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('LL-D-0003'));
    await wx.pay('LL-D-0003');
    wx.refundDelayMs = -1;
    const a = await refund('LL-D-0003', 'RF-0101', 2590);
    wx.refundDelayMs = 0;
    expect(a.json.status).toBe('PROCESSING');
    await wx.settleRefund('RF-0101', 'CLOSED');
    const notice = hook.received.at(-1)!;
    expect(JSON.parse(notice.body).event_type).toBe('REFUND.CLOSED');
    expect(decrypt(JSON.parse(notice.body).resource).refund_status).toBe('CLOSED');
    expect(wx.refunds.get('RF-0101')?.status).toBe('CLOSED');

    wx.refundOutcome = 'ABNORMAL';
    const b = await refund('LL-D-0003', 'RF-0102', 2590);
    wx.refundOutcome = 'SUCCESS';
    expect(b.status).toBe(200);
    await until(() => wx.refunds.get('RF-0102')?.status === 'ABNORMAL');
    await until(() => wx.notifications.some((n) => n.outRefundNo === 'RF-0102' && n.status === 200));
    expect(wx.notifications.find((n) => n.outRefundNo === 'RF-0102')?.eventType).toBe('REFUND.ABNORMAL');
  });
});

describe('H5', () => {
  it('the h5_url page pays on 确认支付 and goes back to redirect_url', async () => {
    const res = await call(
      'POST',
      '/v3/pay/transactions/h5',
      order('LL-E-0001', { payer: undefined, scene_info: { payer_client_ip: '203.0.113.7', h5_info: { type: 'Wap' } } }),
    );
    expect(res.status).toBe(200);
    const h5Url: string = res.json.h5_url;
    expect(h5Url.startsWith(`${wx.url}/pay/h5/`)).toBe(true);

    const back = 'https://linli.example/orders/LL-E-0001?paid=1';
    const pageRes = await fetch(`${h5Url}&redirect_url=${encodeURIComponent(back)}`);
    const html = await pageRes.text();
    expect(pageRes.status).toBe(200);
    expect(html).toContain('¥25.90');
    expect(html).toContain('邻里团购-鸡蛋 30枚');
    expect(html).toContain('id="confirm-pay"');
    expect(html).toContain('确认支付');

    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    const redirectField = /name="redirect_url" value="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    expect(action).toBeTruthy();
    const before = hook.received.length;
    const confirm = await fetch(new URL(action!, wx.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ redirect_url: redirectField ?? '' }).toString(),
      redirect: 'manual',
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toBe(back);
    const notice = hook.received.slice(before).at(0)!;
    expect(verifies(notice.headers, notice.body)).toBe(true);
    expect(decrypt(JSON.parse(notice.body).resource)).toMatchObject({
      trade_type: 'MWEB',
      trade_state: 'SUCCESS',
      out_trade_no: 'LL-E-0001',
    });
    expect((await query('LL-E-0001')).json.trade_state).toBe('SUCCESS');
  });

  it('without redirect_url it says 支付成功', async () => {
    const res = await call(
      'POST',
      '/v3/pay/transactions/h5',
      order('LL-E-0002', { payer: undefined, scene_info: { payer_client_ip: '203.0.113.7', h5_info: { type: 'iOS' } } }),
    );
    const html = await (await fetch(res.json.h5_url)).text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    const confirm = await fetch(new URL(action!, wx.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'redirect_url=',
    });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('支付成功');
  });
});
