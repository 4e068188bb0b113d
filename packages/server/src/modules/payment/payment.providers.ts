import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { DevPaymentProvider, type PayChannel, type PaymentProvider } from './payment.provider.ts';
import { WECHATPAY_NOTIFY_PATH, wechatpayCredentials } from './wechatpay.config.ts';
import { WechatPayProvider } from './wechatpay.provider.ts';
import { WechatPayTransfers } from './wechatpay.transfers.ts';

/**
 * The installation's payment provider; a misconfigured one stops the start with a ConfigError. Its
 * signatures' timestamps come from the installation's clock. With WeChat Pay and no merchant
 * settings in the environment, operators pay only with credentials of their own (payment.registry.ts).
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
  if (config.paymentProvider === 'wechatpay') return new UnconfiguredWechatPay();
  return new DevPaymentProvider(secret);
}

const notConfigured = () =>
  new AppError('WECHATPAY_NOT_CONFIGURED', 'WeChat Pay has no credentials for this operator, and the installation has none either');

/**
 * WeChat Pay without the installation's merchant: what an operator without credentials of its own
 * gets. Paying and refunding are refused with WECHATPAY_NOT_CONFIGURED; nothing can have been
 * prepared at WeChat Pay through it, so a query finds nothing paid and a close has nothing to do.
 */
export class UnconfiguredWechatPay implements PaymentProvider {
  readonly name = 'wechatpay';
  readonly channels: readonly PayChannel[] = ['h5', 'native', 'jsapi'];
  readonly preparesAtCheckout = false;

  async createPayment(): Promise<never> {
    throw notConfigured();
  }

  verifyNotification(): never {
    throw new AppError('NOT_FOUND', 'WeChat Pay is not configured for this operator');
  }

  async query() {
    return { status: 'pending' as const, amountFen: null };
  }

  async close(): Promise<void> {}

  async refund(): Promise<never> {
    throw notConfigured();
  }
}

/**
 * WeChat Pay's transfers (商家转账) with the installation's merchant and app id, posting their
 * notifications to `notifyUrl`; undefined unless WeChat Pay is configured.
 */
export function createWechatTransfers(config: Pick<Config, 'wechatpay'>, notifyUrl: string, clock: Clock): WechatPayTransfers | undefined {
  if (!config.wechatpay) return undefined;
  return new WechatPayTransfers(wechatpayCredentials(config.wechatpay), notifyUrl, () => Math.floor(clock.now().getTime() / 1000));
}
