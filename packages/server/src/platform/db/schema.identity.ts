import type { Timestamp } from './schema.ts';
import type { PrincipalKind } from './schema.ts';

/** Table types of identity's WeChat bindings (migration 0034, module identity). */

/** A WeChat openid (of one app id) bound to one identity of one audience. */
export interface WechatAccountsTable {
  id: string;
  operator_id: string;
  app_id: string;
  openid: string;
  unionid: string | null;
  principal_kind: PrincipalKind;
  principal_id: string;
  nickname: string | null;
  avatar_url: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IdentityTables {
  wechat_accounts: WechatAccountsTable;
}
