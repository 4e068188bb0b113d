import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startWechatPayDouble, type WechatPayDouble } from '../src/dev/wechatpay-double.ts';
import { bindWechatAccount } from '../src/modules/identity/index.ts';
import { sendPendingRefunds } from '../src/modules/payment/refund.sender.ts';
import { unseal } from '../src/platform/sealed.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// Two operators on one installation, each with its own WeChat Pay merchant (a double each, with its
// own keys), behind one API host as WeChat Pay has: a router sends each signed request to the double
// of the merchant its Authorization names. The installation has no merchant of its own.

const SETTINGS = '/api/v1/admin/payment-settings/wechatpay';
const NOTIFY = '/api/v1/payments/wechatpay/notify';
let wxA: WechatPayDouble;
let wxB: WechatPayDouble;
let host: Server;
let t: TestApp;
let base: string;
let a: Shop;
let b: Shop;
let adminA: string;
let adminB: string;
let financeA: string;

interface Shop {
  world: World;
  lineId: string;
  resident: string;
}

/** WeChat Pay's one API host for every merchant: forwards each request, as is, to the double of the merchant it is signed by. */
async function startApiHost(doubles: WechatPayDouble[]): Promise<Server> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const mchid = /mchid="(\d+)"/.exec(req.headers.authorization ?? '')?.[1];
    const target = doubles.find((d) => d.mchid === mchid) ?? doubles[0];
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host') headers[name] = value;
    const answer = await fetch(`${target?.url}${req.url}`, {
      method: req.method,
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const answerHeaders: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') answerHeaders[name] = value;
    });
    res.writeHead(answer.status, answerHeaders);
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

/** What an admin pastes into the settings screen for a merchant. */
const credentialsOf = (d: WechatPayDouble) => ({
  mchid: d.mchid,
  appid: d.appid,
  merchantSerial: d.merchantSerial,
  privateKeyPem: d.merchantPrivateKeyPem,
  apiV3Key: d.apiV3Key,
  publicKeyId: d.publicKeyId,
  publicKeyPem: d.publicKeyPem,
});

/** The base64 body of a PEM: the key material itself, whatever the line breaks. */
const keyBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/** The raw JSON text a request answers, over the socket. */
async function raw(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, text: await res.text() };
}

async function shop(slug: string): Promise<Shop> {
  const world = await createWorld(t.ctx, { slug, skus: 1, leaders: 1, residents: 1 });
  const { lineIds } = await createOpenCampaign(t.ctx, world, { priceFen: 990 });
  return { world, lineId: lineIds[0] as string, resident: await t.login('resident', world.residents[0]?.phone as string, slug) };
}

