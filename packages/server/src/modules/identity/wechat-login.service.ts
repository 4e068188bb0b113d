import type { auth } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { DAY } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { PrincipalKind, StaffRole } from '../../platform/db/schema.ts';
import type { WechatLoginOutcome } from '../../platform/db/schema.wechat-logins.ts';
import { AppError } from '../../platform/errors.ts';
import { randomToken } from '../../platform/ids.ts';
import { findOrRegister, type OnResidentRegistered, openSession, type Principal, verifyLoginCode } from './identity.service.ts';
import { tokenHash } from './identity.rules.ts';
import { bindWechatAccount, principalOfOpenid, unbindWechatAccount, wechatAccountOf } from './wechat-accounts.ts';
import {
  checkState,
  checkTicket,
  newStateId,
  signState,
  stateId,
  WECHAT_STATE_TTL_MS,
  WECHAT_TICKET_TTL_MS,
  withQuery,
} from './wechat-login.rules.ts';
import { REJECTED_CODE_ERRCODES, type WechatOAuthClient, WechatOAuthError, type WechatProfile } from './wechat-oauth.client.ts';

/**
 * WeChat login (网页授权): linli sends the browser to WeChat with a signed, short-lived state
 * naming a login row (operator, audience, scope, where to return, and the person binding, if
 * logged in); WeChat's callback brings a code that only the server exchanges for the openid; the
 * page gets a one-time ticket in its return address, which it redeems by POST for a session (the
 * first time after proving a phone by its SMS code). No bearer token ever travels in a URL.
 */

type StartInput = z.infer<typeof auth.StartWechatLogin>;
type Session = { token: string; expiresAt: Date; principal: Principal };

