import type { WechatLoginSettings, WechatNoticeTemplates } from '../../config.ts';
import type { NoticeKind } from '../../platform/db/schema.notices.ts';

/** WeChat refused a template message: its errcode, and whether the person does not follow the account (43004). */
export class WechatSendError extends Error {
  readonly errcode: number;
  constructor(errcode: number, errmsg: string) {
    super(`WeChat ${errcode}: ${errmsg}`);
    this.errcode = errcode;
  }
  get notFollowing(): boolean {
    return this.errcode === 43004;
  }
}

const TIMEOUT_MS = 10_000;
/** Refresh the access token this long before WeChat says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * The official account's template messages (模板消息): the access token from `stable_token`
 * (cached until shortly before it expires, refreshed once when WeChat says it is stale), and one
 * message per notice with its template's keys filled from the notice's parameters. Template
 * values: a parameter's name (`point`, `code`, `hours`, `amount`, `date`) or a fixed text written
 * in double quotes.
 */
export class WechatTemplateMessages {
  readonly appid: string;
  private readonly settings: WechatLoginSettings;
  private readonly templates: WechatNoticeTemplates;
  private readonly now: () => number;
  private token: { value: string; until: number } | null = null;

  constructor(settings: WechatLoginSettings, templates: WechatNoticeTemplates, now: () => number) {
    this.appid = settings.appid;
    this.settings = settings;
    this.templates = templates;
    this.now = now;
  }

  /** Whether a notice of this kind can go by WeChat at all. */
  hasTemplate(kind: NoticeKind): boolean {
    return this.templates[kind] !== undefined;
  }

  /** Sends one notice to an openid; answers WeChat's message id, or throws WechatSendError (or a network error). */
  async send(openid: string, kind: NoticeKind, params: Record<string, string>, url: string | undefined): Promise<string> {
    const template = this.templates[kind];
    if (!template) throw new WechatSendError(40037, `no template for ${kind}`);
    const data = Object.fromEntries(Object.entries(template.data).map(([key, source]) => [key, { value: fill(key, source, params) }]));
    const body = JSON.stringify({ touser: openid, template_id: template.templateId, ...(url ? { url } : {}), data });
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const answer = await this.post(`/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, body);
      const errcode = Number(answer.errcode ?? 0);
      if (errcode === 0) return String(answer.msgid);
      // A token another process refreshed, or that expired early: once more with a new one.
      if ((errcode === 40001 || errcode === 42001) && attempt === 0) continue;
      throw new WechatSendError(errcode, String(answer.errmsg ?? ''));
    }
  }

  private async accessToken(force: boolean): Promise<string> {
    if (!force && this.token && this.token.until > this.now()) return this.token.value;
    const answer = await this.post(
      '/cgi-bin/stable_token',
      JSON.stringify({
        grant_type: 'client_credential',
        appid: this.settings.appid,
        secret: this.settings.appSecret,
        force_refresh: force,
      }),
    );
    if (typeof answer.access_token !== 'string')
      throw new WechatSendError(Number(answer.errcode ?? -1), String(answer.errmsg ?? 'no token'));
    this.token = { value: answer.access_token, until: this.now() + Number(answer.expires_in ?? 0) * 1000 - TOKEN_MARGIN_MS };
    return answer.access_token;
  }

  private async post(path: string, body: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.settings.apiBaseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`WeChat answered HTTP ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  }
}

/** The longest value WeChat takes for a key of each type (by the key's name: `thing1`, `character_string2`, …). */
const LIMITS: ReadonlyArray<[RegExp, number]> = [
  [/^thing\d*$/, 20],
  [/^character_string\d*$/, 32],
  [/^phrase\d*$/, 5],
];

/** A template value: "fixed text" in double quotes, else the parameter of that name, cut to what the key's type takes. */
export function fill(key: string, source: string, params: Record<string, string>): string {
  const value = source.startsWith('"') && source.endsWith('"') && source.length >= 2 ? source.slice(1, -1) : (params[source] ?? '');
  const limit = LIMITS.find(([pattern]) => pattern.test(key))?.[1];
  const chars = [...value];
  return limit !== undefined && chars.length > limit ? `${chars.slice(0, limit - 1).join('')}…` : value;
}
