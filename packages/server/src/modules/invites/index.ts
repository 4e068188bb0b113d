/**
 * Invites (邀请有礼): each resident's invite link, the sign-ups it brings, and the inviter's reward
 * at the invitee's first picked-up order, within the abuse limits, with a staff review queue.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { invitesEvents } from './invites.events.ts';
export type { InviteRewarded, InvitesEvents } from './invites.events.ts';
export { inviteCounts } from './invites.queries.ts';
export { decideHeldInvite, inviteCodeOf, inviteSignup } from './invites.service.ts';
export { updateInviteSettings } from './invites.settings.ts';
export { setupInvites } from './invites.setup.ts';
