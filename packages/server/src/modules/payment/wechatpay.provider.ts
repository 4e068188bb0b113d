import { AppError } from '../../platform/errors.ts';
import type {
  PayChannel,
  Payer,
  PaymentProvider,
  ProviderNotice,
  ProviderPaymentStatus,
  ReceivedNotification,
} from './payment.provider.ts';
import { parseTradeBill, type TradeBill } from './wechatpay.bill.ts';
import { type WechatPayCredentials, WechatPayClient, WechatPayError } from './wechatpay.client.ts';
import { openNotification } from './wechatpay.notification.ts';
import { jsapiPayParams, newNonce } from './wechatpay.signing.ts';

/** WeChat Pay's trade states (trade_state) as linli's payment states. */
const TRADE_STATES: Record<string, ProviderPaymentStatus> = {
  SUCCESS: 'succeeded',
  REFUND: 'succeeded', // paid, then (partly) refunded: the payment itself succeeded
  NOTPAY: 'pending',
  USERPAYING: 'pending',
  CLOSED: 'closed',
  REVOKED: 'closed',
  PAYERROR: 'closed',
};

/** WeChat Pay's refund states (status / refund_status) as linli's refund states. */
const REFUND_STATES = { SUCCESS: 'succeeded', PROCESSING: 'pending', CLOSED: 'failed', ABNORMAL: 'failed' } as const;

interface Transaction {
  mchid?: string;
  appid?: string;
  out_trade_no?: string;
  trade_state?: string;
  amount?: { total?: number };
}

interface RefundAnswer {
  refund_id?: string;
  out_refund_no?: string;
  status?: string;
  refund_status?: string;
  amount?: { refund?: number };
}

/** A time as WeChat Pay writes it: RFC 3339 in Beijing time (`2026-12-06T18:30:00+08:00`). */
export function beijingTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/**
 * WeChat Pay API v3 for a direct merchant (直连商户), in public key mode. Our payment id is the
 * out_trade_no and our refund id the out_refund_no, so every retry names the same trade or refund
 * and WeChat Pay never takes or returns money twice. Payments are prepared when the client names
 * its channel: H5 (a mobile browser: the page opens `h5Url`), Native (a QR code of `codeUrl`) or
 * JSAPI (inside WeChat: the page passes `jsapi` to `WeixinJSBridge`).
 */
export class WechatPayProvider implements PaymentProvider {
  readonly name = 'wechatpay';
  readonly channels: readonly PayChannel[] = ['h5', 'native', 'jsapi'];
  readonly preparesAtCheckout = false;
  /** The app id the merchant takes JSAPI payments under: a payer's openid must be of this app. */
  readonly appId: string;
  private readonly creds: WechatPayCredentials;
  private readonly client: WechatPayClient;
  private readonly notifyUrl: string;
  private readonly nowSeconds: () => number;

  /**
   * `notifyUrl`: where WeChat Pay posts payment and refund notifications (https in production);
   * `nowSeconds`: the installation's clock, in Unix seconds.
   */
  constructor(creds: WechatPayCredentials, notifyUrl: string, nowSeconds: () => number) {
    this.creds = creds;
    this.appId = creds.appid;
    this.notifyUrl = notifyUrl;
    this.nowSeconds = nowSeconds;
    this.client = new WechatPayClient(creds, nowSeconds);
  }

  async createPayment(p: { paymentId: string; amountFen: number; description: string; expiresAt: Date; payer: Payer }) {
    const base = {
      appid: this.creds.appid,
      mchid: this.creds.mchid,
      description: p.description.slice(0, 127),
      out_trade_no: p.paymentId,
      time_expire: beijingTime(p.expiresAt),
      notify_url: this.notifyUrl,
      amount: { total: p.amountFen, currency: 'CNY' },
    };
    const { channel } = p.payer;
    if (channel === 'h5') {
      const answer = await this.ask<{ h5_url: string }>('POST', '/v3/pay/transactions/h5', {
        ...base,
        scene_info: { payer_client_ip: p.payer.ip, h5_info: { type: 'Wap' } },
      });
      return { providerRef: p.paymentId, clientPayload: { h5Url: answer.h5_url } };
    }
    if (channel === 'native') {
      const answer = await this.ask<{ code_url: string }>('POST', '/v3/pay/transactions/native', base);
      return { providerRef: p.paymentId, clientPayload: { codeUrl: answer.code_url } };
    }
    if (channel === 'jsapi') {
      if (!p.payer.openid)
        throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE', 'paying inside WeChat needs the payer to log in with WeChat first');
      const answer = await this.ask<{ prepay_id: string }>('POST', '/v3/pay/transactions/jsapi', {
        ...base,
        payer: { openid: p.payer.openid },
      });
      const jsapi = jsapiPayParams({
        appId: this.creds.appid,
        prepayId: answer.prepay_id,
        privateKey: this.creds.privateKey,
        timestamp: String(this.nowSeconds()),
        nonce: newNonce(),
      });
      return { providerRef: p.paymentId, clientPayload: { jsapi } };
    }
    throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE', `WeChat Pay does not take '${channel}' payments`);
  }

