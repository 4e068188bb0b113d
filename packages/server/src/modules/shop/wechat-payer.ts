import type { AppContext } from '../../context.ts';
import type { PayChannel } from '../payment/index.ts';
import type { PayFrom } from '../ordering/index.ts';
import { type Principal, wechatOpenidOf } from '../identity/index.ts';

/**
 * Where a resident pays from. Inside WeChat the shop asks for `jsapi`: the server looks up the
 * openid the resident bound (by WeChat login) to the WeChat Pay app id — never one the browser
 * sends — and, without one, pays by H5 instead.
 */
export async function shopPayer(ctx: AppContext, resident: Principal, ip: string, channel: PayChannel | undefined): Promise<PayFrom> {
  if (channel !== 'jsapi') return { ip, channel };
  const appId = ctx.config.wechatpay?.appid;
  const openid = appId ? await wechatOpenidOf(ctx.db, resident.operatorId, appId, 'resident', resident.id) : undefined;
  return openid ? { ip, channel: 'jsapi', openid } : { ip, channel: 'h5' };
}
