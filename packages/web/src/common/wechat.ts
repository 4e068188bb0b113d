import type { auth } from '@linli/contracts';
import type { z } from 'zod';
import { createApi } from './api.ts';
import { forgetInvite, inviteParts } from './invite.ts';
import { type Area, areaKind, writeSession } from './session.ts';

type Session = z.infer<typeof auth.Session>;
export type WechatBinding = z.infer<typeof auth.WechatBinding>;
export type WechatScope = 'snsapi_base' | 'snsapi_userinfo';

/** Whether the page runs in WeChat's own browser (its user agent names MicroMessenger). */
export function inWechat(userAgent = typeof navigator === 'undefined' ? '' : navigator.userAgent): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/** What WeChat login's callback left in the page's address. */
export interface WechatReturn {
  ticket: string | null;
  next: 'session' | 'bind_phone' | null;
  bound: boolean;
  error: string | null;
}

const PARAMS = ['wechat_ticket', 'wechat_next', 'wechat', 'wechat_error'];

/**
 * Reads (once) what the callback put in the address and takes it out again, so the one-time
 * ticket stays in neither the history nor a shared link.
 */
export function takeWechatReturn(location: Location = window.location, history: History = window.history): WechatReturn {
  const url = new URL(location.href);
  const q = url.searchParams;
  const next = q.get('wechat_next');
  const found: WechatReturn = {
    ticket: q.get('wechat_ticket'),
    next: next === 'session' || next === 'bind_phone' ? next : null,
    bound: q.get('wechat') === 'bound',
    error: q.get('wechat_error'),
  };
  // A browser carries the authorize URL's #wechat_redirect across the redirects back: drop it too.
  const strayHash = url.hash === '#wechat_redirect';
  if (PARAMS.some((p) => q.has(p)) || strayHash) {
    for (const p of PARAMS) q.delete(p);
    history.replaceState(history.state, '', `${url.pathname}${url.search}${strayHash ? '' : url.hash}`);
  }
  return found;
}

/**
 * Sends the browser to WeChat's authorize page; it comes back to `returnTo`. With the area's
 * session (a leader on their profile) it binds that person's WeChat instead of logging in.
 */
export async function goToWechat(area: Area, operator: string, scope: WechatScope, returnTo: string): Promise<void> {
  const started = await createApi(area).post<{ url: string }>('auth/wechat/authorizations', {
    operator,
    as: areaKind[area],
    scope,
    returnTo,
  });
  window.location.assign(started.url);
}

/**
 * Turns the callback's ticket into the area's session (the first time with the phone and its SMS
 * code, and the invite code the shop's link carried, if any).
 */
export async function redeemWechatTicket(
  area: Area,
  ticket: string,
  phone?: { phone: string; code: string },
  invite?: string | null,
): Promise<Session> {
  const extra = inviteParts(phone ? invite : null);
  const session = await createApi(area).post<Session>('auth/wechat/sessions', { ticket, ...(phone ?? {}), ...extra.body }, extra.headers);
  if (phone && invite) forgetInvite();
  writeSession(area, session);
  return session;
}

/** The caller's WeChat binding. */
export function wechatBinding(area: Area): Promise<WechatBinding> {
  return createApi(area).get<WechatBinding>('auth/wechat/binding');
}

/** Unbinds the caller's WeChat. */
export function unbindWechat(area: Area): Promise<void> {
  return createApi(area).delete<void>('auth/wechat/binding');
}

interface Bridge {
  invoke(name: 'getBrandWCPayRequest', params: Record<string, string>, callback: (res: { err_msg?: string }) => void): void;
}

/**
 * Asks WeChat to pay (WeixinJSBridge, present inside WeChat once WeixinJSBridgeReady fired):
 * 'ok', 'cancel' or 'fail' as WeChat's callback says (get_brand_wcpay_request:ok …).
 */
export function wechatPay(params: Record<string, string>): Promise<'ok' | 'cancel' | 'fail'> {
  const w = window as unknown as { WeixinJSBridge?: Bridge };
  const invoke = (bridge: Bridge) =>
    new Promise<'ok' | 'cancel' | 'fail'>((done) =>
      bridge.invoke('getBrandWCPayRequest', params, (res) => {
        const msg = res.err_msg ?? '';
        done(msg.endsWith(':ok') ? 'ok' : msg.endsWith(':cancel') ? 'cancel' : 'fail');
      }),
    );
  if (w.WeixinJSBridge) return invoke(w.WeixinJSBridge);
  return new Promise((done) => {
    document.addEventListener('WeixinJSBridgeReady', () => (w.WeixinJSBridge ? invoke(w.WeixinJSBridge).then(done) : done('fail')), {
      once: true,
    });
  });
}
