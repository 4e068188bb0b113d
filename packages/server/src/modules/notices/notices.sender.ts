import { type Selectable, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { NoticeMessagesTable } from '../../platform/db/schema.notices.ts';
import { SWEEP_CLAIM_MS } from '../../platform/jobs.ts';
import { operatorTimeZone, residentPhone, sendSms, wechatOpenidOf } from '../identity/index.ts';
import { WechatSendError, WechatTemplateMessages } from './notices.wechat.ts';
import { preferencesOfMany } from './notices.preferences.ts';
import { chooseChannel, DEFAULT_PREFERENCES, type NoticePreferences, retryAt, sendableAt, STALE_AFTER_MS } from './notices.rules.ts';

const BATCH = 50;
/** At most this many batches per run, so one run cannot hold the sweep for long; the next tick goes on. */
const BATCHES_PER_RUN = 20;

type Message = Selectable<NoticeMessagesTable>;

const wechatOf = new WeakMap<AppContext, WechatTemplateMessages | null>();

/** The installation's template messages, when the official account and templates are configured. */
function templateMessages(ctx: AppContext): WechatTemplateMessages | null {
  let channel = wechatOf.get(ctx);
  if (channel === undefined) {
    const login = ctx.config.wechatLogin;
    channel =
      login && Object.keys(ctx.config.wechatNoticeTemplates).length > 0
        ? new WechatTemplateMessages(login, ctx.config.wechatNoticeTemplates, () => ctx.clock.now().getTime())
        : null;
    wechatOf.set(ctx, channel);
  }
  return channel;
}

/** Where a notice's WeChat message opens the shop: the order, or the order list for several. */
function shopLink(ctx: AppContext, m: Message): string | undefined {
  if (!ctx.config.publicUrl) return undefined;
  return m.order_ids.length === 1
    ? `${ctx.config.publicUrl}/shop/orders/${encodeURIComponent(m.order_ids[0] ?? '')}`
    : `${ctx.config.publicUrl}/shop/orders`;
}

/**
 * The notice sender sweep: claims due messages (one conditional update, so of several processes
 * one sends each), and for each: drops it when too old, waits out the resident's quiet hours,
 * picks the channel their wishes allow, sends, and records the outcome — sent, or failed with
 * its retry time, or failed for good after the last retry. Answers how many it handled.
 */
export async function sendDueNotices(ctx: AppContext): Promise<number> {
  let handled = 0;
  for (let i = 0; i < BATCHES_PER_RUN; i++) {
    const n = await sendBatch(ctx);
    handled += n;
    if (n < BATCH) break;
  }
  return handled;
}

async function sendBatch(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const claimed = await ctx.db
    .updateTable('notice_messages')
    .set({ next_attempt_at: new Date(now.getTime() + SWEEP_CLAIM_MS) })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('notice_messages')
        .select('id')
        // A literal: the partial index notice_messages_due serves only a plan that knows the status.
        .where('status', '=', sql.lit('pending'))
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  const zones = new Map<string, string>();
  // Each recipient's wishes, read once for the batch (per operator and audience).
  const wishes = new Map<string, NoticePreferences>();
  const groups = new Map<string, Message[]>();
  for (const m of claimed) {
    const key = `${m.operator_id}|${m.recipient_kind}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  for (const [key, group] of groups) {
    const first = group[0] as Message;
    const found = await preferencesOfMany(
      ctx.db,
      first.operator_id,
      first.recipient_kind,
      group.map((m) => m.recipient_id),
    );
    for (const [id, prefs] of found) wishes.set(`${key}|${id}`, prefs);
  }
  for (const m of claimed) {
    try {
      const zone = zones.get(m.operator_id) ?? (await operatorTimeZone(ctx.db, m.operator_id));
      zones.set(m.operator_id, zone);
      const prefs = wishes.get(`${m.operator_id}|${m.recipient_kind}|${m.recipient_id}`) ?? DEFAULT_PREFERENCES;
      await sendOne(ctx, m, zone, prefs);
    } catch (err) {
      // The claim runs out and a later sweep tries again.
      ctx.log.error({ err, noticeId: m.id }, 'notice not handled; will retry');
    }
  }
  return claimed.length;
}

async function sendOne(ctx: AppContext, m: Message, timeZone: string, prefs: NoticePreferences): Promise<void> {
  const now = ctx.clock.now();
  const done = (set: Partial<Pick<Message, 'status' | 'channel' | 'provider_ref' | 'last_error' | 'sent_at' | 'attempts'>>) =>
    ctx.db
      .updateTable('notice_messages')
      .set({ next_attempt_at: null, ...set })
      .where('id', '=', m.id)
      .execute();
  if (now.getTime() - m.created_at.getTime() > STALE_AFTER_MS[m.kind]) {
    await done({ status: 'skipped', last_error: 'too old to send' });
    return;
  }
  const at = sendableAt(now, timeZone, prefs);
  if (at.getTime() > now.getTime()) {
    await ctx.db.updateTable('notice_messages').set({ next_attempt_at: at }).where('id', '=', m.id).execute();
    return;
  }
  const phone = m.recipient_kind === 'resident' ? await residentPhone(ctx.db, m.operator_id, m.recipient_id) : undefined;
  const wechat = templateMessages(ctx);
  const openid =
    wechat && prefs.wechat && wechat.hasTemplate(m.kind)
      ? await wechatOpenidOf(ctx.db, m.operator_id, wechat.appid, m.recipient_kind, m.recipient_id)
      : undefined;
  const choice = chooseChannel({ prefs, wechatReachable: openid !== undefined, hasPhone: phone !== undefined });
  if ('skip' in choice) {
    await done({ status: 'skipped', last_error: choice.skip });
    return;
  }
  const attempts = m.attempts + 1;
  let channel = choice.channel;
  let note: string | null = null;
  try {
    let ref: string;
    if (channel === 'wechat' && wechat && openid) {
      try {
        ref = await wechat.send(openid, m.kind, m.params, shopLink(ctx, m));
      } catch (err) {
        // Not following the official account: WeChat cannot reach them, SMS can (if they allow it).
        if (!(err instanceof WechatSendError && err.notFollowing)) throw err;
        if (!prefs.sms || phone === undefined) {
          await done({ status: 'skipped', channel: 'wechat', attempts, last_error: 'does not follow the official account, and no SMS' });
          return;
        }
        channel = 'sms';
        note = 'does not follow the official account: sent by SMS';
        ref = await bySms(ctx, m, phone);
      }
    } else {
      ref = await bySms(ctx, m, phone ?? '');
    }
    await done({ status: 'sent', channel, provider_ref: ref, sent_at: now, attempts, last_error: note });
  } catch (err) {
    // A number the vendor refuses stays refused: no retry.
    const again = err instanceof SmsFailed && err.code === 'SMS_PHONE_REJECTED' ? null : retryAt(now, attempts);
    const reason = err instanceof Error ? err.message : String(err);
    await ctx.db
      .updateTable('notice_messages')
      .set({ attempts, channel, last_error: reason, status: again ? 'pending' : 'failed', next_attempt_at: again })
      .where('id', '=', m.id)
      .execute();
  }
}

/** The SMS log says the message did not go out, with the vendor's or linli's code. */
class SmsFailed extends Error {
  readonly code: string;
  constructor(code: string) {
    super(`SMS not sent: ${code}`);
    this.code = code;
  }
}

/** Sends a notice by SMS through identity's delivery log; answers the log's message id. */
async function bySms(ctx: AppContext, m: Message, phone: string): Promise<string> {
  const out = await sendSms(ctx, { operatorId: m.operator_id, phone, kind: m.kind, params: m.params });
  if (out.status === 'failed') throw new SmsFailed(out.errorCode ?? 'unknown');
  return out.id;
}