async function placeOrder(s: Shop) {
  const res = await t.request('POST', '/api/v1/shop/orders', {
    token: s.resident,
    body: { lines: [{ campaignLineId: s.lineId, quantity: 1 }] },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body as { id: string; totalFen: number; payment: { paymentId: string } };
}

const payH5 = (s: Shop, orderId: string) =>
  t.request('POST', `/api/v1/shop/orders/${orderId}/payments`, { token: s.resident, body: { channel: 'h5' } });

const orderStatus = async (id: string) =>
  (await t.ctx.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

const stored = (operatorId: string) =>
  t.ctx.db.selectFrom('wechatpay_credentials').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();

beforeAll(async () => {
  wxA = await startWechatPayDouble({ mchid: '1900000011', appid: 'wxa000000000000011', retryDelaysMs: [20], refundDelayMs: -1 });
  wxB = await startWechatPayDouble({ mchid: '1900000022', appid: 'wxb000000000000022', retryDelaysMs: [20], refundDelayMs: -1 });
  host = await startApiHost([wxA, wxB]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await startTestApp('2026-11-20T02:00:00Z', {
    env: {
      LINLI_PAYMENT_PROVIDER: 'wechatpay',
      LINLI_PUBLIC_URL: base,
      LINLI_WECHATPAY_BASE_URL: `http://127.0.0.1:${(host.address() as AddressInfo).port}`,
    },
  });
  wxA.now = () => t.clock.now().getTime();
  wxB.now = () => t.clock.now().getTime();
  await t.app.server.listen({ port, host: '127.0.0.1' });
  a = await shop('shop-a');
  b = await shop('shop-b');
  adminA = await t.login('staff', a.world.adminPhone, 'shop-a');
  adminB = await t.login('staff', b.world.adminPhone, 'shop-b');
  financeA = await t.login('staff', (await createStaff(t.ctx, a.world.operatorId, ['finance'])).phone, 'shop-a');
});
afterAll(async () => {
  await t?.close();
  await new Promise((done) => host?.close(done));
  await wxA?.close();
  await wxB?.close();
});

describe('an operator without WeChat Pay credentials, on an installation without any', () => {
  it('is refused at the pay step with WECHATPAY_NOT_CONFIGURED, and nothing is written', async () => {
    const state = await t.request('GET', SETTINGS, { token: adminA });
    expect(state.status).toBe(200);
    expect(state.body).toEqual({ provider: 'wechatpay', source: 'none', own: null, notifyUrl: null });
    const order = await placeOrder(a);
    const payments = async () => (await t.ctx.db.selectFrom('payments').select('id').where('order_id', '=', order.id).execute()).length;
    const before = await payments();
    const res = await payH5(a, order.id);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('WECHATPAY_NOT_CONFIGURED');
    expect(await payments()).toBe(before);
    expect(await orderStatus(order.id)).toBe('pending_payment');
    expect(wxA.requests.length + wxB.requests.length).toBe(0);
  });
});

describe('setting credentials', () => {
  it('refuses bad credentials with WECHATPAY_CREDENTIALS_INVALID naming the field, and changes nothing', async () => {
    const good = credentialsOf(wxA);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, mchid: 'abc' }, 'mchid'],
      [{ ...good, appid: 'wx123' }, 'appid'],
      [{ ...good, merchantSerial: 'not-hex!' }, 'merchantSerial'],
      [{ ...good, publicKeyId: 'KEY_1' }, 'publicKeyId'],
      [{ ...good, privateKeyPem: '-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----' }, 'privateKeyPem'],
      [{ ...good, privateKeyPem: ec }, 'privateKeyPem'],
      [{ ...good, apiV3Key: good.apiV3Key.slice(1) }, 'apiV3Key'],
      [{ ...good, publicKeyPem: good.privateKeyPem }, 'publicKeyPem'],
      [{ ...good, privateKeyPem: undefined }, 'privateKeyPem'],
      [{ ...good, apiV3Key: undefined }, 'apiV3Key'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('PUT', SETTINGS, { token: adminA, body });
      expect([res.status, res.body.code, res.body.details?.field]).toEqual([400, 'WECHATPAY_CREDENTIALS_INVALID', field]);
    }
    const unknownField = await t.request('PUT', SETTINGS, { token: adminA, body: { ...good, extra: 1 } });
    expect([unknownField.status, unknownField.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await stored(a.world.operatorId)).toBeUndefined();
  });

  it('seals the private key and the APIv3 key at rest and never answers them, not even masked', async () => {
    const put = await raw('PUT', SETTINGS, adminA, credentialsOf(wxA));
    expect(put.status).toBe(200);
    const get = await raw('GET', SETTINGS, adminA);
    for (const text of [put.text, get.text]) {
      expect(text).not.toContain(keyBody(wxA.merchantPrivateKeyPem).slice(0, 40));
      expect(text).not.toContain(wxA.apiV3Key);
      expect(text).not.toMatch(/PRIVATE KEY|apiV3Key"|privateKeyPem/);
    }
    expect(JSON.parse(get.text)).toMatchObject({
      provider: 'wechatpay',
      source: 'operator',
      own: {
        mchid: wxA.mchid,
        appid: wxA.appid,
        merchantSerial: wxA.merchantSerial.toUpperCase(),
        publicKeyId: wxA.publicKeyId,
        privateKeySet: true,
        apiV3KeySet: true,
        publicKeySet: true,
        setAt: '2026-11-20T02:00:00.000Z',
        setBy: { name: expect.stringContaining('staff') },
      },
      notifyUrl: `${base}${NOTIFY}/${a.world.operatorId}`,
    });
    const row = await stored(a.world.operatorId);
    const columns = JSON.stringify(row);
    expect(columns).not.toContain(keyBody(wxA.merchantPrivateKeyPem).slice(0, 40));
    expect(columns).not.toContain(wxA.apiV3Key);
    expect(row?.private_key_sealed).toMatch(/^v1\./);
    expect(keyBody(unseal(t.ctx.secret, row?.private_key_sealed as string))).toBe(keyBody(wxA.merchantPrivateKeyPem));
    expect(unseal(t.ctx.secret, row?.apiv3_key_sealed as string)).toBe(wxA.apiV3Key);
  });

  it("keeps them to their operator's admins: another operator's admin, a finance clerk and a resident are refused", async () => {
    const other = await t.request('GET', SETTINGS, { token: adminB });
    expect(other.body).toMatchObject({ source: 'none', own: null });
    for (const token of [financeA, a.resident]) {
      for (const [method, path, body] of [
        ['GET', SETTINGS, undefined],
        ['PUT', SETTINGS, credentialsOf(wxB)],
        ['DELETE', SETTINGS, undefined],
        ['POST', `${SETTINGS}/test`, undefined],
      ] as const) {
        const res = await t.request(method, path, { token, ...(body ? { body } : {}) });
        expect([method, res.status, res.body.code]).toEqual([method, 403, 'FORBIDDEN']);
      }
    }
    // B's admin setting credentials sets B's, never A's.
    expect((await t.request('PUT', SETTINGS, { token: adminB, body: credentialsOf(wxB) })).status).toBe(200);
    expect((await stored(a.world.operatorId))?.mchid).toBe(wxA.mchid);
    expect((await stored(b.world.operatorId))?.mchid).toBe(wxB.mchid);
    const refused = await t.request('PUT', SETTINGS, { token: adminB, body: { ...credentialsOf(wxB), apiV3Key: 'x'.repeat(31) } });
    expect(refused.body.code).toBe('WECHATPAY_CREDENTIALS_INVALID');
    expect((await stored(b.world.operatorId))?.revision).toBe(1);
  });

  it('tests the connection with one signed query WeChat Pay answers ORDER_NOT_EXIST', async () => {
    const res = await t.request('POST', `${SETTINGS}/test`, { token: adminA });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, code: 'ORDER_NOT_EXIST' });
    const asked = wxA.requests.at(-1);
    expect(asked?.path).toMatch(/^\/v3\/pay\/transactions\/out-trade-no\/linlitest[0-9a-f]{16}\?mchid=1900000011$/);
    expect(wxB.requests.some((r) => r.path.includes('linlitest'))).toBe(false);
  });
});

describe('two operators paying through their own merchants', () => {
  it("pays each operator's order at its own merchant, and each notification is verified with its own keys", async () => {
    const orderA = await placeOrder(a);
    const orderB = await placeOrder(b);
    const payA = await payH5(a, orderA.id);
    const payB = await payH5(b, orderB.id);
    expect([payA.status, payB.status]).toEqual([201, 201]);
    expect(wxA.transactions.get(payA.body.paymentId)).toMatchObject({
      mchid: wxA.mchid,
      appid: wxA.appid,
      notify_url: `${base}${NOTIFY}/${a.world.operatorId}`,
    });
    expect(wxB.transactions.get(payB.body.paymentId)).toMatchObject({
      mchid: wxB.mchid,
      notify_url: `${base}${NOTIFY}/${b.world.operatorId}`,
    });
    expect(wxA.transactions.has(payB.body.paymentId)).toBe(false);
    expect(wxB.transactions.has(payA.body.paymentId)).toBe(false);

    await wxA.pay(payA.body.paymentId);
    await wxB.pay(payB.body.paymentId);
    expect(wxA.notifications.filter((n) => n.outTradeNo === payA.body.paymentId).map((n) => n.status)).toEqual([204]);
    expect(wxB.notifications.filter((n) => n.outTradeNo === payB.body.paymentId).map((n) => n.status)).toEqual([204]);
    expect([await orderStatus(orderA.id), await orderStatus(orderB.id)]).toEqual(['paid', 'paid']);
  });

  it("pays by JSAPI with an openid of the operator's own merchant's app, and by H5 when the resident's WeChat is of another app", async () => {
    const residentOf = async (s: Shop) =>
      (await t.ctx.db.selectFrom('residents').select('id').where('operator_id', '=', s.world.operatorId).executeTakeFirstOrThrow()).id;
    // A's resident logged in with WeChat under A's merchant's app; B's under an official account that is not B's merchant's.
    await bindWechatAccount(t.ctx.db, t.clock.now(), {
      operatorId: a.world.operatorId,
      appId: wxA.appid,
      openid: 'oResidentOfA',
      kind: 'resident',
      principalId: await residentOf(a),
    });
    await bindWechatAccount(t.ctx.db, t.clock.now(), {
      operatorId: b.world.operatorId,
      appId: 'wx1111111111111111',
      openid: 'oResidentOfB',
      kind: 'resident',
      principalId: await residentOf(b),
    });
    const orderA = await placeOrder(a);
    const orderB = await placeOrder(b);
    const jsapiA = await t.request('POST', `/api/v1/shop/orders/${orderA.id}/payments`, { token: a.resident, body: { channel: 'jsapi' } });
    const jsapiB = await t.request('POST', `/api/v1/shop/orders/${orderB.id}/payments`, { token: b.resident, body: { channel: 'jsapi' } });
    expect([jsapiA.status, jsapiB.status]).toEqual([201, 201]);
    expect(jsapiA.body.jsapi).toMatchObject({ appId: wxA.appid, package: expect.stringMatching(/^prepay_id=/) });
    expect(wxA.transactions.get(jsapiA.body.paymentId)).toMatchObject({ appid: wxA.appid });
    expect(jsapiB.body.jsapi).toBeUndefined();
    expect(jsapiB.body.h5Url).toMatch(new RegExp(`^${wxB.url}/pay/h5/`));
  });

  it("refuses a merchant's genuine notification at another operator's address and at the installation's, changing nothing", async () => {
    const order = await placeOrder(a);
    const pay = await payH5(a, order.id);
    // Caught on its way: while A has no credentials, A's address takes nothing (404), and the double gives up at once.
    wxA.retryDelaysMs = [];
    expect((await t.request('DELETE', SETTINGS, { token: adminA })).status).toBe(200);
    try {
      await wxA.pay(pay.body.paymentId);
    } finally {
      wxA.retryDelaysMs = [20];
      expect((await t.request('PUT', SETTINGS, { token: adminA, body: credentialsOf(wxA) })).status).toBe(200);
    }
    expect(wxA.notifications.filter((n) => n.outTradeNo === pay.body.paymentId).map((n) => n.status)).toEqual([404]);
    const genuine = wxA.lastNotification.transaction;
    if (!genuine) throw new Error('no notification');
    for (const url of [`${base}${NOTIFY}/${b.world.operatorId}`, `${base}${NOTIFY}`]) {
      const status = await wxA.sendNotification({ ...genuine, url });
      expect([url, status]).toEqual([url, url.endsWith(NOTIFY) ? 404 : 400]);
      expect(await orderStatus(order.id)).toBe('pending_payment');
    }
    // A's notification at A's address, verified with A's keys, pays.
    expect(await wxA.sendNotification(genuine)).toBe(204);
    expect(await orderStatus(order.id)).toBe('paid');
  });

  it("refunds at the operator's own merchant", async () => {
    const order = await placeOrder(b);
    const pay = await payH5(b, order.id);
    await wxB.pay(pay.body.paymentId);
    expect((await t.request('POST', `/api/v1/shop/orders/${order.id}/cancel`, { token: b.resident, body: {} })).status).toBe(200);
    const refund = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    await sendPendingRefunds(t.ctx);
    expect(wxB.refunds.get(refund.id)).toMatchObject({ out_trade_no: pay.body.paymentId, status: 'PROCESSING' });
    expect(wxA.refunds.has(refund.id)).toBe(false);
    await wxB.settleRefund(refund.id, 'SUCCESS');
    expect((await t.ctx.db.selectFrom('refunds').select('status').where('id', '=', refund.id).executeTakeFirstOrThrow()).status).toBe(
      'succeeded',
    );
  });

  it('uses replaced credentials at once (the built client is dropped), and after removal the operator cannot take WeChat Pay', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const replaced = await t.request('PUT', SETTINGS, { token: adminA, body: { ...credentialsOf(wxA), privateKeyPem: stranger } });
    expect(replaced.status).toBe(200);
    expect((await stored(a.world.operatorId))?.revision).toBe(2);
    const order = await placeOrder(a);
    const refused = await payH5(a, order.id);
    // The double refuses a signature by a key that is not the merchant's.
    expect([refused.status, refused.body.code, refused.body.details?.provider]).toEqual([502, 'PAYMENT_PROVIDER_FAILED', 'SIGN_ERROR']);
    // Only the private key replaced again: the APIv3 key absent keeps the stored one.
    const { apiV3Key: _kept, ...withoutApiV3Key } = credentialsOf(wxA);
    expect((await t.request('PUT', SETTINGS, { token: adminA, body: withoutApiV3Key })).status).toBe(200);
    expect((await payH5(a, order.id)).status).toBe(201);

    const removed = await t.request('DELETE', SETTINGS, { token: adminA });
    expect(removed.body).toMatchObject({ source: 'none', own: null });
    expect(await stored(a.world.operatorId)).toBeUndefined();
    const again = await payH5(a, order.id);
    expect([again.status, again.body.code]).toEqual([409, 'WECHATPAY_NOT_CONFIGURED']);
    expect((await t.request('DELETE', SETTINGS, { token: adminA })).status).toBe(404);
    // B's are untouched.
    expect((await t.request('GET', SETTINGS, { token: adminB })).body.own.mchid).toBe(wxB.mchid);
  });
});

describe("each operator's daily bill", () => {
  it("is fetched from its own merchant at 10:30 the next morning and checked against that operator's payments only", async () => {
    // A's credentials again (removed above): its payments were taken by its own merchant.
    expect((await t.request('PUT', SETTINGS, { token: adminA, body: credentialsOf(wxA) })).status).toBe(200);
    t.clock.set(new Date('2026-11-21T02:31:00Z'));
    await t.ctx.jobs.tick();
    const checks = await t.ctx.db.selectFrom('provider_bill_checks').select(['provider', 'bill_date']).orderBy('provider').execute();
    expect(checks).toEqual(
      [`wechatpay:${a.world.operatorId}`, `wechatpay:${b.world.operatorId}`]
        .sort()
        .map((provider) => ({ provider, bill_date: '2026-11-20' })),
    );
    const paidOf = async (s: Shop) =>
      t.ctx.db
        .selectFrom('payments')
        .select(['id', 'amount_fen'])
        .where('operator_id', '=', s.world.operatorId)
        .where('status', '=', 'succeeded')
        .execute();
    for (const [s, token, wx] of [
      [a, adminA, wxA],
      [b, adminB, wxB],
    ] as const) {
      const paid = await paidOf(s);
      expect(paid.length).toBe(2);
      const bill = await t.request('GET', '/api/v1/admin/finance/provider-bill?date=2026-11-20', { token });
      expect(bill.body).toMatchObject({
        provider: 'wechatpay',
        keepsBills: true,
        check: { paymentsCount: paid.length, paymentsFen: paid.reduce((sum, p) => sum + p.amount_fen, 0), differences: [] },
      });
      expect(wx.requests.some((r) => r.path.startsWith('/v3/bill/tradebill?bill_date=2026-11-20'))).toBe(true);
    }
  });
});
