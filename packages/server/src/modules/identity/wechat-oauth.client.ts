import type { WechatLoginSettings } from '../../config.ts';

/** What WeChat answered for an authorization code (网页授权 access_token). */
export interface WechatAuthorization {
  accessToken: string;
  openid: string;
  scope: string;
  unionid: string | null;
}

/** The profile a person shared (scope snsapi_userinfo). */
export interface WechatProfile {
  openid: string;
  nickname: string;
  avatarUrl: string;
  unionid: string | null;
}

/** WeChat's refusal (`errcode`, `errmsg`), or 0 with a reason when it could not be reached or answered nonsense. */
export class WechatOAuthError extends Error {
  readonly errcode: number;
  constructor(errcode: number, message: string) {
    super(`WeChat ${errcode}: ${message}`);
    this.name = 'WechatOAuthError';
    this.errcode = errcode;
  }
}

/** The codes WeChat answers for an authorization code it will not take: the person must authorize again. */
export const REJECTED_CODE_ERRCODES: readonly number[] = [40029, 40163, 41008];

const TIMEOUT_MS = 10_000;

/**
 * WeChat's web authorization (网页授权) for an official account: the authorize page's address, the
 * server-side exchange of a code for the openid (with the app secret, which never leaves the
 * server), and the profile of a `snsapi_userinfo` authorization.
 */
export class WechatOAuthClient {
  private readonly s: WechatLoginSettings;

  constructor(settings: WechatLoginSettings) {
    this.s = settings;
  }

  get appid(): string {
    return this.s.appid;
  }

  /** Where the browser goes to authorize; WeChat comes back to `redirectUri?code=…&state=…`. */
  authorizeUrl(redirectUri: string, scope: string, state: string): string {
    const q = new URLSearchParams({ appid: this.s.appid, redirect_uri: redirectUri, response_type: 'code', scope, state });
    return `${this.s.oauthBaseUrl}/connect/oauth2/authorize?${q}#wechat_redirect`;
  }

  /** Exchanges a code (single use, 5 minutes) for the openid and an access token. */
  async exchangeCode(code: string): Promise<WechatAuthorization> {
    const q = new URLSearchParams({ appid: this.s.appid, secret: this.s.appSecret, code, grant_type: 'authorization_code' });
    const a = await this.get('/sns/oauth2/access_token', q);
    if (typeof a.openid !== 'string' || typeof a.access_token !== 'string' || !a.openid) {
      throw new WechatOAuthError(0, 'the access_token answer has no openid');
    }
    return {
      accessToken: a.access_token,
      openid: a.openid,
      scope: typeof a.scope === 'string' ? a.scope : '',
      unionid: typeof a.unionid === 'string' ? a.unionid : null,
    };
  }

  /** The person's nickname and avatar (an access token of scope snsapi_userinfo). */
  async profile(accessToken: string, openid: string): Promise<WechatProfile> {
    const u = await this.get('/sns/userinfo', new URLSearchParams({ access_token: accessToken, openid, lang: 'zh_CN' }));
    if (u.openid !== openid) throw new WechatOAuthError(0, 'the userinfo answer is for another openid');
    return {
      openid,
      nickname: typeof u.nickname === 'string' ? u.nickname.slice(0, 64) : '',
      avatarUrl: typeof u.headimgurl === 'string' ? u.headimgurl.slice(0, 512) : '',
      unionid: typeof u.unionid === 'string' ? u.unionid : null,
    };
  }

  /** WeChat answers JSON with status 200, errors included (`errcode` non-zero). */
  private async get(path: string, q: URLSearchParams): Promise<Record<string, unknown>> {
    let text: string;
    try {
      const res = await fetch(`${this.s.apiBaseUrl}${path}?${q}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      text = await res.text();
      if (res.status !== 200) throw new WechatOAuthError(0, `HTTP ${res.status}`);
    } catch (err) {
      if (err instanceof WechatOAuthError) throw err;
      throw new WechatOAuthError(0, err instanceof Error ? err.message : String(err));
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new WechatOAuthError(0, 'the answer is not JSON');
    }
    if (typeof body !== 'object' || body === null) throw new WechatOAuthError(0, 'the answer is not an object');
    const b = body as Record<string, unknown>;
    if (typeof b.errcode === 'number' && b.errcode !== 0) {
      throw new WechatOAuthError(b.errcode, typeof b.errmsg === 'string' ? b.errmsg : '');
    }
    return b;
  }
}
