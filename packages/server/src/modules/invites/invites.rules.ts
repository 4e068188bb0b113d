import type { InviteStatus } from '../../platform/db/schema.invites.ts';

/**
 * The rules of invite rewards, pure: whether a sign-up counts as invited, whether a first pickup
 * earns its inviter a reward now, waits for staff, or earns nothing, and what an inviter is shown.
 */

/** Why a reward was held for review or refused; kept on the invite. */
export type InviteFlag =
  /** The operator has invite rewards switched off. */
  | 'program_off'
  /** Another invite of this phone was already rewarded (the phone signed up again after its account was erased). */
  | 'phone_rewarded'
  /** An invitee on this device was already rewarded. */
  | 'device_rewarded'
  /** An invitee with this WeChat openid was already rewarded. */
  | 'openid_rewarded'
  /** Many of the inviter's invitees share one device. */
  | 'device_cluster'
  /** Many of the inviter's invitees chose one pickup point within a few minutes of signing up. */
  | 'point_cluster'
  /** The inviter had as many rewards today as the settings allow. */
  | 'inviter_daily_limit'
  /** The operator granted as many rewards today as its cap. */
  | 'operator_daily_cap'
  /** The reward's coupon could not be issued (all gone, the inviter's limit, the template ended or paused). */
  | 'coupon_unavailable';

/** A device id a client sends (X-Device-Id): 8 to 128 letters, digits, `-` or `_`; anything else is no device id. */
export function deviceIdOf(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  return /^[A-Za-z0-9_-]{8,128}$/.test(header) ? header : null;
}

/** Why a sign-up through a code is not recorded as invited, or null when it is. */
export function attributionRefusal(s: {
  inviterId: string;
  inviteeId: string;
  inviterPhone: string | undefined;
  inviteePhone: string;
  /** An invite of this phone exists already (it signed up through a link before). */
  phoneInvitedBefore: boolean;
}): 'own_code' | 'own_phone' | 'inviter_unknown' | 'phone_invited_before' | null {
  if (s.inviterId === s.inviteeId) return 'own_code';
  if (s.inviterPhone === undefined) return 'inviter_unknown';
  if (s.inviterPhone === s.inviteePhone) return 'own_phone';
  if (s.phoneInvitedBefore) return 'phone_invited_before';
  return null;
}

/** What the abuse rules compare, read for one invite at its invitee's first pickup. */
export interface RewardFacts {
  enabled: boolean;
  phoneRewarded: boolean;
  deviceRewarded: boolean;
  openidRewarded: boolean;
  /** The inviter's invitees on this invite's device, this one included (0 without a device id). */
  devicePeers: number;
  /** The inviter's invitees at this pickup point who signed up within the window of this one, this one included. */
  pointPeers: number;
  /** Rewards the inviter got today (the operator's day), and the operator granted today. */
  inviterRewardedToday: number;
  operatorRewardedToday: number;
}

export interface RewardLimits {
  inviterDailyLimit: number;
  operatorDailyCap: number;
  clusterDeviceThreshold: number;
  clusterPointThreshold: number;
}

export type RewardDecision = { outcome: 'reward'; flags: [] } | { outcome: 'hold' | 'refuse'; flags: InviteFlag[] };

/**
 * A first pickup's reward. Refused when the programme is off or the phone, device or openid was
 * already rewarded (one reward each, whoever invited them); held for staff review when the invite
 * is part of a suspicious cluster or a daily limit is reached; else granted. Every reason found
 * is kept, so staff see all of them.
 */
export function rewardDecision(f: RewardFacts, limits: RewardLimits): RewardDecision {
  if (!f.enabled) return { outcome: 'refuse', flags: ['program_off'] };
  const duplicates: InviteFlag[] = [];
  if (f.phoneRewarded) duplicates.push('phone_rewarded');
  if (f.deviceRewarded) duplicates.push('device_rewarded');
  if (f.openidRewarded) duplicates.push('openid_rewarded');
  if (duplicates.length > 0) return { outcome: 'refuse', flags: duplicates };
  const held: InviteFlag[] = [];
  if (f.devicePeers >= limits.clusterDeviceThreshold) held.push('device_cluster');
  if (f.pointPeers >= limits.clusterPointThreshold) held.push('point_cluster');
  if (f.inviterRewardedToday >= limits.inviterDailyLimit) held.push('inviter_daily_limit');
  if (f.operatorRewardedToday >= limits.operatorDailyCap) held.push('operator_daily_cap');
  if (held.length > 0) return { outcome: 'hold', flags: held };
  return { outcome: 'reward', flags: [] };
}

/**
 * How many of an inviter's invitees (this one included) are at this one's pickup point and signed
 * up within `windowMinutes` of it, before or after. Invitees without a point do not count.
 */
export function pointPeers(
  self: { registeredAt: Date; pickupPointId: string },
  others: ReadonlyArray<{ registeredAt: Date; pickupPointId: string | null }>,
  windowMinutes: number,
): number {
  const window = windowMinutes * 60_000;
  return (
    1 +
    others.filter(
      (o) => o.pickupPointId === self.pickupPointId && Math.abs(o.registeredAt.getTime() - self.registeredAt.getTime()) <= window,
    ).length
  );
}

/** Which invites staff may decide: only those held for review. */
export function mayDecide(status: InviteStatus): boolean {
  return status === 'held';
}

/**
 * What an inviter is shown of an invitee: signed up, first order picked up (without a reward: the
 * abuse rules' reasons are staff's), the reward waiting for review, or rewarded.
 */
export function inviteeState(status: InviteStatus): 'registered' | 'picked_up' | 'held' | 'rewarded' {
  switch (status) {
    case 'registered':
      return 'registered';
    case 'held':
      return 'held';
    case 'rewarded':
      return 'rewarded';
    default:
      return 'picked_up';
  }
}
