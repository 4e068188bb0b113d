import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { logFailed, logQueued, logSent } from './sms.log.ts';
import type { SmsMessage } from './sms.provider.ts';

/** What became of an SMS: `sent` (the vendor took it; its receipt tells delivery later) or `failed` (recorded with why). */
export interface SmsOutcome {
  id: string;
  status: 'sent' | 'failed';
  /** The vendor's code or linli's (SMS_TEMPLATE_MISSING …) when it failed. */
  errorCode?: string;
}

/**
 * Sends an SMS of the operator's and keeps it in the delivery log: the row is written (queued),
 * the operator's template resolved (else the installation's), the vendor asked, the outcome
 * recorded. A failure (no template, a refused number, the vendor's limit or outage) is recorded and
 * answered as `failed`, never thrown: a notice that cannot go out must not undo the work that
 * caused it. The log keeps the parameters (never those of a login code).
 */
export async function sendSms(ctx: AppContext, message: Omit<SmsMessage, 'id'> & { operatorId: string }): Promise<SmsOutcome> {
  return deliverSms(ctx, message);
}

/**
 * The same for any message, a login code included (asked before an operator is known); a login
 * code that cannot go out fails loudly (the AppError: RATE_LIMITED, SMS_PHONE_REJECTED,
 * SMS_TEMPLATE_MISSING, SMS_PROVIDER_FAILED) so the resident knows no code is coming.
 */
export async function deliverSms(ctx: AppContext, input: Omit<SmsMessage, 'id'>): Promise<SmsOutcome> {
  const message: SmsMessage = { ...input, id: newId('smsg') };
  await logQueued(ctx.db, message, ctx.sms.name, ctx.clock.now());
  try {
    const sent = await ctx.sms.send(message);
    await logSent(ctx.db, message.id, sent.providerMessageId, ctx.clock.now());
    return { id: message.id, status: 'sent' };
  } catch (err) {
    const failure = failureOf(err);
    await logFailed(ctx.db, message.id, failure, ctx.clock.now());
    ctx.log.warn({ smsId: message.id, kind: message.kind, provider: ctx.sms.name, error: failure.code }, 'SMS not sent');
    if (message.kind === 'login_code') {
      throw err instanceof AppError ? err : new AppError('SMS_PROVIDER_FAILED', 'the SMS could not be sent');
    }
    return { id: message.id, status: 'failed', errorCode: failure.code };
  }
}

/** The code and message a failure is logged with: the vendor's own code where it gave one. */
function failureOf(err: unknown): { code: string; message: string } {
  if (err instanceof AppError) {
    const vendorCode = err.details?.vendorCode;
    return { code: typeof vendorCode === 'string' ? vendorCode : err.code, message: err.message };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
