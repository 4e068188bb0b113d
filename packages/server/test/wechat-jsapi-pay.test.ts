import { createPublicKey, createVerify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatOAuthDouble, type WechatOAuthDouble, wechatLoginSettings } from '../src/dev/wechat-oauth-double.ts';
import { freePort, linliSettings, startWechatPayDouble, type WechatPayDouble } from '../src/dev/wechatpay-double.ts';
import { createOpenCampaign, createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// Paying inside WeChat: a resident who logged in with WeChat has an openid under the WeChat Pay
// app id, so the pay step prepares a JSAPI payment for it (looked up by the server) and answers
// the signed parameters of getBrandWCPayRequest; a resident without one pays by H5.

const APPID = 'wx1234567890abcdef';
let pay: WechatPayDouble;
let oauth: WechatOAuthDouble;
let t: TestApp;
let w: World;
let lineIds: string[];
let keyDir: string;
let base: string;

beforeAll(async () => {
  pay = await startWechatPayDouble({ appid: APPID, retryDelaysMs: [20, 50] });
  oauth = await startWechatOAuthDouble({
    appid: APPID,
    users: [{ openid: 'oPayingResident', nickname: '付款人', headimgurl: 'https://thirdwx.qlogo.cn/p/132' }],
  });
  keyDir = mkdtempSync(join(tmpdir(), 'linli-jsapi-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await startTestApp('2026-11-20T02:00:00Z', { env: { ...linliSettings(pay, keyDir, base), ...wechatLoginSettings(oauth) } });
  pay.now = () => t.clock.now().getTime();
  oauth.now = () => t.clock.now().getTime();
  await t.app.server.listen({ port, host: '127.0.0.1' });
  w = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 1 });
  lineIds = (await createOpenCampaign(t.ctx, w, { priceFen: 990 })).lineIds;
});
afterAll(async () => {
  await t?.close();
  await pay?.close();
  await oauth?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

/** Logs in through WeChat (the browser's part played here), binding a fresh phone: the session token. */
async function wechatLogin(): Promise<string> {
  const started = await t.app.server.inject({
    method: 'POST',
    url: '/api/v1/auth/wechat/authorizations',
    payload: { operator: 'test-op', as: 'resident', scope: 'snsapi_base', returnTo: '/shop/' },
  });
  const cookie = String(started.headers['set-cookie']).split(';')[0] as string;
  const atWechat = await fetch(started.json().url, { redirect: 'manual' });
  const back = new URL(atWechat.headers.get('location') as string);
  const callback = await t.app.server.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie } });
  const ticket = new URL(String(callback.headers.location), base).searchParams.get('wechat_ticket');
  const phone = nextPhone();
  await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
  const session = await t.request('POST', '/api/v1/auth/wechat/sessions', { body: { ticket, phone, code: t.sms.lastCode(phone) } });
  expect(session.status, JSON.stringify(session.body)).toBe(201);
  return session.body.token;
}

async function placeOrder(token: string): Promise<{ id: string; totalFen: number }> {
  const res = await t.request('POST', '/api/v1/shop/orders', {
    token,
    body: { pickupPointId: w.leaders[0]?.pickupPointId, lines: [{ campaignLineId: lineIds[0], quantity: 1 }] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('JSAPI payment in the shop', () => {
  it('answers signed getBrandWCPayRequest parameters for a resident with a bound openid; paying at WeChat pays the order', async () => {
    const token = await wechatLogin();
    const order = await placeOrder(token);
    const res = await t.request('POST', `/api/v1/shop/orders/${order.id}/payments`, { token, body: { channel: 'jsapi' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.h5Url).toBeUndefined();
    const jsapi = res.body.jsapi as Record<string, string>;
    expect(jsapi).toMatchObject({ appId: APPID, signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
    // The pay sign is the merchant's RSA signature over appId, timeStamp, nonceStr and package.
    const verified = createVerify('RSA-SHA256')
      .update(`${jsapi.appId}\n${jsapi.timeStamp}\n${jsapi.nonceStr}\n${jsapi.package}\n`)
      .verify(createPublicKey(pay.merchantPrivateKeyPem), jsapi.paySign as string, 'base64');
    expect(verified).toBe(true);
    expect(jsapi.timeStamp).toBe(String(Math.floor(t.clock.now().getTime() / 1000)));

    const trade = pay.transactions.get(res.body.paymentId);
    expect(trade).toMatchObject({ trade_state: 'NOTPAY', prepay_id: (jsapi.package as string).slice('prepay_id='.length) });
    await pay.pay(res.body.paymentId);
    expect(pay.transactions.get(res.body.paymentId)).toMatchObject({ trade_type: 'JSAPI', payer: { openid: 'oPayingResident' } });
    const status = await t.request('GET', `/api/v1/shop/orders/${order.id}`, { token });
    expect(status.body.status).toBe('paid');
  });

  it('falls back to H5 for a resident without a bound openid', async () => {
    const token = await t.login('resident', w.residents[0]?.phone as string);
    const order = await placeOrder(token);
    const res = await t.request('POST', `/api/v1/shop/orders/${order.id}/payments`, { token, body: { channel: 'jsapi' } });
    expect(res.status).toBe(201);
    expect(res.body.jsapi).toBeUndefined();
    expect(res.body.h5Url).toMatch(new RegExp(`^${pay.url}/pay/h5/`));
    expect(pay.transactions.get(res.body.paymentId)?.trade_type).toBeUndefined();
    expect(pay.requests.filter((r) => r.path === '/v3/pay/transactions/h5').length).toBe(1);
  });

  it('the browser cannot name an openid of its own', async () => {
    const token = await t.login('resident', w.residents[0]?.phone as string);
    const order = await placeOrder(token);
    const res = await t.request('POST', `/api/v1/shop/orders/${order.id}/payments`, {
      token,
      body: { channel: 'jsapi', openid: 'oSomeoneElse' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
