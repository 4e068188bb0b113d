import type { AppContext } from '../../context.ts';
import { type PayChannel, paymentsOf } from '../payment/index.ts';
import type { PayFrom } from '../ordering/index.ts';
import { type Principal, wechatOpenidOf } from '../identity/index.ts';

/**
 * Where a resident pays from. Inside WeChat the shop asks for `jsapi`: the server looks up the
 * openid the resident bound (by WeChat login) to the app id of the merchant that takes the
 * operator's payments — the operator's own, else the installation's — never one the browser
 * sends, and, without one, pays by H5 instead (an operator whose merchant is under another app
 * than the official account residents log in with pays by H5).
 */
export async function shopPayer(ctx: AppContext, resident: Principal, ip: string, channel: PayChannel | undefined): Promise<PayFrom> {
  if (channel !== 'jsapi') return { ip, channel };
  const appId = (await paymentsOf(ctx, resident.operatorId)).appId;
  const openid = appId ? await wechatOpenidOf(ctx.db, resident.operatorId, appId, 'resident', resident.id) : undefined;
  return openid ? { ip, channel: 'jsapi', openid } : { ip, channel: 'h5' };
}
