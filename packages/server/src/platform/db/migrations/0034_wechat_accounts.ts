import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * WeChat accounts bound to linli identities (module identity): the openid an official account
 * (app id) knows a person by, which identity of which audience it logs in as, and what the person
 * agreed to share (nickname, avatar). One openid logs in as at most one identity per audience
 * (a resident who is also a leader binds both); one identity has at most one openid per app id.
 * Payouts to a leader's WeChat balance (商家转账) and JSAPI payment read the openid from here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table wechat_accounts (
  id text primary key,
  operator_id text not null references operators (id),
  app_id text not null,
  openid text not null,
  unionid text,
  principal_kind text not null check (principal_kind in ('resident', 'leader', 'driver', 'staff', 'supplier')),
  principal_id text not null,
  nickname text,
  avatar_url text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index wechat_accounts_openid on wechat_accounts (operator_id, app_id, openid, principal_kind);
create unique index wechat_accounts_principal on wechat_accounts (operator_id, principal_kind, principal_id, app_id);
`,
  );
}
