import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { DevPaymentProvider, type PaymentProvider } from './payment.provider.ts';
import { WECHATPAY_NOTIFY_PATH, wechatpayCredentials } from './wechatpay.config.ts';
import { WechatPayProvider } from './wechatpay.provider.ts';

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
