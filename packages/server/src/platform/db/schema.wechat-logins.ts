import type { Timestamp } from './schema.ts';

/** Table types of identity's WeChat logins under way (migration 0036, module identity). */

export type WechatLoginAudience = 'resident' | 'leader' | 'driver';
export type WechatScope = 'snsapi_base' | 'snsapi_userinfo';
export type WechatLoginOutcome = 'session' | 'bind_phone' | 'bound';

/** One authorization sent to WeChat: its state (the id), then what the callback learnt and the ticket it issued. */
export interface WechatLoginsTable {
  id: string;
  operator_id: string;
  audience: WechatLoginAudience;
  scope: WechatScope;
  return_to: string;
  principal_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  called_back_at: Timestamp | null;
  outcome: WechatLoginOutcome | null;
  app_id: string | null;
  openid: string | null;
  unionid: string | null;
  nickname: string | null;
  avatar_url: string | null;
  ticket_hash: string | null;
  ticket_expires_at: Timestamp | null;
  ticket_used_at: Timestamp | null;
}

export interface WechatLoginTables {
  wechat_logins: WechatLoginsTable;
}
