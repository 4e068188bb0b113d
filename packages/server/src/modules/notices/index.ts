/**
 * Notices: what linli tells people outside the app — goods arrived, pickup reminders, refunds,
 * postponements — by WeChat or SMS per each person's wishes and quiet hours, sent and retried by a
 * sweep, with a delivery log; the app's inbox gets the same words.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { noticeCounts } from './notices.queries.ts';
export { queueNotices, resendPickupReminder } from './notices.service.ts';
export type { NoticeRequest } from './notices.service.ts';
export { setupNotices } from './notices.setup.ts';
