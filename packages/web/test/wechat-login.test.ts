import { describe, expect, it } from 'vitest';
import { inWechat, takeWechatReturn } from '../src/common/wechat.ts';

describe('inWechat', () => {
  it.each([
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN',
      true,
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 Chrome/111.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin',
      true,
    ],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1', false],
    ['Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36', false],
    ['', false],
  ])('%s → %s', (ua, expected) => {
    expect(inWechat(ua)).toBe(expected);
  });
});

describe('takeWechatReturn', () => {
  it('reads the callback parameters and takes them out of the address', () => {
    window.history.replaceState(null, '', '/shop/?lang=en&wechat_ticket=T0123456789abcdef&wechat_next=bind_phone#wechat_redirect');
    expect(takeWechatReturn()).toEqual({ ticket: 'T0123456789abcdef', next: 'bind_phone', bound: false, error: null });
    expect(`${window.location.pathname}${window.location.search}`).toBe('/shop/?lang=en');
  });

  it('reads a binding or an error, and leaves an address without them as it is', () => {
    window.history.replaceState(null, '', '/leader/me?wechat=bound');
    expect(takeWechatReturn()).toMatchObject({ bound: true, ticket: null });
    window.history.replaceState(null, '', '/leader/me?wechat_error=WECHAT_ALREADY_BOUND');
    expect(takeWechatReturn()).toMatchObject({ bound: false, error: 'WECHAT_ALREADY_BOUND' });
    expect(window.location.search).toBe('');
    window.history.replaceState(null, '', '/shop/orders?tab=paid');
    expect(takeWechatReturn()).toEqual({ ticket: null, next: null, bound: false, error: null });
    expect(window.location.search).toBe('?tab=paid');
  });
});
