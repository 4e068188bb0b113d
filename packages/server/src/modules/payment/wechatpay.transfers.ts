import { constants, publicEncrypt } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import type { ReceivedNotification } from './payment.provider.ts';
import { type WechatPayCredentials, WechatPayClient, WechatPayError } from './wechatpay.client.ts';
import { openNotification } from './wechatpay.notification.ts';

/** A transfer bill's states (商家转账, user-confirmation mode). SUCCESS, FAIL and CANCELLED are final. */
export type WechatTransferState =
  | 'ACCEPTED'
  | 'PROCESSING'
  | 'WAIT_USER_CONFIRM'
  | 'TRANSFERING'
  | 'SUCCESS'
  | 'FAIL'
  | 'CANCELING'
  | 'CANCELLED';

const STATES: ReadonlySet<string> = new Set([
  'ACCEPTED',
  'PROCESSING',
  'WAIT_USER_CONFIRM',
  'TRANSFERING',
  'SUCCESS',
  'FAIL',
  'CANCELING',
  'CANCELLED',
]);

/** A transfer bill as WeChat Pay reports it. */
export interface WechatTransferBill {
  outBillNo: string;
  transferBillNo: string;
  state: WechatTransferState;
  /** For WAIT_USER_CONFIRM: what the payee's page passes to `requestMerchantTransfer` as `package`. */
  packageInfo?: string;
  failReason?: string;
  /** Present in queries and notifications. */
  amountFen?: number;
}

/** One transfer to ask for: our bill number, the payee's openid under the app id, the amount in fen and what the payee reads. */
export interface WechatTransferRequest {
  outBillNo: string;
  openid: string;
  amountFen: number;
  remark: string;
  sceneId: string;
  reportInfos: ReadonlyArray<{ type: string; content: string }>;
  perception?: string | undefined;
  /** The payee's real name; required by WeChat Pay from 2,000 yuan and then sent encrypted with the WeChat Pay public key. */
  payeeName?: string | undefined;
}

/** From this amount (fen) WeChat Pay wants the payee's name (the documented 2,000 yuan). */
export const TRANSFER_NAME_FROM_FEN = 200_000;

interface BillAnswer {
  out_bill_no?: string;
  transfer_bill_no?: string;
  state?: string;
  package_info?: string;
  fail_reason?: string;
  transfer_amount?: number;
  mch_id?: string;
  mchid?: string;
}

const PATH = '/v3/fund-app/mch-transfer/transfer-bills';

/**
 * WeChat Pay's 商家转账 (transfer to a user's WeChat balance) for a direct merchant, from its
 * published API: a bill is created with our bill number (`out_bill_no`, so asking again names the
 * same bill and never pays twice), waits for the payee to confirm in WeChat (WAIT_USER_CONFIRM with
 * a `package_info`), and ends SUCCESS, FAIL or CANCELLED (24 hours unconfirmed, or cancelled);
 * WeChat Pay then posts MCHTRANSFER.BILL.FINISHED, verified and decrypted here.
 */
export class WechatPayTransfers {
  readonly mchid: string;
  readonly appid: string;
  private readonly creds: WechatPayCredentials;
  private readonly client: WechatPayClient;
  private readonly notifyUrl: string;
  private readonly nowSeconds: () => number;

  constructor(creds: WechatPayCredentials, notifyUrl: string, nowSeconds: () => number) {
    this.creds = creds;
    this.mchid = creds.mchid;
    this.appid = creds.appid;
    this.notifyUrl = notifyUrl;
    this.nowSeconds = nowSeconds;
    this.client = new WechatPayClient(creds, nowSeconds);
  }

  /** Creates the bill, or answers the one this bill number already names (same details). */
  async create(r: WechatTransferRequest): Promise<WechatTransferBill> {
    const body = {
      appid: this.creds.appid,
      out_bill_no: r.outBillNo,
      transfer_scene_id: r.sceneId,
      openid: r.openid,
      ...(r.payeeName !== undefined && r.amountFen >= TRANSFER_NAME_FROM_FEN ? { user_name: this.encrypt(r.payeeName) } : {}),
      transfer_amount: r.amountFen,
      transfer_remark: [...r.remark].slice(0, 32).join(''),
      notify_url: this.notifyUrl,
      ...(r.perception ? { user_recv_perception: r.perception } : {}),
      transfer_scene_report_infos: r.reportInfos.map((i) => ({ info_type: i.type, info_content: i.content })),
    };
    return billOf(await this.client.call<BillAnswer>('POST', PATH, body));
  }

  /** The bill our number names; null when WeChat Pay has none (never created). */
  async query(outBillNo: string): Promise<WechatTransferBill | null> {
    try {
      return billOf(await this.client.call<BillAnswer>('GET', `${PATH}/out-bill-no/${encodeURIComponent(outBillNo)}`));
    } catch (err) {
      if (err instanceof WechatPayError && err.status === 404 && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  /** Withdraws a bill the payee has not confirmed; answers its state (CANCELING or CANCELLED). */
  async cancel(outBillNo: string): Promise<WechatTransferBill> {
    return billOf(await this.client.call<BillAnswer>('POST', `${PATH}/out-bill-no/${encodeURIComponent(outBillNo)}/cancel`, {}));
  }

  /**
   * A MCHTRANSFER.BILL.FINISHED notification as received: its signature over the exact bytes and
   * its timestamp checked with the WeChat Pay public key, its resource decrypted with the APIv3
   * key. Anything else is refused with PAYMENT_SIGNATURE_INVALID or VALIDATION_FAILED.
   */
  verifyNotification(n: ReceivedNotification): WechatTransferBill {
    const { eventType, plain } = openNotification(this.creds, n, this.nowSeconds());
    if (eventType !== 'MCHTRANSFER.BILL.FINISHED')
      throw new AppError('VALIDATION_FAILED', `notifications of type ${eventType} are not taken here`);
    const data = JSON.parse(plain) as BillAnswer;
    const mchid = data.mch_id ?? data.mchid;
    if (mchid !== undefined && mchid !== this.creds.mchid)
      throw new AppError('VALIDATION_FAILED', 'the notification is for another merchant');
    try {
      return billOf(data);
    } catch {
      throw new AppError('VALIDATION_FAILED', 'the transfer notification lacks its bill or state');
    }
  }

  /** RSA-OAEP with the WeChat Pay public key, base64: how sensitive fields are sent (its id goes in Wechatpay-Serial). */
  private encrypt(text: string): string {
    return publicEncrypt(
      { key: this.creds.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(text, 'utf8'),
    ).toString('base64');
  }
}

function billOf(a: BillAnswer | null): WechatTransferBill {
  if (!a || typeof a.out_bill_no !== 'string' || typeof a.state !== 'string' || !STATES.has(a.state))
    throw new WechatPayError(200, 'UNKNOWN_TRANSFER_STATE', `transfer answer without bill or known state (${a?.state})`);
  return {
    outBillNo: a.out_bill_no,
    transferBillNo: a.transfer_bill_no ?? '',
    state: a.state as WechatTransferState,
    ...(a.package_info ? { packageInfo: a.package_info } : {}),
    ...(a.fail_reason ? { failReason: a.fail_reason } : {}),
    ...(Number.isInteger(a.transfer_amount) ? { amountFen: a.transfer_amount as number } : {}),
  };
}
