import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type TemplateMessagesState, templateMessagesApi } from './wechat-template-messages.ts';

/**
 * A local double of WeChat's web authorization (网页授权, OAuth 2.0 of an official account), from
 * the published protocol, for tests, the demo and `npm run dev:providers`:
 *
 * - `GET /connect/oauth2/authorize?appid&redirect_uri&response_type=code&scope&state#wechat_redirect`
 *   (WeChat's host open.weixin.qq.com): `snsapi_base` redirects at once to
 *   `redirect_uri?code=CODE&state=STATE`; `snsapi_userinfo` shows a consent page whose 允许 button
 *   (`POST /connect/oauth2/authorize/allow`) redirects the same way. The person authorizing is the
 *   one "at the phone" (`atPhone`), as WeChat's browser knows its user.
 * - `GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code`
 *   (api.weixin.qq.com) → `{access_token, expires_in, refresh_token, openid, scope, unionid?}` or
 *   `{errcode, errmsg}`: a code is single use (40163 code been used) and lives 5 minutes (40029
 *   invalid code, also for an unknown code or another app's), a wrong secret is 40125, an unknown
 *   app id 40013, another grant type 40002.
 * - `GET /sns/userinfo?access_token&openid&lang=zh_CN` → `{openid, nickname, sex, province, city,
 *   country, headimgurl, privilege, unionid?}`; an unknown token is 40001, an expired one 42001,
 *   another person's openid 40003, a token of scope `snsapi_base` 48001 (api unauthorized).
 *
 * Errors are answered with HTTP 200 and a JSON body, as WeChat does. Time comes from `now`
 * (milliseconds), so tests move it with their clock.
 */

export interface WechatUser {
  openid: string;
  nickname: string;
  headimgurl: string;
  /** 0 unknown, 1 male, 2 female. */
  sex?: number;
  province?: string;
  city?: string;
  country?: string;
  unionid?: string;
}

export interface WechatOAuthDoubleOptions {
  appid?: string;
  secret?: string;
  users?: WechatUser[];
  /** The openid of the person at the phone; the first user when absent. */
  atPhone?: string;
  port?: number;
  now?: () => number;
}

export interface WechatOAuthDouble {
  /** Where both hosts are served: the authorize page and the API. */
  url: string;
  appid: string;
  secret: string;
  users: Map<string, WechatUser>;
  /** The openid of the person at the phone: who authorizes next. Tests set it. */
  atPhone: string;
  now: () => number;
  /** Every request: method, path (without the query) and what was answered (HTTP status, WeChat errcode). */
  requests: Array<{ method: string; path: string; status: number; errcode?: number }>;
  /** The official account's template messages (模板消息): its templates, followers and what was sent. */
  messages: TemplateMessagesState;
  /** Issues a code for the person at the phone as an authorization would (tests of the API alone). */
  issueCode(scope: Scope): string;
  close(): Promise<void>;
}

type Scope = 'snsapi_base' | 'snsapi_userinfo';
const SCOPES: readonly string[] = ['snsapi_base', 'snsapi_userinfo'];

export const CODE_TTL_MS = 5 * 60_000;
export const ACCESS_TOKEN_TTL_S = 7200;

const ERRORS = {
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40125: 'invalid appsecret',
  40163: 'code been used',
  41008: 'missing code',
  42001: 'access_token expired',
  48001: 'api unauthorized',
} as const;

interface Code {
  openid: string;
  scope: Scope;
  issuedAt: number;
  used: boolean;
}

interface Token {
  openid: string;
  scope: Scope;
  expiresAt: number;
}

