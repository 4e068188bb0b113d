import { z } from 'zod';
import { defineEvents, eventFields } from '../../platform/events.ts';

/** The events invites write. */
export const invitesEvents = defineEvents({
  /**
   * An inviter earned their reward for an invitee's first picked-up order: at once, or when staff
   * approved it from the review queue (`approvedBy`). The points module is to credit the points from it; the coupon is issued already (promotions).
   */
  'invite.rewarded': z.object({
    inviteId: z.string(),
    inviterId: z.string(),
    inviteeId: z.string(),
    /**
     * What the inviter got: points unless the operator has points switched off, and a coupon when
     * the settings name a template; none of either while points are off and no template is named.
     */
    rewards: z.array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('points'), points: z.number().int().positive() }),
        z.object({ kind: z.literal('coupon'), couponId: z.string(), templateId: z.string() }),
      ]),
    ),
    at: eventFields.instant,
    approvedBy: z.string().nullable(),
  }),
});

export type InvitesEvents = typeof invitesEvents;
export type InviteRewarded = z.output<InvitesEvents['invite.rewarded']>;
