import { z } from 'zod';
import { defineEvents, eventFields } from '../../platform/events.ts';

/** The events leader applications write. */
export const applicationEvents = defineEvents({
  /**
   * Staff approved an application: the leader and their pickup point exist. `referrerId` is the
   * leader whose recruit link brought the applicant (leader-recruiting records the referral).
   */
  'leader_application.approved': z.object({
    applicationId: z.string(),
    residentId: z.string(),
    leaderId: z.string(),
    pickupPointId: z.string(),
    referrerId: z.string().nullable(),
    at: eventFields.instant,
  }),
});

export type ApplicationEvents = typeof applicationEvents;
