import type { Executor } from '../../platform/db/database.ts';
import type { PrincipalKind } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';

/** A WeChat openid of one app id, bound to one identity. */
export interface WechatBinding {
  operatorId: string;
  appId: string;
  openid: string;
  unionid?: string | null;
  kind: PrincipalKind;
  principalId: string;
  nickname?: string | null;
  avatarUrl?: string | null;
}

/**
 * Binds a WeChat openid to an identity, or refreshes the binding's profile when it is already
 * there. An openid bound to another identity of the same audience, or an identity bound to
 * another openid of the same app, is refused (WECHAT_ALREADY_BOUND): rebinding goes through
 * unbinding first, so a stolen code cannot silently take an account over.
 */
export async function bindWechatAccount(db: Executor, now: Date, b: WechatBinding): Promise<void> {
  const existing = await db
    .selectFrom('wechat_accounts')
    .select(['id', 'openid', 'principal_id'])
    .where('operator_id', '=', b.operatorId)
    .where('app_id', '=', b.appId)
    .where('principal_kind', '=', b.kind)
    .where((eb) => eb.or([eb('openid', '=', b.openid), eb('principal_id', '=', b.principalId)]))
    .execute();
  const same = existing.find((r) => r.openid === b.openid && r.principal_id === b.principalId);
  if (existing.length > (same ? 1 : 0)) {
    throw new AppError('WECHAT_ALREADY_BOUND', 'this WeChat account or this identity is already bound to another');
  }
  if (same) {
    await db
      .updateTable('wechat_accounts')
      .set({
        updated_at: now,
        ...(b.unionid !== undefined ? { unionid: b.unionid } : {}),
        ...(b.nickname !== undefined ? { nickname: b.nickname } : {}),
        ...(b.avatarUrl !== undefined ? { avatar_url: b.avatarUrl } : {}),
      })
      .where('id', '=', same.id)
      .execute();
    return;
  }
  await db
    .insertInto('wechat_accounts')
    .values({
      id: newId('wxa'),
      operator_id: b.operatorId,
      app_id: b.appId,
      openid: b.openid,
      unionid: b.unionid ?? null,
      principal_kind: b.kind,
      principal_id: b.principalId,
      nickname: b.nickname ?? null,
      avatar_url: b.avatarUrl ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** The identity an openid logs in as for an audience, if bound. */
export async function principalOfOpenid(
  db: Executor,
  operatorId: string,
  appId: string,
  openid: string,
  kind: PrincipalKind,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('wechat_accounts')
    .select('principal_id')
    .where('operator_id', '=', operatorId)
    .where('app_id', '=', appId)
    .where('openid', '=', openid)
    .where('principal_kind', '=', kind)
    .executeTakeFirst();
  return row?.principal_id;
}

/** The openid an identity is known by to an app id (for JSAPI payment and payouts), if bound. */
export async function wechatOpenidOf(
  db: Executor,
  operatorId: string,
  appId: string,
  kind: PrincipalKind,
  principalId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('wechat_accounts')
    .select('openid')
    .where('operator_id', '=', operatorId)
    .where('app_id', '=', appId)
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .executeTakeFirst();
  return row?.openid;
}

/** Removes an identity's binding to an app id (the person unbinds WeChat); true when there was one. */
export async function unbindWechatAccount(
  db: Executor,
  operatorId: string,
  appId: string,
  kind: PrincipalKind,
  principalId: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('wechat_accounts')
    .where('operator_id', '=', operatorId)
    .where('app_id', '=', appId)
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** An identity's binding to an app id, with what the person shared; undefined when not bound. */
export async function wechatAccountOf(
  db: Executor,
  operatorId: string,
  appId: string,
  kind: PrincipalKind,
  principalId: string,
): Promise<{ openid: string; nickname: string | null; avatarUrl: string | null } | undefined> {
  return db
    .selectFrom('wechat_accounts')
    .select(['openid', 'nickname', 'avatar_url as avatarUrl'])
    .where('operator_id', '=', operatorId)
    .where('app_id', '=', appId)
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .executeTakeFirst();
}

/** Every openid an identity is known by (to any app id: login, payment), oldest binding first. */
export async function wechatOpenidsOf(db: Executor, operatorId: string, kind: PrincipalKind, principalId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('wechat_accounts')
    .select('openid')
    .where('operator_id', '=', operatorId)
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.openid);
}
