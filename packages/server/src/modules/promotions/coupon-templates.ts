import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Throws COUPON_TEMPLATE_INVALID (details: the field) unless the id names a coupon template of the
 * operator that has not ended: what a setting or a decision naming a template to issue from must
 * name. A paused one passes (it may be resumed; issuing from it is refused while it is paused).
 */
export async function assertCouponTemplate(db: Executor, now: Date, operatorId: string, templateId: string, field: string): Promise<void> {
  const t = await db
    .selectFrom('promotions')
    .select(['trigger', 'status', 'ends_at'])
    .where('id', '=', templateId)
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  if (t?.trigger !== 'coupon' || t.status === 'ended' || t.ends_at <= now) {
    throw new AppError('COUPON_TEMPLATE_INVALID', 'not a coupon template of yours that is still running', { field, templateId });
  }
}
