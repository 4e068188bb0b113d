/**
 * Identity: operators, residents, staff, SMS login and sessions; who a principal is, and what of a resident a leader may see.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { maskPhone } from './identity.rules.ts';
export { answersLoginCodes, authenticate, revokeSessionsOf } from './identity.service.ts';
export type { Principal } from './identity.service.ts';
export { businessToday, operatorTimeZone } from './operators.queries.ts';
export { residentsSeenByLeader, withResidents } from './residents.queries.ts';
export { DevSmsProvider } from './sms.provider.ts';
export type { SmsProvider } from './sms.provider.ts';
export { setResidentPickupPoint } from './residents.service.ts';
export { staffNames } from './staff.queries.ts';
export { operatorTimeZones } from './operator-time-zones.queries.ts';
export { activeStaffWithRoles } from './staff-roles.queries.ts';
export type { AccountDirectory, AudienceAccounts } from './audience-accounts.ts';
export { residentPhone } from './resident-phone.queries.ts';
export { soleOperatorSlug } from './sole-operator.queries.ts';
export { residentAccount, residentPickupPointId } from './resident-account.queries.ts';
export type { ResidentAccount } from './resident-account.queries.ts';
export { residentIdsWithPhone } from './residents-by-phone.queries.ts';
