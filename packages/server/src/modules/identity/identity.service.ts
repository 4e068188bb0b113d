import type { auth } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { DAY } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { PrincipalKind, StaffRole } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { newId, randomDigits, randomToken } from '../../platform/ids.ts';
import { claimLoginCodes } from './sms.log.ts';
import { deliverSms } from './sms.send.ts';
import { forgetSharedSession, sharedSession, shareSession } from './shared-sessions.ts';
import { SMS_CODE_TTL_MS, checkCode, mayRequestCode, smsCodeHash, tokenHash } from './identity.rules.ts';

export interface Principal {
  kind: PrincipalKind;
  id: string;
  operatorId: string;
  sessionId: string;
  roles: StaffRole[];
}

/** Sends a login code to a phone, within the resend interval and the daily limit. */
export async function requestLoginCode(
  ctx: AppContext,
  phone: string,
): Promise<{ expiresInSeconds: number; retryAfterSeconds: number; devCode?: string }> {
  const now = ctx.clock.now();
  const code = randomDigits(6);
  await ctx.db.transaction().execute(async (trx) => {
    // Serialise requests for one phone so two parallel requests cannot both pass the limit.
    await trx.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.fn('hashtext', [eb.val(`sms:${phone}`)])]).as('l')).execute();
    const recent = await trx
      .selectFrom('sms_codes')
      .select('created_at')
      .where('phone', '=', phone)
      .where('created_at', '>', new Date(now.getTime() - DAY))
      .orderBy('created_at', 'desc')
      .execute();
    const verdict = mayRequestCode(
      now,
      recent.map((r) => r.created_at),
    );
    if (!verdict.ok) {
      throw new AppError('RATE_LIMITED', verdict.reason === 'too_soon' ? 'a code was sent a moment ago' : 'too many codes today', {
        retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000),
      });
    }
    await trx
      .insertInto('sms_codes')
      .values({
        id: newId('sms'),
        phone,
        code_hash: smsCodeHash(ctx.secret, phone, code),
        expires_at: new Date(now.getTime() + SMS_CODE_TTL_MS),
        created_at: now,
      })
      .execute();
  });
  try {
    await deliverSms(ctx, { phone, kind: 'login_code', params: { code } });
  } catch (err) {
    // No code went out: it must not count against the phone's limits nor be accepted.
    await ctx.db.deleteFrom('sms_codes').where('phone', '=', phone).where('created_at', '=', now).execute();
    throw err;
  }
  const sent = { expiresInSeconds: SMS_CODE_TTL_MS / 1000, retryAfterSeconds: 60 };
  // The dev provider sends nothing: the development web login shows the code instead.
  return answersLoginCodes(ctx) ? { ...sent, devCode: code } : sent;
}

/**
 * Whether a requested login code comes back in the answer (`devCode`): only with the dev SMS
 * provider in development. In production the code reaches the phone and nothing else.
 */
export function answersLoginCodes(ctx: Pick<AppContext, 'config' | 'sms'>): boolean {
  return ctx.config.env === 'development' && ctx.sms.name === 'dev';
}

const codeMessages: Record<Exclude<ReturnType<typeof checkCode>, 'ok'>, string> = {
  no_code: 'no code was sent to this phone',
  expired: 'the code has expired; request a new one',
  used: 'the code was already used; request a new one',
  too_many_attempts: 'too many wrong codes; request a new one',
  wrong: 'wrong code',
};

/**
 * Verifies the code (single use, counted attempts) and opens a session for the phone's identity
 * of the given kind. A resident is registered at first login; other identities must exist.
 */
export async function login(
  ctx: AppContext,
  input: auth_Login,
  onRegistered?: OnResidentRegistered,
): Promise<{ token: string; expiresAt: Date; principal: Principal }> {
  const now = ctx.clock.now();
  const operator = await ctx.db.selectFrom('operators').select('id').where('slug', '=', input.operator).executeTakeFirst();
  if (!operator) throw new AppError('NOT_FOUND', 'operator not found');
  await verifyLoginCode(ctx, now, input.phone, input.code);
  // The codes were asked for before the operator was known: the log shows them to it from now on.
  await claimLoginCodes(ctx.db, operator.id, input.phone);
  if (!onRegistered) {
    const identity = await findOrRegister(ctx, ctx.db, operator.id, input.phone, input.as, now);
    return openSession(ctx, ctx.db, now, operator.id, input.as, identity);
  }
  // Whoever listens to a registration writes in the registering transaction: both or neither.
  return ctx.db.transaction().execute(async (trx) => {
    const identity = await findOrRegister(ctx, trx, operator.id, input.phone, input.as, now, { onRegistered });
    return openSession(ctx, trx, now, operator.id, input.as, identity);
  });
}

