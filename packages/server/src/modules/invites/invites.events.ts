import { z } from 'zod';
import { defineEvents, eventFields } from '../../platform/events.ts';

/** The events invites write. */
export const invitesEvents = defineEvents({
  /**
   * An inviter earned their reward for an invitee's first picked-up order: at once, or when staff
   * approved it from the review queue (`approvedBy`). The points module grants the points from it.
   */
  'invite.rewarded': z.object({
    inviteId: z.string(),
    inviterId: z.string(),
    inviteeId: z.string(),
    kind: z.literal('points'),
    points: z.number().int().positive(),
    at: eventFields.instant,
    approvedBy: z.string().nullable(),
  }),
});

export type InvitesEvents = typeof invitesEvents;
export type InviteRewarded = z.output<InvitesEvents['invite.rewarded']>;
