import type { ColumnType, Generated } from 'kysely';
import type { PrincipalKind, Timestamp } from './schema.ts';

/** Table types of notices outside the app (migration 0035, module notices). */

export type NoticeKind = 'goods_arrived' | 'pickup_reminder' | 'refund_notice' | 'postponement';
export type NoticeChannel = 'sms' | 'wechat';
export type NoticeStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/** One message to one person, with its delivery: the delivery log. */
export interface NoticeMessagesTable {
  id: string;
  operator_id: string;
  recipient_kind: PrincipalKind;
  recipient_id: string;
  kind: NoticeKind;
  params: ColumnType<Record<string, string>, string, string>;
  /** The orders it tells of (a resident's orders arriving together share one message). */
  order_ids: Generated<string[]>;
  pickup_point_id: string | null;
  /** Who asked for it by hand (a leader's resend); null when linli sent it by itself. */
  requested_by: string | null;
  channel: NoticeChannel | null;
  status: Generated<NoticeStatus>;
  attempts: Generated<number>;
  /** When the sender tries next; null once it is done. */
  next_attempt_at: Timestamp | null;
  provider_ref: string | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** A subject (an order at a point, a refund, a postponement) already told, and by which message. */
export interface NoticeSubjectsTable {
  operator_id: string;
  kind: NoticeKind;
  subject: string;
  message_id: string;
}

/** What a person allows: channels and quiet hours (HH:MM, the operator's time zone). */
export interface NoticePreferencesTable {
  operator_id: string;
  recipient_kind: PrincipalKind;
  recipient_id: string;
  sms: Generated<boolean>;
  wechat: Generated<boolean>;
  quiet_hours: Generated<boolean>;
  quiet_start: Generated<string>;
  quiet_end: Generated<string>;
  updated_at: Timestamp;
}

export interface NoticeTables {
  notice_messages: NoticeMessagesTable;
  notice_subjects: NoticeSubjectsTable;
  notice_preferences: NoticePreferencesTable;
}
