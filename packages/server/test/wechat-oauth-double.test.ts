import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatOAuthDouble, type WechatOAuthDouble } from '../src/dev/wechat-oauth-double.ts';

// A tiny client written here from the protocol (网页授权), to prove the double speaks it.

let wx: WechatOAuthDouble;
let nowMs = Date.parse('2026-11-20T02:00:00Z');
const users = [
  { openid: 'oAlice', nickname: '爱丽丝', headimgurl: 'https://thirdwx.qlogo.cn/alice/132', unionid: 'uAlice' },
  { openid: 'oBob', nickname: '鲍勃', headimgurl: 'https://thirdwx.qlogo.cn/bob/132' },
];

beforeAll(async () => {
  wx = await startWechatOAuthDouble({ appid: 'wx1234567890abcdef', secret: 'the-app-secret', users, now: () => nowMs });
});
afterAll(() => wx.close());

const authorizeUrl = (scope: string, extra: Record<string, string> = {}) =>
  `${wx.url}/connect/oauth2/authorize?${new URLSearchParams({
    appid: wx.appid,
    redirect_uri: 'https://shop.example.com/api/v1/auth/wechat/callback',
    response_type: 'code',
    scope,
    state: 'abc123',
    ...extra,
  })}#wechat_redirect`;

async function exchange(code: string, secret = wx.secret, appid = wx.appid) {
  const q = new URLSearchParams({ appid, secret, code, grant_type: 'authorization_code' });
  const res = await fetch(`${wx.url}/sns/oauth2/access_token?${q}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function userinfo(accessToken: string, openid: string) {
  const res = await fetch(`${wx.url}/sns/userinfo?${new URLSearchParams({ access_token: accessToken, openid, lang: 'zh_CN' })}`);
  return (await res.json()) as Record<string, unknown>;
}

describe('WeChat web authorization double', () => {
  it('snsapi_base redirects at once with a code and the state; the code gives the openid of the person at the phone', async () => {
    wx.atPhone = 'oAlice';
    const res = await fetch(authorizeUrl('snsapi_base'), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location') as string);
    expect(to.origin + to.pathname).toBe('https://shop.example.com/api/v1/auth/wechat/callback');
    expect(to.searchParams.get('state')).toBe('abc123');
    const token = await exchange(to.searchParams.get('code') as string);
    expect(token).toMatchObject({ openid: 'oAlice', scope: 'snsapi_base', expires_in: 7200, unionid: 'uAlice' });
    expect(token.access_token).toEqual(expect.any(String));
    expect(token.refresh_token).toEqual(expect.any(String));
    // The base scope may not read the profile.
    expect(await userinfo(token.access_token as string, 'oAlice')).toMatchObject({ errcode: 48001 });
  });

  it('snsapi_userinfo asks first (允许), then redirects; its token reads nickname and avatar', async () => {
    wx.atPhone = 'oBob';
    const consent = await fetch(authorizeUrl('snsapi_userinfo'), { redirect: 'manual' });
    expect(consent.status).toBe(200);
    const html = await consent.text();
    expect(html).toContain('允许');
    const form = new URLSearchParams();
    for (const m of html.matchAll(/name="(\w+)" value="([^"]*)"/g))
      form.set(
        m[1] as string,
        (m[2] as string).replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))),
      );
    const allowed = await fetch(`${wx.url}/connect/oauth2/authorize/allow`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    expect(allowed.status).toBe(302);
    const to = new URL(allowed.headers.get('location') as string);
    expect(to.searchParams.get('state')).toBe('abc123');
    const token = await exchange(to.searchParams.get('code') as string);
    expect(token).toMatchObject({ openid: 'oBob', scope: 'snsapi_userinfo' });
    expect(token).not.toHaveProperty('unionid');
    expect(await userinfo(token.access_token as string, 'oBob')).toMatchObject({
      openid: 'oBob',
      nickname: '鲍勃',
      headimgurl: 'https://thirdwx.qlogo.cn/bob/132',
      privilege: [],
    });
    expect(await userinfo(token.access_token as string, 'oAlice')).toMatchObject({ errcode: 40003 });
    expect(await userinfo('not-a-token', 'oBob')).toMatchObject({ errcode: 40001 });
  });

  it('a code is single use: the second exchange is 40163', async () => {
    const code = wx.issueCode('snsapi_base');
    expect(await exchange(code)).toHaveProperty('openid');
    expect(await exchange(code)).toMatchObject({ errcode: 40163, errmsg: expect.stringContaining('code been used') });
  });

  it('a code expires after 5 minutes (40029), and an unknown code is 40029', async () => {
    const code = wx.issueCode('snsapi_base');
    nowMs += 5 * 60_000 + 1000;
    expect(await exchange(code)).toMatchObject({ errcode: 40029 });
    expect(await exchange('no-such-code')).toMatchObject({ errcode: 40029 });
  });

  it('a wrong secret is 40125 and an unknown app id 40013; neither spends the code', async () => {
    const code = wx.issueCode('snsapi_base');
    expect(await exchange(code, 'wrong-secret')).toMatchObject({ errcode: 40125, errmsg: expect.stringContaining('invalid appsecret') });
    expect(await exchange(code, wx.secret, 'wx0000000000000000')).toMatchObject({ errcode: 40013 });
    expect(await exchange(code)).toHaveProperty('openid');
  });

  it('an access token expires after 7200 s (42001)', async () => {
    wx.atPhone = 'oBob';
    const token = await exchange(wx.issueCode('snsapi_userinfo'));
    nowMs += 7200 * 1000;
    expect(await userinfo(token.access_token as string, 'oBob')).toMatchObject({ errcode: 42001 });
  });

  it('a bad authorize request is an error page, not a redirect', async () => {
    const bad: Array<Record<string, string>> = [
      { appid: 'wx0000000000000000' },
      { scope: 'snsapi_login' },
      { redirect_uri: 'not a url' },
      { response_type: 'token' },
    ];
    for (const extra of bad) {
      const res = await fetch(authorizeUrl('snsapi_base', extra), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
  });
});
