import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { DevPaymentProvider, type PaymentProvider } from './payment.provider.ts';
import { WECHATPAY_NOTIFY_PATH, wechatpayCredentials } from './wechatpay.config.ts';
import { WechatPayProvider } from './wechatpay.provider.ts';
import { WechatPayTransfers } from './wechatpay.transfers.ts';

/**
 * The configured payment provider; a misconfigured one stops the start with a ConfigError. Its
 * signatures' timestamps come from the installation's clock.
 */
export function createPaymentProvider(
  config: Pick<Config, 'paymentProvider' | 'publicUrl' | 'wechatpay'>,
  secret: string,
  clock: Clock,
): PaymentProvider {
  if (config.paymentProvider === 'wechatpay' && config.wechatpay) {
    const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
    return new WechatPayProvider(wechatpayCredentials(config.wechatpay), `${config.publicUrl}${WECHATPAY_NOTIFY_PATH}`, nowSeconds);
  }
  return new DevPaymentProvider(secret);
}

/**
 * WeChat Pay's transfers (商家转账) with the installation's merchant and app id, posting their
 * notifications to `notifyUrl`; undefined unless WeChat Pay is configured.
 */
export function createWechatTransfers(config: Pick<Config, 'wechatpay'>, notifyUrl: string, clock: Clock): WechatPayTransfers | undefined {
  if (!config.wechatpay) return undefined;
  return new WechatPayTransfers(wechatpayCredentials(config.wechatpay), notifyUrl, () => Math.floor(clock.now().getTime() / 1000));
}
