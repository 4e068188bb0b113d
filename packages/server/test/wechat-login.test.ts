import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatOAuthDouble, type WechatOAuthDouble, wechatLoginSettings } from '../src/dev/wechat-oauth-double.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// WeChat login through the real server against the OAuth double: the browser's part (following
// redirects, pressing 允许, carrying the state cookie) is played here step by step.

const PUBLIC_URL = 'http://linli.test';
let t: TestApp;
let world: World;
let wx: WechatOAuthDouble;

beforeAll(async () => {
  wx = await startWechatOAuthDouble({
    appid: 'wx1234567890abcdef',
    secret: 'app-secret-of-the-official-account',
    users: [
      { openid: 'oResidentA', nickname: '', headimgurl: 'https://thirdwx.qlogo.cn/a/132' },
      { openid: 'oResidentB', nickname: '小邻居', headimgurl: 'https://thirdwx.qlogo.cn/b/132', unionid: 'uB' },
      { openid: 'oLeader', nickname: '王团长', headimgurl: 'https://thirdwx.qlogo.cn/l/132' },
    ],
  });
  t = await startTestApp(undefined, { env: { LINLI_PUBLIC_URL: PUBLIC_URL, ...wechatLoginSettings(wx) } });
  wx.now = () => t.clock.now().getTime();
  world = await createWorld(t.ctx);
});
afterAll(async () => {
  await t?.close();
  await wx?.close();
});

interface Flow {
  /** The callback address WeChat sent the browser to (path and query on linli). */
  callback: string;
  cookie: string;
}

/** The browser's way to WeChat and back to linli's callback (not yet followed). */
async function toWechatAndBack(as: string, scope: string, options: { token?: string; returnTo?: string } = {}): Promise<Flow> {
  const started = await t.app.server.inject({
    method: 'POST',
    url: '/api/v1/auth/wechat/authorizations',
    payload: { operator: 'test-op', as, scope, returnTo: options.returnTo ?? '/shop/' },
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  });
  expect(started.statusCode, started.body).toBe(201);
  const cookie = String(started.headers['set-cookie']).split(';')[0] as string;
  expect(cookie).toMatch(/^linli_wx_state=\w+$/);
  let res = await fetch(started.json().url, { redirect: 'manual' });
  if (scope === 'snsapi_userinfo') {
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('允许');
    const form = new URLSearchParams();
    for (const m of html.matchAll(/name="(\w+)" value="([^"]*)"/g)) {
      form.set(
        m[1] as string,
        (m[2] as string).replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))),
      );
    }
    res = await fetch(`${wx.url}/connect/oauth2/authorize/allow`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
  }
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location') as string);
  expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/api/v1/auth/wechat/callback`);
  return { callback: `${back.pathname}${back.search}`, cookie };
}

async function callback(flow: Flow, cookie: string | null = flow.cookie) {
  const res = await t.app.server.inject({ method: 'GET', url: flow.callback, headers: cookie ? { cookie } : {} });
  const location = res.headers.location ? new URL(String(res.headers.location), PUBLIC_URL) : undefined;
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body || 'null') : null, location };
}

async function smsCode(phone: string): Promise<string> {
  const sent = await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
  if (sent.status === 429) t.clock.advance(MINUTE);
  if (sent.status === 429) await t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
  return t.sms.lastCode(phone) as string;
}

const bindings = () => t.ctx.db.selectFrom('wechat_accounts').selectAll().orderBy('created_at').execute();
const logins = () => t.ctx.db.selectFrom('wechat_logins').selectAll().orderBy('id').execute();

describe('WeChat login of a resident', () => {
  const phone = nextPhone();
  let residentId: string;

  it('the first time binds a phone by its SMS code, then opens a session', async () => {
    wx.atPhone = 'oResidentA';
    const back = await callback(await toWechatAndBack('resident', 'snsapi_base'));
    expect(back.status).toBe(302);
    expect(back.location?.pathname).toBe('/shop/');
    expect(back.location?.searchParams.get('wechat_next')).toBe('bind_phone');
    const ticket = back.location?.searchParams.get('wechat_ticket') as string;

    const withoutPhone = await t.request('POST', '/api/v1/auth/wechat/sessions', { body: { ticket } });
    expect(withoutPhone).toMatchObject({ status: 400, body: { code: 'WECHAT_PHONE_REQUIRED' } });

    const code = await smsCode(phone);
    const wrong = await t.request('POST', '/api/v1/auth/wechat/sessions', {
      body: { ticket, phone, code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'SMS_CODE_INVALID' } });
    expect(await bindings()).toEqual([]);

    const session = await t.request('POST', '/api/v1/auth/wechat/sessions', { body: { ticket, phone, code } });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    expect(session.body.principal).toMatchObject({ kind: 'resident', phone, operatorId: world.operatorId });
    residentId = session.body.principal.id;
    const me = await t.request('GET', '/api/v1/auth/me', { token: session.body.token });
    expect(me.body.id).toBe(residentId);
    expect(await bindings()).toMatchObject([
      { app_id: wx.appid, openid: 'oResidentA', principal_kind: 'resident', principal_id: residentId, nickname: null },
    ]);

    const reused = await t.request('POST', '/api/v1/auth/wechat/sessions', { body: { ticket } });
    expect(reused).toMatchObject({ status: 400, body: { code: 'WECHAT_TICKET_INVALID', details: { reason: 'used' } } });
  });

  it('the second time WeChat alone logs in', async () => {
    wx.atPhone = 'oResidentA';
    const back = await callback(await toWechatAndBack('resident', 'snsapi_base'));
    expect(back.location?.searchParams.get('wechat_next')).toBe('session');
    const ticket = back.location?.searchParams.get('wechat_ticket') as string;
    const session = await t.request('POST', '/api/v1/auth/wechat/sessions', { body: { ticket } });
    expect(session.status).toBe(201);
    expect(session.body.principal).toMatchObject({ kind: 'resident', id: residentId, phone });
    const again = await t.request('POST', '/api/v1/auth/wechat/sessions', { body: { ticket } });
    expect(again.body.code).toBe('WECHAT_TICKET_INVALID');
  });

  it('snsapi_userinfo stores nickname and avatar; a resident without a name takes the nickname', async () => {
    wx.atPhone = 'oResidentB';
    const back = await callback(await toWechatAndBack('resident', 'snsapi_userinfo'));
    expect(back.location?.searchParams.get('wechat_next')).toBe('bind_phone');
    const phoneB = nextPhone();
    const code = await smsCode(phoneB);
    const ticket = back.location?.searchParams.get('wechat_ticket') as string;
    const session = await t.request('POST', '/api/v1/auth/wechat/sessions', { body: { ticket, phone: phoneB, code } });
    expect(session.status).toBe(201);
    expect(session.body.principal.name).toBe('小邻居');
    const binding = (await bindings()).find((b) => b.openid === 'oResidentB');
    expect(binding).toMatchObject({ nickname: '小邻居', avatar_url: 'https://thirdwx.qlogo.cn/b/132', unionid: 'uB' });
    const mine = await t.request('GET', '/api/v1/auth/wechat/binding', { token: session.body.token });
    expect(mine.body).toEqual({ available: true, bound: true, nickname: '小邻居', avatarUrl: 'https://thirdwx.qlogo.cn/b/132' });
  });

  it('a ticket not redeemed in time is refused', async () => {
    wx.atPhone = 'oResidentA';
    const back = await callback(await toWechatAndBack('resident', 'snsapi_base'));
    const ticket = back.location?.searchParams.get('wechat_ticket') as string;
    t.clock.advance(11 * MINUTE);
    const late = await t.request('POST', '/api/v1/auth/wechat/sessions', { body: { ticket } });
    expect(late).toMatchObject({ status: 400, body: { code: 'WECHAT_TICKET_INVALID', details: { reason: 'expired' } } });
    const unknown = await t.request('POST', '/api/v1/auth/wechat/sessions', { body: { ticket: 'x'.repeat(43) } });
    expect(unknown.body).toMatchObject({ code: 'WECHAT_TICKET_INVALID', details: { reason: 'unknown' } });
  });
});

describe('refused callbacks change nothing', () => {
  it('a forged state, another browser, a replayed callback and an expired state are 400 WECHAT_STATE_INVALID', async () => {
    wx.atPhone = 'oResidentA';
    const flow = await toWechatAndBack('resident', 'snsapi_base');
    const url = new URL(flow.callback, PUBLIC_URL);
    const state = url.searchParams.get('state') as string;
    const forgedState = `${state.slice(0, -1)}${state.endsWith('a') ? 'b' : 'a'}`;
    url.searchParams.set('state', forgedState);
    const before = await logins();
    const forged = await callback({ callback: `${url.pathname}${url.search}`, cookie: flow.cookie });
    expect(forged).toMatchObject({ status: 400, body: { code: 'WECHAT_STATE_INVALID', details: { reason: 'forged' } } });
    const otherBrowser = await callback(flow, null);
    expect(otherBrowser.body).toMatchObject({ code: 'WECHAT_STATE_INVALID', details: { reason: 'other_browser' } });
    expect(await logins()).toEqual(before);

    expect((await callback(flow)).status).toBe(302);
    const afterFirst = await logins();
    const replayed = await callback(flow);
    expect(replayed).toMatchObject({ status: 400, body: { code: 'WECHAT_STATE_INVALID', details: { reason: 'used' } } });
    expect(await logins()).toEqual(afterFirst);

    const slow = await toWechatAndBack('resident', 'snsapi_base');
    t.clock.advance(11 * MINUTE);
    const expired = await callback(slow);
    expect(expired.body).toMatchObject({ code: 'WECHAT_STATE_INVALID', details: { reason: 'expired' } });
  });

  it('a code WeChat refuses comes back as wechat_error=WECHAT_CODE_REJECTED; no code as WECHAT_AUTHORIZATION_DENIED', async () => {
    wx.atPhone = 'oResidentA';
    const used = new URL((await toWechatAndBack('resident', 'snsapi_base')).callback, PUBLIC_URL).searchParams.get('code') as string;
    await fetch(
      `${wx.url}/sns/oauth2/access_token?${new URLSearchParams({ appid: wx.appid, secret: wx.secret, code: used, grant_type: 'authorization_code' })}`,
    );
    const flow = await toWechatAndBack('resident', 'snsapi_base');
    const url = new URL(flow.callback, PUBLIC_URL);
    url.searchParams.set('code', used);
    const before = (await bindings()).length;
    const rejected = await callback({ callback: `${url.pathname}${url.search}`, cookie: flow.cookie });
    expect(rejected.status).toBe(302);
    expect(rejected.location?.searchParams.get('wechat_error')).toBe('WECHAT_CODE_REJECTED');
    expect(rejected.location?.searchParams.has('wechat_ticket')).toBe(false);

    const denied = await toWechatAndBack('resident', 'snsapi_base');
    const noCode = new URL(denied.callback, PUBLIC_URL);
    noCode.searchParams.delete('code');
    const back = await callback({ callback: `${noCode.pathname}${noCode.search}`, cookie: denied.cookie });
    expect(back.location?.searchParams.get('wechat_error')).toBe('WECHAT_AUTHORIZATION_DENIED');
    expect((await bindings()).length).toBe(before);
  });

  it('a return address off this site is refused at the start', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const res = await t.request('POST', '/api/v1/auth/wechat/authorizations', {
        body: { operator: 'test-op', as: 'resident', scope: 'snsapi_base', returnTo },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('a leader binds WeChat from their profile', () => {
  it('binds while logged in, then logs in with WeChat alone, and unbinds', async () => {
    const leader = world.leaders[0] as World['leaders'][number];
    const token = await t.login('leader', leader.phone);
    wx.atPhone = 'oLeader';
    const back = await callback(await toWechatAndBack('leader', 'snsapi_userinfo', { token, returnTo: '/leader/me' }));
    expect(back.location?.pathname).toBe('/leader/me');
    expect(back.location?.searchParams.get('wechat')).toBe('bound');
    expect((await t.request('GET', '/api/v1/auth/wechat/binding', { token })).body).toMatchObject({ bound: true, nickname: '王团长' });

    const login = await callback(await toWechatAndBack('leader', 'snsapi_base', { returnTo: '/leader/' }));
    expect(login.location?.searchParams.get('wechat_next')).toBe('session');
    const session = await t.request('POST', '/api/v1/auth/wechat/sessions', {
      body: { ticket: login.location?.searchParams.get('wechat_ticket') },
    });
    expect(session.body.principal).toMatchObject({ kind: 'leader', id: leader.id });

    // The same WeChat account cannot be bound to a second leader.
    const other = world.leaders[1] as World['leaders'][number];
    const otherToken = await t.login('leader', other.phone);
    const refused = await callback(await toWechatAndBack('leader', 'snsapi_base', { token: otherToken, returnTo: '/leader/me' }));
    expect(refused.location?.searchParams.get('wechat_error')).toBe('WECHAT_ALREADY_BOUND');
    expect((await t.request('GET', '/api/v1/auth/wechat/binding', { token: otherToken })).body.bound).toBe(false);

    expect((await t.request('DELETE', '/api/v1/auth/wechat/binding', { token })).status).toBe(204);
    expect((await t.request('DELETE', '/api/v1/auth/wechat/binding', { token })).body.code).toBe('NOT_FOUND');
    expect((await t.request('GET', '/api/v1/auth/wechat/binding', { token })).body.bound).toBe(false);
    const unbound = await callback(await toWechatAndBack('leader', 'snsapi_base', { returnTo: '/leader/' }));
    expect(unbound.location?.searchParams.get('wechat_next')).toBe('bind_phone');
  });

  it('a resident session cannot start a leader binding', async () => {
    const token = await t.login('resident', nextPhone());
    const res = await t.request('POST', '/api/v1/auth/wechat/authorizations', {
      token,
      body: { operator: 'test-op', as: 'leader', scope: 'snsapi_base', returnTo: '/leader/me' },
    });
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('the OpenAPI document lists the WeChat routes', async () => {
    const paths = Object.keys((await t.request('GET', '/api/docs/json')).body.paths);
    for (const p of ['authorizations', 'callback', 'sessions', 'binding']) expect(paths).toContain(`/api/v1/auth/wechat/${p}`);
  });

  it('the shop is told WeChat login is offered', async () => {
    expect((await t.request('GET', '/api/v1/public/config')).body.wechatLogin).toBe(true);
  });
});

describe('housekeeping', () => {
  it('a new login removes the logins whose state ended more than a day ago', async () => {
    const before = (await logins()).length;
    expect(before).toBeGreaterThan(0);
    t.clock.advance(25 * 60 * MINUTE);
    wx.atPhone = 'oResidentA';
    await toWechatAndBack('resident', 'snsapi_base');
    expect(await logins()).toHaveLength(1);
  });
});
