import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The official account's access token and template messages (模板消息), as WeChat's API host
 * answers them, for the WeChat double (wechat-oauth-double.ts serves them beside the web
 * authorization, on one host as WeChat does):
 *
 * - `POST /cgi-bin/stable_token` `{grant_type: 'client_credential', appid, secret, force_refresh?}`
 *   → `{access_token, expires_in: 7200}`; the same token until it expires or a forced refresh
 *   (40002 invalid grant_type, 40013 invalid appid, 40125 invalid appsecret).
 * - `POST /cgi-bin/message/template/send?access_token=…` `{touser, template_id, url?, data: {key:
 *   {value}}}` → `{errcode: 0, errmsg: 'ok', msgid}`; 40001 unknown token, 42001 expired, 40003
 *   unknown openid, 43004 require subscribe (the person does not follow the account), 40037
 *   invalid template_id, 47003 a template key missing or empty.
 *
 * WeChat answers errors with HTTP 200 and `{errcode, errmsg}`.
 */
export interface TemplateMessagesState {
  /** Template id → the keys its content takes (`thing1`, `character_string2`, …). */
  templates: Map<string, readonly string[]>;
  /** Openids that follow the official account; others get 43004. */
  followers: Set<string>;
  /** Every message accepted, oldest first. */
  sent: Array<{ msgid: number; touser: string; template_id: string; url?: string; data: Record<string, { value: string }> }>;
  /** The next sends answer this errcode instead (fault injection), then it is cleared. */
  failNext: { errcode: number; count: number } | null;
}

const ERRORS: Record<number, string> = {
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  42001: 'access_token expired',
  43004: 'require subscribe',
  45009: 'reach max api daily quota limit',
  47001: 'data format error',
  47003: 'argument invalid!',
};

const TOKEN_TTL_S = 7200;

/** Routes of the access token and template messages; `handle` answers true when it took the request. */
export function templateMessagesApi(app: { appid: () => string; secret: () => string; users: () => Iterable<string>; now: () => number }) {
  const state: TemplateMessagesState = { templates: new Map(), followers: new Set(app.users()), sent: [], failNext: null };
  let token: { value: string; expiresAt: number } | null = null;
  let msgid = 3_000_000_000;

  const answer = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, errcode: number) =>
    answer(res, { errcode, errmsg: `${ERRORS[errcode] ?? 'system error'} rid: ${randomBytes(6).toString('hex')}` });
  const readJson = (req: IncomingMessage, then: (body: Record<string, unknown> | null) => void) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        then(parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null);
      } catch {
        then(null);
      }
    });
  };

  const stableToken = (res: ServerResponse, body: Record<string, unknown> | null) => {
    if (!body) return fail(res, 47001);
    if (body.grant_type !== 'client_credential') return fail(res, 40002);
    if (body.appid !== app.appid()) return fail(res, 40013);
    if (body.secret !== app.secret()) return fail(res, 40125);
    if (!token || token.expiresAt <= app.now() || body.force_refresh === true) {
      token = { value: randomBytes(24).toString('base64url'), expiresAt: app.now() + TOKEN_TTL_S * 1000 };
    }
    answer(res, { access_token: token.value, expires_in: Math.round((token.expiresAt - app.now()) / 1000) });
  };

  const send = (res: ServerResponse, accessToken: string | null, body: Record<string, unknown> | null) => {
    if (!token || accessToken !== token.value) return fail(res, 40001);
    if (token.expiresAt <= app.now()) return fail(res, 42001);
    if (!body) return fail(res, 47001);
    if (state.failNext && state.failNext.count > 0) {
      state.failNext.count--;
      const errcode = state.failNext.errcode;
      if (state.failNext.count === 0) state.failNext = null;
      return fail(res, errcode);
    }
    const touser = typeof body.touser === 'string' ? body.touser : '';
    if (![...app.users()].includes(touser)) return fail(res, 40003);
    const keys = state.templates.get(typeof body.template_id === 'string' ? body.template_id : '');
    if (!keys) return fail(res, 40037);
    if (!state.followers.has(touser)) return fail(res, 43004);
    const data = (body.data ?? {}) as Record<string, { value?: unknown }>;
    if (keys.some((k) => typeof data[k]?.value !== 'string' || data[k]?.value === '')) return fail(res, 47003);
    msgid++;
    state.sent.push({
      msgid,
      touser,
      template_id: body.template_id as string,
      ...(typeof body.url === 'string' ? { url: body.url } : {}),
      data: data as Record<string, { value: string }>,
    });
    answer(res, { errcode: 0, errmsg: 'ok', msgid });
  };

  return {
    state,
    handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
      const route = `${req.method} ${url.pathname}`;
      if (route === 'POST /cgi-bin/stable_token') {
        readJson(req, (body) => stableToken(res, body));
        return true;
      }
      if (route === 'POST /cgi-bin/message/template/send') {
        readJson(req, (body) => send(res, url.searchParams.get('access_token'), body));
        return true;
      }
      return false;
    },
  };
}