/** A resident registered just now (their phone was new to the operator), as a registration's listener gets it. */
export interface NewResident {
  operatorId: string;
  residentId: string;
  phone: string;
  /** The WeChat openid the registration came with (WeChat login's first time), with its app id. */
  wechat: { appId: string; openid: string } | null;
}

/**
 * Called in the registering transaction when a login registers a resident, and only then (the
 * invite a link carried is recorded so). Handed in by the caller: identity knows no listener.
 */
export type OnResidentRegistered = (db: Executor, now: Date, resident: NewResident) => Promise<void>;

/** Several registration listeners as one, called in the order given (none given: undefined, no listener). */
export function allListeners(...listeners: ReadonlyArray<OnResidentRegistered | undefined>): OnResidentRegistered | undefined {
  const present = listeners.filter((l): l is OnResidentRegistered => l !== undefined);
  if (present.length === 0) return undefined;
  return async (db, now, resident) => {
    for (const listener of present) await listener(db, now, resident);
  };
}

/**
 * The operator's resident with this phone, registered now if the phone is new (`registered`);
 * `onRegistered` hears of a registration in the same statement sequence (pass a transaction).
 */
export async function registerResident(
  db: Executor,
  now: Date,
  who: { operatorId: string; phone: string; wechat?: NewResident['wechat'] },
  onRegistered?: OnResidentRegistered,
): Promise<{ id: string; registered: boolean }> {
  const inserted = await db
    .insertInto('residents')
    .values({ id: newId('res'), operator_id: who.operatorId, phone: who.phone, pickup_point_id: null, created_at: now })
    .onConflict((oc) => oc.columns(['operator_id', 'phone']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    await onRegistered?.(db, now, { operatorId: who.operatorId, residentId: inserted.id, phone: who.phone, wechat: who.wechat ?? null });
    return { id: inserted.id, registered: true };
  }
  const r = await db
    .selectFrom('residents')
    .select('id')
    .where('operator_id', '=', who.operatorId)
    .where('phone', '=', who.phone)
    .executeTakeFirstOrThrow();
  return { id: r.id, registered: false };
}

/**
 * Checks a phone's login code and spends it (single use; a wrong code counts an attempt), or
 * throws SMS_CODE_INVALID saying why.
 */
export async function verifyLoginCode(ctx: AppContext, now: Date, phone: string, code: string): Promise<void> {
  const verdict = await ctx.db.transaction().execute(async (trx) => {
    const stored = await trx
      .selectFrom('sms_codes')
      .selectAll()
      .where('phone', '=', phone)
      .orderBy('created_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    const result = checkCode(now, stored, smsCodeHash(ctx.secret, phone, code));
    if (stored && result === 'ok') {
      await trx.updateTable('sms_codes').set({ consumed_at: now }).where('id', '=', stored.id).execute();
    } else if (stored && result === 'wrong') {
      await trx
        .updateTable('sms_codes')
        .set({ attempts: stored.attempts + 1 })
        .where('id', '=', stored.id)
        .execute();
    }
    return result;
  });
  if (verdict !== 'ok') throw new AppError('SMS_CODE_INVALID', codeMessages[verdict]);
}

/** Opens a session for an identity of an audience: the bearer token (shown once) and its principal. */
export async function openSession(
  ctx: AppContext,
  db: Executor,
  now: Date,
  operatorId: string,
  kind: PrincipalKind,
  identity: { id: string; roles: StaffRole[] },
): Promise<{ token: string; expiresAt: Date; principal: Principal }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionDays * DAY);
  const sessionId = newId('ses');
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      token_hash: tokenHash(token),
      operator_id: operatorId,
      principal_kind: kind,
      principal_id: identity.id,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  const principal: Principal = { kind, id: identity.id, operatorId, sessionId, roles: identity.roles };
  // Kept in Redis at once (a token is handed out only when this commits; a rolled-back one is never known).
  if (kind === 'resident') await shareSession(ctx, tokenHash(token), principal, expiresAt.getTime(), now.getTime());
  return { token, expiresAt, principal };
}

type auth_Login = import('zod').infer<typeof auth.Login>;

