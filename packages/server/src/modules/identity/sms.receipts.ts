import { createHmac, timingSafeEqual } from 'node:crypto';
import type { sms } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { applyReceipts, type SmsReceipt } from './sms.log.ts';

/** Where each vendor pushes delivery receipts; the path carries the token (`?token=`). */
export const receiptPath = (vendor: 'aliyun' | 'tencent') => `/api/v1/sms/${vendor}/receipts`;

/**
 * The receipt callbacks' token. Vendors do not sign these pushes, so the URL registered at the
 * vendor carries a secret: derived from the installation secret (generated at first start), one per
 * vendor, and compared in constant time.
 */
export function receiptToken(secret: string, vendor: 'aliyun' | 'tencent'): string {
  return createHmac('sha256', secret).update(`sms-receipts:${vendor}`).digest('hex').slice(0, 40);
}

function checkToken(ctx: AppContext, vendor: 'aliyun' | 'tencent', given: string): void {
  const want = Buffer.from(receiptToken(ctx.secret, vendor));
  const got = Buffer.from(given);
  if (ctx.sms.name !== vendor || got.length !== want.length || !timingSafeEqual(got, want)) {
    throw new AppError('UNAUTHENTICATED', 'unknown receipt token');
  }
}

/** The vendors' report times: "2026-11-20 10:03:04", Beijing time. */
export function beijingTime(value: string, fallback: Date): Date {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value.trim());
  const at = m ? new Date(`${m[1]}T${m[2]}+08:00`) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : fallback;
}

/** Aliyun's SmsReport: `success`, with err_code DELIVERED or the carrier's code. */
export async function applyAliyunReport(ctx: AppContext, token: string, report: z.infer<typeof sms.AliyunSmsReport>): Promise<number> {
  checkToken(ctx, 'aliyun', token);
  const now = ctx.clock.now();
  const receipts: SmsReceipt[] = report.map((r) => ({
    providerMessageId: r.biz_id,
    messageId: r.out_id,
    delivered: r.success,
    errorCode: r.success ? null : (r.err_code ?? 'UNKNOWN'),
    errorMessage: r.success ? null : (r.err_msg ?? null),
    reportedAt: beijingTime(r.report_time, now),
  }));
  return applyReceipts(ctx.db, 'aliyun', receipts, now);
}

/** Tencent's status callback: report_status SUCCESS or FAIL with the carrier's errmsg. */
export async function applyTencentStatus(ctx: AppContext, token: string, statuses: z.infer<typeof sms.TencentSmsStatus>): Promise<number> {
  checkToken(ctx, 'tencent', token);
  const now = ctx.clock.now();
  const receipts: SmsReceipt[] = statuses.map((s) => ({
    providerMessageId: s.sid,
    messageId: undefined,
    delivered: s.report_status === 'SUCCESS',
    errorCode: s.report_status === 'SUCCESS' ? null : s.errmsg,
    errorMessage: s.report_status === 'SUCCESS' ? null : s.description,
    reportedAt: beijingTime(s.user_receive_time, now),
  }));
  return applyReceipts(ctx.db, 'tencent', receipts, now);
}
