/**
 * Leader applications: a resident applies, staff approve, and the leader and the pickup point are created together.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { applicationPhone } from './application-phone.queries.ts';
export { applyForLeader, approveApplication } from './leader-applications.service.ts';
export { applicationEvents } from './leader-applications.events.ts';
export type { ApplicationEvents } from './leader-applications.events.ts';
export { referredApplication } from './application-phone.queries.ts';
