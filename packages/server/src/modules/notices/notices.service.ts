import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import type { NoticeKind } from '../../platform/db/schema.notices.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { notify } from '../../platform/notifications.ts';
import { noticeText, RESEND_INTERVAL_MS } from './notices.rules.ts';

/** A notice for one resident, to reach them outside the app. */
export interface NoticeRequest {
  residentId: string;
  kind: NoticeKind;
  params: Record<string, string>;
  /**
   * What it tells of (e.g. `order@point` for goods arrived, a refund's id): a request whose
   * subjects were all told before is dropped, so an event delivered again tells nobody twice.
   */
  subjects: readonly string[];
  orderIds?: readonly string[];
  pickupPointId?: string | null;
  /** Also leave it in the app's inbox (false where the caller already told the resident in the app). */
  inApp: boolean;
}

/**
 * Queues notices in the caller's transaction: each new one is a message the sender sweep delivers
 * by WeChat or SMS (per the resident's wishes and quiet hours), and, when asked, an inbox entry.
 * Set-based: one statement for the subjects, one for the messages. Answers how many were queued.
 */
export async function queueNotices(trx: Tx, now: Date, operatorId: string, requests: readonly NoticeRequest[]): Promise<number> {
  if (requests.length === 0) return 0;
  const withIds = requests.map((r) => ({ ...r, messageId: newId('ntc') }));
  const subjects = withIds.flatMap((r) =>
    [...new Set(r.subjects)].map((subject) => ({ operator_id: operatorId, kind: r.kind, subject, message_id: r.messageId })),
  );
  const claimed =
    subjects.length === 0
      ? []
      : await trx
          .insertInto('notice_subjects')
          .values(subjects)
          .onConflict((oc) => oc.columns(['operator_id', 'kind', 'subject']).doNothing())
          .returning('message_id')
          .execute();
  const fresh = new Set(claimed.map((c) => c.message_id));
  const queued = withIds.filter((r) => fresh.has(r.messageId));
  if (queued.length === 0) return 0;
  await trx
    .insertInto('notice_messages')
    .values(
      queued.map((r) => ({
        id: r.messageId,
        operator_id: operatorId,
        recipient_kind: 'resident' as const,
        recipient_id: r.residentId,
        kind: r.kind,
        params: JSON.stringify(r.params),
        order_ids: [...(r.orderIds ?? [])],
        pickup_point_id: r.pickupPointId ?? null,
        requested_by: null,
        channel: null,
        next_attempt_at: now,
        provider_ref: null,
        last_error: null,
        created_at: now,
        sent_at: null,
      })),
    )
    .execute();
  await notify(
    trx,
    now,
    operatorId,
    queued
      .filter((r) => r.inApp)
      .map((r) => ({ recipientKind: 'resident' as const, recipientId: r.residentId, ...noticeText(r.kind, r.params) })),
  );
  return queued.length;
}

/**
 * A leader's "remind again" for an order at their point: a pickup reminder queued now (it still
 * waits for the resident's quiet hours to end), at most once per order in RESEND_INTERVAL_MS
 * (RATE_LIMITED with the seconds to wait). The caller checked the order is the leader's and
 * waiting to be picked up. Answers the message's id.
 */
export async function resendPickupReminder(
  trx: Tx,
  now: Date,
  r: {
    operatorId: string;
    orderId: string;
    residentId: string;
    pickupPointId: string;
    params: Record<string, string>;
    requestedBy: string;
  },
): Promise<string> {
  // One resend at a time per order, whatever the concurrency.
  await trx
    .selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.fn('hashtext', [eb.val(`notice-resend:${r.orderId}`)])]).as('l'))
    .execute();
  const last = await trx
    .selectFrom('notice_messages')
    .select('created_at')
    .where('operator_id', '=', r.operatorId)
    .where(hasOrder(r.orderId))
    .where('requested_by', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const waitMs = last ? last.created_at.getTime() + RESEND_INTERVAL_MS - now.getTime() : 0;
  if (waitMs > 0) {
    throw new AppError('RATE_LIMITED', 'this resident was reminded a moment ago', { retryAfterSeconds: Math.ceil(waitMs / 1000) });
  }
  const id = newId('ntc');
  await trx
    .insertInto('notice_messages')
    .values({
      id,
      operator_id: r.operatorId,
      recipient_kind: 'resident',
      recipient_id: r.residentId,
      kind: 'pickup_reminder',
      params: JSON.stringify(r.params),
      order_ids: [r.orderId],
      pickup_point_id: r.pickupPointId,
      requested_by: r.requestedBy,
      channel: null,
      next_attempt_at: now,
      provider_ref: null,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .execute();
  await notify(trx, now, r.operatorId, [
    { recipientKind: 'resident', recipientId: r.residentId, ...noticeText('pickup_reminder', r.params) },
  ]);
  return id;
}

/** `order_ids` holds the order, as SQL. */
export const hasOrder = (orderId: string) => sql<boolean>`order_ids @> array[${orderId}]::text[]`;
