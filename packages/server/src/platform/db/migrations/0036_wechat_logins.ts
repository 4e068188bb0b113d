import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * WeChat logins under way (module identity): one row per authorization linli sent a browser to
 * WeChat for. Its id is the `state` WeChat hands back (signed, short-lived, used once); the
 * callback records the openid WeChat answered for the code (never one from the browser) and
 * issues a short-lived single-use ticket (stored hashed) that the page redeems by POST: for a
 * session, or, the first time, for a session after proving a phone by its SMS code.
 * `principal_id` is set when a logged-in person binds WeChat from their profile.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table wechat_logins (
  id text primary key,
  operator_id text not null references operators (id),
  audience text not null check (audience in ('resident', 'leader', 'driver')),
  scope text not null check (scope in ('snsapi_base', 'snsapi_userinfo')),
  return_to text not null,
  principal_id text,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  called_back_at timestamptz,
  outcome text check (outcome in ('session', 'bind_phone', 'bound')),
  app_id text,
  openid text,
  unionid text,
  nickname text,
  avatar_url text,
  ticket_hash text unique,
  ticket_expires_at timestamptz,
  ticket_used_at timestamptz
);
create index wechat_logins_expires on wechat_logins (expires_at);
`,
  );
}
