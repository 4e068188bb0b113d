import type { notices } from '@linli/contracts';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { type Page, type PageRequest, fetchPage } from '../../platform/db/paging.ts';
import type { NoticeKind, NoticeStatus } from '../../platform/db/schema.notices.ts';
import { hasOrder } from './notices.service.ts';

type NoticeView = z.infer<typeof notices.NoticeMessage>;

/** The operator's notices, newest first: the delivery log staff read, by status, kind or order. */
export async function noticeLog(
  db: Executor,
  operatorId: string,
  query: PageRequest & { status?: NoticeStatus | undefined; kind?: NoticeKind | undefined; orderId?: string | undefined },
): Promise<Page<NoticeView>> {
  let filtered = db.selectFrom('notice_messages').where('operator_id', '=', operatorId);
  if (query.status) filtered = filtered.where('status', '=', query.status);
  if (query.kind) filtered = filtered.where('kind', '=', query.kind);
  if (query.orderId) filtered = filtered.where(hasOrder(query.orderId));
  const page = await fetchPage(query, filtered.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'), filtered);
  return {
    ...page,
    items: page.items.map((m) => ({
      id: m.id,
      recipientKind: m.recipient_kind,
      recipientId: m.recipient_id,
      kind: m.kind,
      params: m.params,
      orderIds: m.order_ids,
      pickupPointId: m.pickup_point_id,
      requestedBy: m.requested_by,
      channel: m.channel,
      status: m.status,
      attempts: m.attempts,
      nextAttemptAt: m.status === 'pending' ? (m.next_attempt_at?.toISOString() ?? null) : null,
      providerRef: m.provider_ref,
      lastError: m.last_error,
      createdAt: m.created_at.toISOString(),
      sentAt: m.sent_at?.toISOString() ?? null,
    })),
  };
}

/** How many notices of the operator there are, by kind, channel and status: the demo's report line. */
export async function noticeCounts(
  db: Executor,
  operatorId: string,
): Promise<Array<{ kind: NoticeKind; channel: string | null; status: NoticeStatus; manual: boolean; count: number }>> {
  const rows = await db
    .selectFrom('notice_messages')
    .select((eb) => ['kind', 'channel', 'status', eb('requested_by', 'is not', null).as('manual'), eb.fn.countAll<number>().as('count')])
    .where('operator_id', '=', operatorId)
    .groupBy(['kind', 'channel', 'status', 'manual'])
    .orderBy('kind')
    .execute();
  return rows.map((r) => ({ ...r, manual: Boolean(r.manual), count: Number(r.count) }));
}