export async function startWechatOAuthDouble(options: WechatOAuthDoubleOptions = {}): Promise<WechatOAuthDouble> {
  const appid = options.appid ?? 'wxd678efh567hg6787';
  const secret = options.secret ?? randomBytes(16).toString('hex');
  const users = new Map((options.users ?? defaultUsers()).map((u) => [u.openid, u]));
  const codes = new Map<string, Code>();
  const tokens = new Map<string, Token>();
  const requests: WechatOAuthDouble['requests'] = [];

  const handle = {
    url: '',
    appid,
    secret,
    users,
    atPhone: options.atPhone ?? [...users.keys()][0] ?? '',
    now: options.now ?? Date.now,
    requests,
    issueCode(scope: Scope): string {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { openid: handle.atPhone, scope, issuedAt: handle.now(), used: false });
      return code;
    },
    close: async () => {},
    messages: undefined as unknown as TemplateMessagesState,
  };
  const messagesApi = templateMessagesApi({
    appid: () => handle.appid,
    secret: () => handle.secret,
    users: () => handle.users.keys(),
    now: () => handle.now(),
  });
  handle.messages = messagesApi.state;

  const wxError = (res: ServerResponse, path: string, errcode: keyof typeof ERRORS) => {
    requests.push({ method: 'GET', path, status: 200, errcode });
    json(res, { errcode, errmsg: `${ERRORS[errcode]}, rid: ${randomBytes(6).toString('hex')}` });
  };

  const authorize = (res: ServerResponse, path: string, q: URLSearchParams, method: string) => {
    const redirect = q.get('redirect_uri') ?? '';
    const scope = q.get('scope') ?? '';
    let target: URL | undefined;
    try {
      target = new URL(redirect);
    } catch {}
    // WeChat shows an error page (not a redirect) for a bad request: the page names the fault.
    const fault =
      q.get('appid') !== appid
        ? '参数错误 (appid)'
        : !target || !/^https?:$/.test(target.protocol)
          ? 'redirect_uri 参数错误'
          : q.get('response_type') !== 'code'
            ? '参数错误 (response_type)'
            : !SCOPES.includes(scope)
              ? 'scope 参数错误或没有 scope 权限'
              : !users.has(handle.atPhone)
                ? '请在微信客户端打开链接'
                : undefined;
    if (fault || !target) {
      requests.push({ method, path, status: 400 });
      return page(res, 400, `<p>${fault}</p>`);
    }
    const state = q.get('state') ?? '';
    if (scope === 'snsapi_userinfo' && path === '/connect/oauth2/authorize') {
      requests.push({ method, path, status: 200 });
      const user = users.get(handle.atPhone) as WechatUser;
      const fields = ['appid', 'redirect_uri', 'response_type', 'scope', 'state']
        .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k) ?? '')}">`)
        .join('');
      return page(
        res,
        200,
        `<p>${escapeHtml(target.host)} 申请获得以下权限：获得你的公开信息（昵称、头像等）</p>` +
          `<p>${escapeHtml(user.nickname)}</p>` +
          `<form method="post" action="/connect/oauth2/authorize/allow">${fields}<button type="submit">允许</button></form>`,
      );
    }
    const code = handle.issueCode(scope as Scope);
    target.searchParams.set('code', code);
    target.searchParams.set('state', state);
    requests.push({ method, path, status: 302 });
    res.writeHead(302, { location: target.toString() });
    res.end();
  };

  const accessToken = (res: ServerResponse, path: string, q: URLSearchParams) => {
    if (q.get('appid') !== appid) return wxError(res, path, 40013);
    if (q.get('secret') !== secret) return wxError(res, path, 40125);
    if (q.get('grant_type') !== 'authorization_code') return wxError(res, path, 40002);
    const codeText = q.get('code');
    if (!codeText) return wxError(res, path, 41008);
    const code = codes.get(codeText);
    if (!code || handle.now() - code.issuedAt > CODE_TTL_MS) return wxError(res, path, 40029);
    if (code.used) return wxError(res, path, 40163);
    code.used = true;
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, { openid: code.openid, scope: code.scope, expiresAt: handle.now() + ACCESS_TOKEN_TTL_S * 1000 });
    const user = users.get(code.openid);
    requests.push({ method: 'GET', path, status: 200 });
    json(res, {
      access_token: token,
      expires_in: ACCESS_TOKEN_TTL_S,
      refresh_token: randomBytes(24).toString('base64url'),
      openid: code.openid,
      scope: code.scope,
      ...(user?.unionid ? { unionid: user.unionid } : {}),
    });
  };

  const userinfo = (res: ServerResponse, path: string, q: URLSearchParams) => {
    const token = tokens.get(q.get('access_token') ?? '');
    if (!token) return wxError(res, path, 40001);
    if (token.expiresAt <= handle.now()) return wxError(res, path, 42001);
    if (q.get('openid') !== token.openid) return wxError(res, path, 40003);
    if (token.scope !== 'snsapi_userinfo') return wxError(res, path, 48001);
    const u = users.get(token.openid) as WechatUser;
    requests.push({ method: 'GET', path, status: 200 });
    json(res, {
      openid: u.openid,
      nickname: u.nickname,
      sex: u.sex ?? 0,
      province: u.province ?? '',
      city: u.city ?? '',
      country: u.country ?? '',
      headimgurl: u.headimgurl,
      privilege: [],
      ...(u.unionid ? { unionid: u.unionid } : {}),
    });
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://double');
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /connect/oauth2/authorize') return authorize(res, url.pathname, url.searchParams, 'GET');
    if (route === 'POST /connect/oauth2/authorize/allow') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => authorize(res, url.pathname, new URLSearchParams(Buffer.concat(chunks).toString('utf8')), 'POST'));
      return;
    }
    if (route === 'GET /sns/oauth2/access_token') return accessToken(res, url.pathname, url.searchParams);
    if (route === 'GET /sns/userinfo') return userinfo(res, url.pathname, url.searchParams);
    if (messagesApi.handle(req, res, url)) return;
    requests.push({ method: req.method ?? '', path: url.pathname, status: 404 });
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  handle.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handle.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return handle;
}

/** The settings (environment variables) that point linli's WeChat login at this double. */
export function wechatLoginSettings(d: Pick<WechatOAuthDouble, 'url' | 'appid' | 'secret'>): Record<string, string> {
  return {
    LINLI_WECHAT_APPID: d.appid,
    LINLI_WECHAT_APP_SECRET: d.secret,
    LINLI_WECHAT_OAUTH_BASE_URL: d.url,
    LINLI_WECHAT_API_BASE_URL: d.url,
  };
}

function defaultUsers(): WechatUser[] {
  return [
    {
      openid: 'oLinliDemoResident000000001',
      nickname: '邻里小王',
      headimgurl: 'https://thirdwx.qlogo.cn/mmopen/demo/132',
      sex: 1,
      province: '湖南',
      city: '长沙',
      country: '中国',
    },
  ];
}

function json(res: ServerResponse, body: unknown) {
  // WeChat answers its JSON (errors included) with status 200.
  res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
  res.end(JSON.stringify(body));
}

function page(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>微信授权</title></head><body>${body}</body></html>`,
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

if (import.meta.main) {
  const port = Number(process.argv[2] ?? 7011);
  const double = await startWechatOAuthDouble({ port });
  console.log(`WeChat web authorization (网页授权) double on ${double.url}; the person at the phone: ${double.atPhone}`);
  // The callback WeChat redirects to is on linli's own address (its default port here).
  console.log(
    Object.entries({ LINLI_PUBLIC_URL: 'http://127.0.0.1:3000', ...wechatLoginSettings(double) })
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
  );
}
