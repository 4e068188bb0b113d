/**
 * Notices: what linli tells people outside the app — goods arrived, pickup reminders, refunds,
 * postponements — by WeChat or SMS per each person's wishes and quiet hours, sent and retried by a
 * sweep, with a delivery log; the app's inbox gets the same words.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { noticeCounts, noticeLog } from './notices.queries.ts';
export { preferencesOf, setPreferences } from './notices.preferences.ts';
export { DEFAULT_PREFERENCES } from './notices.rules.ts';
export type { NoticePreferences } from './notices.rules.ts';
export { ordersAlreadyNoticed, queueNotices, resendPickupReminder } from './notices.service.ts';
export type { NoticeRequest } from './notices.service.ts';
export { sendDueNotices } from './notices.sender.ts';
export { setupNotices } from './notices.setup.ts';
