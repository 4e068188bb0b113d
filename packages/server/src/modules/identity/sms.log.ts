import type { Executor } from '../../platform/db/database.ts';
import type { SmsStatus } from '../../platform/db/schema.sms.ts';
import type { SmsMessage } from './sms.provider.ts';

/** The delivery log (table sms_messages): one row per SMS, written before the vendor is asked. */

export async function logQueued(db: Executor, message: SmsMessage, provider: string, now: Date): Promise<void> {
  await db
    .insertInto('sms_messages')
    .values({
      id: message.id,
      operator_id: message.operatorId ?? null,
      kind: message.kind,
      phone: message.phone,
      provider,
      status: 'queued',
      // A login code opens an account: it never reaches the database in clear.
      params: message.kind === 'login_code' ? null : JSON.stringify(message.params),
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function logSent(db: Executor, id: string, providerMessageId: string, now: Date): Promise<void> {
  await db
    .updateTable('sms_messages')
    .set({ status: 'sent', provider_message_id: providerMessageId, sent_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function logFailed(db: Executor, id: string, error: { code: string; message: string }, now: Date): Promise<void> {
  await db
    .updateTable('sms_messages')
    .set({ status: 'failed', error_code: error.code, error_message: error.message.slice(0, 500), updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** A phone's login codes, asked for before any operator was known, become the operator's it logged in to. */
export async function claimLoginCodes(db: Executor, operatorId: string, phone: string): Promise<void> {
  await db
    .updateTable('sms_messages')
    .set({ operator_id: operatorId })
    .where('phone', '=', phone)
    .where('kind', '=', 'login_code')
    .where('operator_id', 'is', null)
    .execute();
}

/** A delivery receipt: the message the vendor names (by its own id) was delivered or not. */
export interface SmsReceipt {
  providerMessageId: string;
  /** linli's id, when the vendor names it back too (Aliyun's out_id). */
  messageId: string | undefined;
  delivered: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  reportedAt: Date;
}

/** Applies receipts of one vendor; answers how many named a message in the log. A receipt never undoes a later one's `delivered`. */
export async function applyReceipts(db: Executor, provider: string, receipts: SmsReceipt[], now: Date): Promise<number> {
  let matched = 0;
  for (const r of receipts) {
    const res = await db
      .updateTable('sms_messages')
      .set({
        status: r.delivered ? 'delivered' : 'failed',
        error_code: r.delivered ? null : r.errorCode,
        error_message: r.delivered ? null : r.errorMessage,
        reported_at: r.reportedAt,
        updated_at: now,
      })
      .where('provider', '=', provider)
      .where('provider_message_id', '=', r.providerMessageId)
      .where('status', 'in', ['sent', 'failed', 'queued'])
      .executeTakeFirst();
    matched += Number(res.numUpdatedRows);
  }
  return matched;
}

export interface SmsLogRow {
  id: string;
  kind: string;
  phone: string;
  provider: string;
  providerMessageId: string | null;
  status: SmsStatus;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  sentAt: Date | null;
  reportedAt: Date | null;
}

/** The operator's latest messages, newest first, optionally of one status. */
export async function listSmsLog(db: Executor, operatorId: string, filter: { status?: SmsStatus; limit: number }): Promise<SmsLogRow[]> {
  let q = db.selectFrom('sms_messages').selectAll().where('operator_id', '=', operatorId);
  if (filter.status) q = q.where('status', '=', filter.status);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    phone: r.phone,
    provider: r.provider,
    providerMessageId: r.provider_message_id,
    status: r.status,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    reportedAt: r.reported_at,
  }));
}
