import { describe, expect, it } from 'vitest';
import {
  chooseChannel,
  DEFAULT_PREFERENCES,
  noticeText,
  RETRY_DELAYS_MS,
  retryAt,
  sendableAt,
} from '../src/modules/notices/notices.rules.ts';

const TZ = 'Asia/Shanghai';
/** An instant at a Beijing wall-clock time on 2026-11-20. */
const beijing = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00+08:00`);

describe('quiet hours', () => {
  it.each([
    ['before a wrapping quiet time', '20:59', { quietStart: '21:00', quietEnd: '08:00' }, '20:59'],
    ['at its start', '21:00', { quietStart: '21:00', quietEnd: '08:00' }, '2026-11-21T08:00'],
    ['after midnight inside it', '02:30', { quietStart: '21:00', quietEnd: '08:00' }, '08:00'],
    ['at its end (exclusive)', '08:00', { quietStart: '21:00', quietEnd: '08:00' }, '08:00'],
    ['inside a daytime quiet time', '12:10', { quietStart: '12:00', quietEnd: '14:00' }, '14:00'],
    ['after a daytime quiet time', '14:00', { quietStart: '12:00', quietEnd: '14:00' }, '14:00'],
    ['with equal start and end (none)', '03:00', { quietStart: '08:00', quietEnd: '08:00' }, '03:00'],
    ['turned off', '23:00', { quietHours: false }, '23:00'],
  ])('%s', (_, now, prefs, expected) => {
    const at = sendableAt(beijing(now), TZ, { ...DEFAULT_PREFERENCES, ...prefs });
    const want = expected.includes('T') ? new Date(`${expected}:00+08:00`) : beijing(expected);
    expect(at.toISOString()).toBe(want.toISOString());
  });

  it('counts in the operator time zone', () => {
    // 01:00 UTC is 09:00 in Beijing (not quiet) and 20:00 the day before in New York (not quiet either),
    // but 02:00 UTC is 21:00 in New York: quiet there until 08:00, eleven hours on.
    const at = new Date('2026-11-20T02:00:00Z');
    expect(sendableAt(at, 'Asia/Shanghai', DEFAULT_PREFERENCES)).toEqual(at);
    expect(sendableAt(at, 'America/New_York', DEFAULT_PREFERENCES).toISOString()).toBe('2026-11-20T13:00:00.000Z');
  });
});

describe('channel choice', () => {
  const on = DEFAULT_PREFERENCES;
  it.each([
    ['WeChat first when reachable', on, true, true, { channel: 'wechat' }],
    ['SMS when WeChat is not reachable', on, false, true, { channel: 'sms' }],
    ['SMS when WeChat is turned off', { ...on, wechat: false }, true, true, { channel: 'sms' }],
    ['nothing without a phone or WeChat', on, false, false, { skip: 'no phone to send to' }],
    ['nothing when all is off', { ...on, sms: false, wechat: false }, true, true, { skip: 'the person turned notices off' }],
    [
      'nothing when SMS is off and WeChat unreachable',
      { ...on, sms: false },
      false,
      true,
      { skip: 'no WeChat to reach and SMS turned off' },
    ],
  ])('%s', (_, prefs, wechatReachable, hasPhone, expected) => {
    expect(chooseChannel({ prefs, wechatReachable, hasPhone })).toEqual(expected);
  });
});

describe('retries', () => {
  const now = new Date('2026-11-20T02:00:00Z');
  it.each(RETRY_DELAYS_MS.map((wait, i) => [i + 1, wait] as const))('after attempt %i waits %i ms', (attempts, wait) => {
    expect(retryAt(now, attempts)?.getTime()).toBe(now.getTime() + wait);
  });
  it('gives up after the last', () => {
    expect(retryAt(now, RETRY_DELAYS_MS.length + 1)).toBeNull();
  });
});

describe('texts', () => {
  it.each([
    [
      'goods_arrived',
      { point: '幸福里', code: '1234', hours: '08:00-20:00' },
      '您的订单已送达 幸福里，提货码 1234，营业时间 08:00-20:00。请凭提货码取货。',
    ],
    ['goods_arrived', { point: '幸福里', code: '1234、5678', hours: '' }, '您的订单已送达 幸福里，提货码 1234、5678。请凭提货码取货。'],
    ['pickup_reminder', { point: '幸福里', code: '1234', hours: '' }, '您在 幸福里 的商品还未取，提货码 1234。'],
    ['refund_notice', { amount: '12.50' }, '退款 ¥12.50 已发起，将原路退回，请留意到账。'],
    ['postponement', { point: '幸福里', date: '2026-11-22' }, '您在 幸福里 的订单改为 2026-11-22 提货，提货码不变。'],
  ] as const)('%s', (kind, params, body) => {
    expect(noticeText(kind, params).body).toBe(body);
  });
});
