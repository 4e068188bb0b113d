import type { NoticeChannel, NoticeKind } from '../../platform/db/schema.notices.ts';

/**
 * The rules of notices outside the app, pure: what each kind says, when a person may be reached
 * (quiet hours), by which channel, how often a failed send is tried again, and when a notice is
 * too old to send at all.
 */

/** What a notice of each kind says in the app's inbox; SMS and WeChat carry the same parameters in their own templates. */
export function noticeText(kind: NoticeKind, p: Record<string, string>): { title: string; body: string } {
  switch (kind) {
    case 'goods_arrived':
      return {
        title: '商品已到自提点',
        body: `您的订单已送达 ${p.point}，提货码 ${p.code}${p.hours ? `，营业时间 ${p.hours}` : ''}。请凭提货码取货。`,
      };
    case 'pickup_reminder':
      return {
        title: '请尽快取货',
        body: `您在 ${p.point} 的商品还未取，提货码 ${p.code}${p.hours ? `，营业时间 ${p.hours}` : ''}。`,
      };
    case 'refund_notice':
      return { title: '退款已发起', body: `退款 ¥${p.amount} 已发起，将原路退回，请留意到账。` };
    case 'postponement':
      return { title: '提货日期推迟', body: `您在 ${p.point} 的订单改为 ${p.date} 提货，提货码不变。` };
  }
}

/** A person's wishes; `DEFAULT_PREFERENCES` until they change them. */
export interface NoticePreferences {
  sms: boolean;
  wechat: boolean;
  quietHours: boolean;
  /** 'HH:MM' in the operator's time zone; the quiet time may wrap midnight (21:00 → 08:00). */
  quietStart: string;
  quietEnd: string;
}

export const DEFAULT_PREFERENCES: NoticePreferences = { sms: true, wechat: true, quietHours: true, quietStart: '21:00', quietEnd: '08:00' };

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The wall-clock minute of the day (0–1439) of an instant in a time zone. */
export function localMinute(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * When a notice due now may go out: now, or the end of the person's quiet hours when now falls
 * inside them (start inclusive, end exclusive; equal start and end means no quiet time). Counted
 * in wall-clock minutes of the operator's time zone; a daylight-saving change inside the quiet
 * time moves the end by that hour (China has none).
 */
export function sendableAt(now: Date, timeZone: string, prefs: NoticePreferences): Date {
  if (!prefs.quietHours) return now;
  const start = minutesOf(prefs.quietStart);
  const end = minutesOf(prefs.quietEnd);
  if (start === end) return now;
  const minute = localMinute(now, timeZone);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return now;
  const wait = (end - minute + 1440) % 1440;
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}

export type ChannelChoice = { channel: NoticeChannel } | { skip: string };

/**
 * The channel a notice goes by: WeChat where the person allows it and can get it (a bound
 * WeChat with the message allowed), else SMS where they allow it and have a phone, else none.
 */
export function chooseChannel(c: { prefs: NoticePreferences; wechatReachable: boolean; hasPhone: boolean }): ChannelChoice {
  if (c.prefs.wechat && c.wechatReachable) return { channel: 'wechat' };
  if (c.prefs.sms && c.hasPhone) return { channel: 'sms' };
  if (!c.prefs.sms && !c.prefs.wechat) return { skip: 'the person turned notices off' };
  if (!c.prefs.sms) return { skip: 'no WeChat to reach and SMS turned off' };
  return { skip: 'no phone to send to' };
}

/** The waits after each failed attempt: one retry per wait, and a failure after the last retry fails the notice. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000] as const;

/** When to try again after `attempts` failed attempts, or null when that was the last. */
export function retryAt(now: Date, attempts: number): Date | null {
  const wait = RETRY_DELAYS_MS[attempts - 1];
  return wait === undefined ? null : new Date(now.getTime() + wait);
}

/** A notice older than this is not sent any more (a reminder of yesterday's goods helps nobody). */
export const STALE_AFTER_MS: Readonly<Record<NoticeKind, number>> = {
  goods_arrived: 2 * 86_400_000,
  pickup_reminder: 86_400_000,
  refund_notice: 3 * 86_400_000,
  postponement: 2 * 86_400_000,
};

/** A leader may resend a notice for an order once in this time. */
export const RESEND_INTERVAL_MS = 10 * 60_000;