  verifyNotification(n: ReceivedNotification): { notice: ProviderNotice; nonce: string } {
    const { id, eventType: event, plain, nonce } = openNotification(this.creds, n, this.nowSeconds());
    const notificationId = id ?? `wx_${nonce}`;
    const data = JSON.parse(plain) as Transaction & RefundAnswer;
    if (data.mchid !== undefined && data.mchid !== this.creds.mchid) {
      throw new AppError('VALIDATION_FAILED', 'the notification is for another merchant');
    }
    if (event === 'TRANSACTION.SUCCESS') {
      if (data.trade_state !== 'SUCCESS' || typeof data.out_trade_no !== 'string' || !Number.isInteger(data.amount?.total)) {
        throw new AppError('VALIDATION_FAILED', 'the payment notification lacks its trade, state or amount');
      }
      if (data.appid !== undefined && data.appid !== this.creds.appid)
        throw new AppError('VALIDATION_FAILED', 'the notification is for another app');
      return {
        notice: {
          kind: 'payment',
          paymentId: data.out_trade_no,
          status: 'succeeded',
          amountFen: data.amount?.total as number,
          notificationId,
        },
        nonce,
      };
    }
    if (event.startsWith('REFUND.')) {
      const state = data.refund_status === undefined ? undefined : REFUND_STATES[data.refund_status as keyof typeof REFUND_STATES];
      if (!state || state === 'pending' || typeof data.out_refund_no !== 'string' || !Number.isInteger(data.amount?.refund)) {
        throw new AppError('VALIDATION_FAILED', 'the refund notification lacks its refund, final state or amount');
      }
      return {
        notice: {
          kind: 'refund',
          refundId: data.out_refund_no,
          status: state,
          amountFen: data.amount?.refund as number,
          notificationId,
          providerRef: data.refund_id ?? data.out_refund_no,
          reason: state === 'failed' ? `WeChat Pay: ${data.refund_status}` : null,
        },
        nonce,
      };
    }
    throw new AppError('VALIDATION_FAILED', `notifications of type ${event} are not taken`);
  }

  async query(paymentId: string): Promise<{ status: ProviderPaymentStatus; amountFen: number | null }> {
    try {
      const trade = await this.client.call<Transaction>(
        'GET',
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(paymentId)}?mchid=${encodeURIComponent(this.creds.mchid)}`,
      );
      const status = TRADE_STATES[trade?.trade_state ?? ''] ?? 'pending';
      return { status, amountFen: status === 'succeeded' ? (trade?.amount?.total ?? null) : null };
    } catch (err) {
      // Never prepared at WeChat Pay (the payer never chose a channel): nothing can have been paid.
      if (err instanceof WechatPayError && err.code === 'ORDER_NOT_EXIST') return { status: 'pending', amountFen: null };
      throw err;
    }
  }

  async close(paymentId: string): Promise<void> {
    try {
      await this.client.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(paymentId)}/close`, {
        mchid: this.creds.mchid,
      });
    } catch (err) {
      // Nothing to close, or paid at the last moment: its notification pays or refunds (late payment).
      if (err instanceof WechatPayError && (err.code === 'ORDER_NOT_EXIST' || err.code === 'ORDERPAID')) return;
      throw err;
    }
  }

  async refund(r: { refundId: string; paymentId: string; amountFen: number; paymentAmountFen: number; reason: string }) {
    const answer = await this.client.call<RefundAnswer>('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: r.paymentId,
      out_refund_no: r.refundId,
      reason: r.reason.slice(0, 80),
      notify_url: this.notifyUrl,
      amount: { refund: r.amountFen, total: r.paymentAmountFen, currency: 'CNY' },
    });
    const status = REFUND_STATES[answer?.status as keyof typeof REFUND_STATES];
    if (!status) throw new WechatPayError(200, 'UNKNOWN_REFUND_STATE', `refund state ${answer?.status}`);
    return { status, providerRef: answer?.refund_id ?? r.refundId };
  }

  async tradeBill(date: string): Promise<TradeBill> {
    let answer: { hash_value?: string; download_url?: string } | null;
    try {
      answer = await this.client.call('GET', `/v3/bill/tradebill?bill_date=${encodeURIComponent(date)}&bill_type=ALL`);
    } catch (err) {
      // No trade that day: WeChat Pay has no bill to give.
      if (err instanceof WechatPayError && err.code === 'NO_STATEMENT_EXIST') return { payments: [], refunds: [] };
      throw err;
    }
    if (!answer?.download_url || !answer.hash_value)
      throw new WechatPayError(200, 'BILL_ANSWER_INCOMPLETE', 'no download_url or hash_value');
    return parseTradeBill(await this.client.download(answer.download_url, answer.hash_value));
  }

  /** A call whose failure the payer sees: WeChat Pay's refusal becomes PAYMENT_PROVIDER_FAILED (or the order's state). */
  private async ask<T>(method: 'GET' | 'POST', path: string, body: unknown): Promise<T> {
    try {
      const answer = await this.client.call<T>(method, path, body);
      if (answer === null) throw new WechatPayError(204, 'EMPTY_ANSWER', 'no body where one was expected');
      return answer;
    } catch (err) {
      if (!(err instanceof WechatPayError)) throw err;
      if (err.code === 'ORDERPAID') throw new AppError('ORDER_NOT_PAYABLE', 'this payment is already paid; its confirmation is on its way');
      if (err.code === 'ORDER_CLOSED') throw new AppError('ORDER_NOT_PAYABLE', 'this payment is closed');
      throw new AppError('PAYMENT_PROVIDER_FAILED', 'WeChat Pay did not prepare the payment', { provider: err.code, status: err.status });
    }
  }
}
