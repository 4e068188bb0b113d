/**
 * Identity: operators, residents, staff, SMS login and sessions; who a principal is, and what of a resident a leader may see.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { maskPhone } from './identity.rules.ts';
export { allListeners, answersLoginCodes, authenticate, registerResident, revokeSessionsOf } from './identity.service.ts';
export { setupIdentity } from './shared-sessions.ts';
export type { NewResident, OnResidentRegistered, Principal } from './identity.service.ts';
export { businessToday, operatorTimeZone, operatorTimeZones, soleOperatorSlug } from './operators.queries.ts';
export {
  residentAccount,
  residentIdsWithPhone,
  residentPhone,
  residentPickupPointId,
  residentsPickupPointIds,
  residentPickupPoints,
  residentsSeenByLeader,
  residentsSignedUpSince,
  withResidents,
} from './residents.queries.ts';
export type { ResidentAccount } from './residents.queries.ts';
export { DevSmsProvider } from './sms.provider.ts';
export { createSmsProvider } from './sms.providers.ts';
export { sendSms } from './sms.send.ts';
export type { SmsOutcome } from './sms.send.ts';
export type { SmsKind, SmsMessage, SmsProvider, SmsSent } from './sms.provider.ts';
export { bindOwnPickupPoint, membersOfPoints, moveMembersOfPoint } from './residents.service.ts';
export { bindWechatAccount, principalOfOpenid, unbindWechatAccount, wechatOpenidOf, wechatOpenidsOf } from './wechat-accounts.ts';
export type { WechatBinding } from './wechat-accounts.ts';
export { activeStaffWithRoles, staffNames } from './staff.queries.ts';
export type { AccountDirectory, AudienceAccounts } from './audience-accounts.ts';
