import type { invites } from '@linli/contracts';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { assertCouponTemplate } from '../promotions/index.ts';

export type InviteSettings = z.infer<typeof invites.InviteSettings>;
export type InviteSettingsView = z.infer<typeof invites.InviteSettingsView>;

/** An operator's invite settings until it changes them (the migration's column defaults say the same). */
export const DEFAULT_INVITE_SETTINGS: InviteSettings = {
  enabled: true,
  rewardPoints: 100,
  inviterDailyLimit: 5,
  operatorDailyCap: 200,
  clusterDeviceThreshold: 3,
  clusterPointThreshold: 3,
  clusterWindowMinutes: 10,
  rewardCouponTemplateId: null,
};

/** The operator's invite reward and limits, the defaults until changed. */
export async function inviteSettings(db: Executor, operatorId: string): Promise<InviteSettingsView> {
  const row = await db.selectFrom('invite_settings').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
  if (!row) return { ...DEFAULT_INVITE_SETTINGS, updatedAt: null, updatedBy: null };
  return {
    enabled: row.enabled,
    rewardPoints: row.reward_points,
    inviterDailyLimit: row.inviter_daily_limit,
    operatorDailyCap: row.operator_daily_cap,
    clusterDeviceThreshold: row.cluster_device_threshold,
    clusterPointThreshold: row.cluster_point_threshold,
    clusterWindowMinutes: row.cluster_window_minutes,
    rewardCouponTemplateId: row.reward_coupon_template_id,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/**
 * Changes some of the operator's invite settings (who and when recorded); they apply to the next
 * first pickup. A reward coupon template that is not a running coupon template of the operator is
 * refused (COUPON_TEMPLATE_INVALID, field rewardCouponTemplateId) and nothing changes.
 */
export async function updateInviteSettings(
  db: Executor,
  now: Date,
  who: { operatorId: string; staffId: string },
  patch: z.infer<typeof invites.UpdateInviteSettings>,
): Promise<InviteSettingsView> {
  if (patch.rewardCouponTemplateId) {
    await assertCouponTemplate(db, now, who.operatorId, patch.rewardCouponTemplateId, 'rewardCouponTemplateId');
  }
  const { updatedAt: _, updatedBy: __, ...current } = await inviteSettings(db, who.operatorId);
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const next: InviteSettings = { ...current, ...changes };
  const values = {
    enabled: next.enabled,
    reward_points: next.rewardPoints,
    inviter_daily_limit: next.inviterDailyLimit,
    operator_daily_cap: next.operatorDailyCap,
    cluster_device_threshold: next.clusterDeviceThreshold,
    cluster_point_threshold: next.clusterPointThreshold,
    cluster_window_minutes: next.clusterWindowMinutes,
    reward_coupon_template_id: next.rewardCouponTemplateId,
    updated_by: who.staffId,
    updated_at: now,
  };
  await db
    .insertInto('invite_settings')
    .values({ operator_id: who.operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return { ...next, updatedAt: now.toISOString(), updatedBy: who.staffId };
}
