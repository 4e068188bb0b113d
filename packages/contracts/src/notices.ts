import { z } from 'zod';
import { Id, PageQuery, Timestamp, pageOf } from './common.ts';

/** Notices outside the app (SMS, WeChat): a person's wishes, the delivery log, a leader's reminder. */

const TimeOfDay = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a time of day as HH:MM')
  .describe("HH:MM in the operator's time zone");

export const NoticePreferences = z.strictObject({
  sms: z.boolean().describe('may be told by SMS'),
  wechat: z.boolean().describe('may be told by WeChat message (where WeChat is bound and the message allowed)'),
  quietHours: z.boolean().describe('hold notices during the quiet time (the app inbox still gets them at once)'),
  quietStart: TimeOfDay,
  quietEnd: TimeOfDay.describe("HH:MM in the operator's time zone; may be earlier than the start (the quiet time wraps midnight)"),
});

export const NoticeKind = z.enum(['goods_arrived', 'pickup_reminder', 'refund_notice', 'postponement']);
export const NoticeStatus = z.enum(['pending', 'sent', 'failed', 'skipped']);

/** One notice as the delivery log shows it (staff); parameters included, as the resident read them. */
export const NoticeMessage = z.object({
  id: Id,
  recipientKind: z.string(),
  recipientId: z.string(),
  kind: NoticeKind,
  params: z.record(z.string(), z.string()),
  orderIds: z.array(z.string()),
  pickupPointId: z.string().nullable(),
  requestedBy: z.string().nullable().describe('the leader who asked for it by hand; null when linli sent it by itself'),
  channel: z.enum(['sms', 'wechat']).nullable(),
  status: NoticeStatus,
  attempts: z.number().int(),
  nextAttemptAt: Timestamp.nullable().describe('while pending: when it is tried (after quiet hours or a failed attempt)'),
  providerRef: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
});

export const NoticeLogQuery = PageQuery.extend({
  status: NoticeStatus.optional(),
  kind: NoticeKind.optional(),
  orderId: Id.optional(),
});
export const NoticeLog = pageOf(NoticeMessage);

export const ReminderQueued = z.object({ noticeId: Id });