/** Starts a login (or, with `binder`, a logged-in person's binding): the authorize URL and the state id for the browser's cookie. */
export async function startWechatLogin(
  ctx: AppContext,
  client: WechatOAuthClient,
  callbackUrl: string,
  input: StartInput,
  binder: Principal | undefined,
): Promise<{ url: string; expiresAt: Date; stateId: string }> {
  const now = ctx.clock.now();
  let operatorId: string;
  if (binder) {
    if (binder.kind !== input.as) throw new AppError('FORBIDDEN', `a ${binder.kind} binds WeChat as a ${binder.kind}`);
    operatorId = binder.operatorId;
  } else {
    const operator = await ctx.db.selectFrom('operators').select('id').where('slug', '=', input.operator).executeTakeFirst();
    if (!operator) throw new AppError('NOT_FOUND', 'operator not found');
    operatorId = operator.id;
  }
  // Logins a day past their state's end have served their purpose (their tickets died with them).
  await ctx.db
    .deleteFrom('wechat_logins')
    .where('expires_at', '<', new Date(now.getTime() - DAY))
    .execute();
  const id = newStateId();
  const expiresAt = new Date(now.getTime() + WECHAT_STATE_TTL_MS);
  await ctx.db
    .insertInto('wechat_logins')
    .values({
      id,
      operator_id: operatorId,
      audience: input.as,
      scope: input.scope,
      return_to: input.returnTo,
      principal_id: binder?.id ?? null,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return { url: client.authorizeUrl(callbackUrl, input.scope, signState(ctx.secret, id)), expiresAt, stateId: id };
}

/**
 * WeChat's redirect back: the state must be linli's, unexpired, unused and this browser's (else
 * WECHAT_STATE_INVALID, nothing changed); then the code is exchanged and the answer is where the
 * browser goes: the return address with a ticket, `wechat=bound`, or `wechat_error=<code>`.
 */
export async function finishWechatCallback(
  ctx: AppContext,
  client: WechatOAuthClient,
  query: { code?: string | undefined; state?: string | undefined },
  cookie: string | undefined,
): Promise<string> {
  const now = ctx.clock.now();
  const id = stateId(ctx.secret, query.state);
  const login = id ? await ctx.db.selectFrom('wechat_logins').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  const verdict = checkState(now, id, cookie, login);
  if (verdict !== 'ok' || !login) throw new AppError('WECHAT_STATE_INVALID', `the WeChat login state is ${verdict}`, { reason: verdict });
  const claimed = await ctx.db
    .updateTable('wechat_logins')
    .set({ called_back_at: now })
    .where('id', '=', login.id)
    .where('called_back_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0)
    throw new AppError('WECHAT_STATE_INVALID', 'the WeChat login state is used', { reason: 'used' });
  const back = (params: Record<string, string>) => withQuery(login.return_to, params);
  if (!query.code) return back({ wechat_error: 'WECHAT_AUTHORIZATION_DENIED' });

  let openid: string;
  let unionid: string | null;
  let profile: WechatProfile | undefined;
  try {
    const authorization = await client.exchangeCode(query.code);
    openid = authorization.openid;
    unionid = authorization.unionid;
    if (login.scope === 'snsapi_userinfo') profile = await client.profile(authorization.accessToken, openid);
  } catch (err) {
    if (!(err instanceof WechatOAuthError)) throw err;
    const rejected = REJECTED_CODE_ERRCODES.includes(err.errcode);
    if (!rejected) ctx.log.warn({ errcode: err.errcode, err: err.message }, 'WeChat login: WeChat refused or failed');
    return back({ wechat_error: rejected ? 'WECHAT_CODE_REJECTED' : 'WECHAT_PROVIDER_FAILED' });
  }

  const appId = client.appid;
  const kind: PrincipalKind = login.audience;
  const shared = profile ? { nickname: profile.nickname, avatarUrl: profile.avatarUrl, unionid: profile.unionid ?? unionid } : { unionid };
  const record = (db: Executor, outcome: WechatLoginOutcome, ticket: string | null) =>
    db
      .updateTable('wechat_logins')
      .set({
        outcome,
        app_id: appId,
        openid,
        unionid: shared.unionid,
        nickname: profile?.nickname ?? null,
        avatar_url: profile?.avatarUrl ?? null,
        ticket_hash: ticket ? tokenHash(ticket) : null,
        ticket_expires_at: ticket ? new Date(now.getTime() + WECHAT_TICKET_TTL_MS) : null,
      })
      .where('id', '=', login.id)
      .execute();

  if (login.principal_id) {
    const principalId = login.principal_id;
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await bindWechatAccount(trx, now, { operatorId: login.operator_id, appId, openid, kind, principalId, ...shared });
        if (kind === 'resident' && profile) await fillResidentName(trx, login.operator_id, principalId, profile.nickname);
        await record(trx, 'bound', null);
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'WECHAT_ALREADY_BOUND') return back({ wechat_error: err.code });
      throw err;
    }
    return back({ wechat: 'bound' });
  }

  const known = await principalOfOpenid(ctx.db, login.operator_id, appId, openid, kind);
  const ticket = randomToken();
  await ctx.db.transaction().execute(async (trx) => {
    if (known) {
      // A returning person: what they shared now refreshes the binding.
      if (profile) {
        await bindWechatAccount(trx, now, { operatorId: login.operator_id, appId, openid, kind, principalId: known, ...shared });
        if (kind === 'resident') await fillResidentName(trx, login.operator_id, known, profile.nickname);
      }
      await record(trx, 'session', ticket);
    } else {
      await record(trx, 'bind_phone', ticket);
    }
  });
  return back({ wechat_ticket: ticket, wechat_next: known ? 'session' : 'bind_phone' });
}

/**
 * Turns a callback's ticket into a session: at once when the openid is bound; the first time
 * after the phone's SMS code, binding the openid to the phone's identity (a resident is registered
 * as at SMS login; other audiences must exist). A refused redemption leaves the ticket as it was.
 */
export async function redeemWechatTicket(
  ctx: AppContext,
  input: z.infer<typeof auth.RedeemWechatTicket>,
  onRegistered?: OnResidentRegistered,
): Promise<Session> {
  const now = ctx.clock.now();
  const login = await ctx.db.selectFrom('wechat_logins').selectAll().where('ticket_hash', '=', tokenHash(input.ticket)).executeTakeFirst();
  const verdict = checkTicket(now, login);
  if (verdict !== 'ok' || !login?.openid || !login.app_id) {
    throw new AppError('WECHAT_TICKET_INVALID', `the WeChat login ticket is ${verdict}`, { reason: verdict });
  }
  const { openid, app_id: appId, operator_id: operatorId } = login;
  const kind: PrincipalKind = login.audience;
  const claim = async (db: Executor) => {
    const r = await db
      .updateTable('wechat_logins')
      .set({ ticket_used_at: now })
      .where('id', '=', login.id)
      .where('ticket_used_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('WECHAT_TICKET_INVALID', 'the WeChat login ticket is used', { reason: 'used' });
  };

  if (login.outcome === 'session') {
    const principalId = await principalOfOpenid(ctx.db, operatorId, appId, openid, kind);
    if (!principalId) throw new AppError('WECHAT_TICKET_INVALID', 'this WeChat account was unbound meanwhile', { reason: 'unbound' });
    const identity = await activeIdentity(ctx, operatorId, kind, principalId);
    return ctx.db.transaction().execute(async (trx) => {
      await claim(trx);
      return openSession(ctx, trx, now, operatorId, kind, identity);
    });
  }
  if (login.outcome !== 'bind_phone') throw new AppError('WECHAT_TICKET_INVALID', 'this ticket opens no session', { reason: 'unknown' });
  if (!input.phone || !input.code)
    throw new AppError('WECHAT_PHONE_REQUIRED', 'the first WeChat login binds a phone: give it and its SMS code');
  const phone = input.phone;
  await verifyLoginCode(ctx, now, phone, input.code);
  return ctx.db.transaction().execute(async (trx) => {
    await claim(trx);
    const identity = await findOrRegister(ctx, trx, operatorId, phone, kind, now, { onRegistered, wechat: { appId, openid } });
    await bindWechatAccount(trx, now, {
      operatorId,
      appId,
      openid,
      kind,
      principalId: identity.id,
      unionid: login.unionid,
      ...(login.nickname !== null ? { nickname: login.nickname, avatarUrl: login.avatar_url } : {}),
    });
    if (kind === 'resident' && login.nickname) await fillResidentName(trx, operatorId, identity.id, login.nickname);
    return openSession(ctx, trx, now, operatorId, kind, identity);
  });
}

/** Whether a logged-in person has WeChat bound (for their profile screen). */
export async function wechatBindingOf(
  ctx: AppContext,
  appId: string | undefined,
  p: Principal,
): Promise<z.infer<typeof auth.WechatBinding>> {
  const account = appId ? await wechatAccountOf(ctx.db, p.operatorId, appId, p.kind, p.id) : undefined;
  return {
    available: appId !== undefined,
    bound: account !== undefined,
    nickname: account?.nickname ?? null,
    avatarUrl: account?.avatarUrl ?? null,
  };
}

/** Unbinds a logged-in person's WeChat; NOT_FOUND when none is bound. */
export async function unbindWechat(ctx: AppContext, appId: string, p: Principal): Promise<void> {
  if (!(await unbindWechatAccount(ctx.db, p.operatorId, appId, p.kind, p.id)))
    throw new AppError('NOT_FOUND', 'no WeChat account is bound');
}

/** A bound identity that may still log in (a suspended leader or driver may not). */
async function activeIdentity(
  ctx: AppContext,
  operatorId: string,
  kind: PrincipalKind,
  id: string,
): Promise<{ id: string; roles: StaffRole[] }> {
  if (kind === 'resident') return { id, roles: [] };
  if (kind === 'staff') throw new AppError('UNAUTHENTICATED', 'staff log in by SMS');
  const contact = await ctx.accounts[kind].contact(ctx.db, operatorId, id);
  const account = await ctx.accounts[kind].withPhone(ctx.db, operatorId, contact.phone);
  if (!account?.active || account.id !== id) throw new AppError('UNAUTHENTICATED', `this ${kind} account may not log in`);
  return { id, roles: [] };
}

/** A resident without a name takes the WeChat nickname they shared. */
async function fillResidentName(db: Executor, operatorId: string, residentId: string, nickname: string): Promise<void> {
  if (!nickname) return;
  await db
    .updateTable('residents')
    .set({ name: nickname.slice(0, 64) })
    .where('operator_id', '=', operatorId)
    .where('id', '=', residentId)
    .where('name', '=', '')
    .execute();
}