/** The phone's identity of an audience: a resident is registered at first login; other identities must exist and be active. */
export async function findOrRegister(
  ctx: AppContext,
  db: Executor,
  operatorId: string,
  phone: string,
  kind: PrincipalKind,
  now: Date,
  registration: { onRegistered?: OnResidentRegistered; wechat?: NewResident['wechat'] } = {},
): Promise<{ id: string; roles: StaffRole[] }> {
  const missing = () => new AppError('UNAUTHENTICATED', `no ${kind} account with this phone`);
  switch (kind) {
    case 'resident': {
      const r = await registerResident(db, now, { operatorId, phone, wechat: registration.wechat ?? null }, registration.onRegistered);
      return { id: r.id, roles: [] };
    }
    case 'staff': {
      const s = await db
        .selectFrom('staff')
        .select(['id', 'roles', 'active'])
        .where('operator_id', '=', operatorId)
        .where('phone', '=', phone)
        .executeTakeFirst();
      if (!s?.active) throw missing();
      return { id: s.id, roles: s.roles };
    }
    default: {
      // Leaders, drivers and suppliers: their modules keep the accounts (see audience-accounts.ts).
      const account = await ctx.accounts[kind].withPhone(db, operatorId, phone);
      if (!account?.active) throw missing();
      return { id: account.id, roles: [] };
    }
  }
}

/**
 * Recently resolved sessions, so a resident's burst of requests (order, pay, poll) costs one
 * lookup. Entries live a few seconds: a logout in this process removes its entry at once; in
 * another API process it takes effect within SESSION_CACHE_MS. Staff sessions are not cached, so
 * role changes and deactivation apply to the next request. Freshness is measured on the
 * monotonic clock: it is about this process's memory, not business time.
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 100_000;
const sessionCache = new Map<string, { principal: Principal; until: number; expiresAt: number }>();

/** Resolves a bearer token to its principal, or undefined when unknown, expired or revoked. */
export async function authenticate(ctx: AppContext, token: string): Promise<Principal | undefined> {
  const hash = tokenHash(token);
  const nowMs = ctx.clock.now().getTime();
  const cached = sessionCache.get(hash);
  if (cached && cached.until > performance.now() && cached.expiresAt > nowMs) return cached.principal;
  const shared = await sharedSession<Principal>(ctx, hash, nowMs);
  if (shared) {
    keep(hash, shared.principal, shared.expiresAt);
    return shared.principal;
  }
  const session = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'operator_id', 'principal_kind', 'principal_id', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!session || session.revoked_at || session.expires_at.getTime() <= nowMs) {
    sessionCache.delete(hash);
    return undefined;
  }
  let roles: StaffRole[] = [];
  if (session.principal_kind === 'staff') {
    const staff = await ctx.db.selectFrom('staff').select(['roles', 'active']).where('id', '=', session.principal_id).executeTakeFirst();
    if (!staff?.active) return undefined;
    roles = staff.roles;
  }
  const principal: Principal = {
    kind: session.principal_kind,
    id: session.principal_id,
    operatorId: session.operator_id,
    sessionId: session.id,
    roles,
  };
  if (session.principal_kind !== 'staff') {
    keep(hash, principal, session.expires_at.getTime());
  }
  if (session.principal_kind === 'resident') await shareSession(ctx, hash, principal, session.expires_at.getTime(), nowMs);
  return principal;
}

function keep(hash: string, principal: Principal, expiresAt: number): void {
  if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
  sessionCache.set(hash, { principal, until: performance.now() + SESSION_CACHE_MS, expiresAt });
}

/** Revokes one session (logout). */
export async function logout(ctx: AppContext, sessionId: string): Promise<void> {
  const revoked = await ctx.db
    .updateTable('sessions')
    .set({ revoked_at: ctx.clock.now() })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .returning('token_hash')
    .executeTakeFirst();
  const hashes = [...sessionCache].filter(([, entry]) => entry.principal.sessionId === sessionId).map(([hash]) => hash);
  for (const hash of hashes) sessionCache.delete(hash);
  if (revoked) await forgetSharedSession(ctx, revoked.token_hash);
}

/**
 * Logs a person out everywhere (a leader suspended, a supplier deactivated): their sessions are
 * revoked and dropped from this process's cache.
 */
export async function revokeSessionsOf(
  db: Executor,
  now: Date,
  operatorId: string,
  kind: PrincipalKind,
  principalId: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('operator_id', '=', operatorId)
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .where('revoked_at', 'is', null)
    .execute();
  for (const [hash, entry] of sessionCache) if (entry.principal.id === principalId) sessionCache.delete(hash);
}

/** Name and phone of a principal, for `/auth/me`: residents and staff here, other audiences from their owner. */
export async function describePrincipal(ctx: Pick<AppContext, 'db' | 'accounts'>, p: Principal): Promise<{ name: string; phone: string }> {
  if (p.kind === 'resident' || p.kind === 'staff') {
    const query =
      p.kind === 'resident'
        ? ctx.db.selectFrom('residents').select(['name', 'phone']).where('id', '=', p.id)
        : ctx.db.selectFrom('staff').select(['name', 'phone']).where('id', '=', p.id);
    return query.executeTakeFirstOrThrow();
  }
  return ctx.accounts[p.kind].contact(ctx.db, p.operatorId, p.id);
}
