import type { WechatTransferSettings } from '../../config.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { wechatOpenidOf } from '../identity/index.ts';
import { leadersByIds } from '../leader/index.ts';
import { type ReceivedNotification, TRANSFER_NAME_FROM_FEN, type WechatPayTransfers, type WechatTransferBill } from '../payment/index.ts';
import type { PayoutProvider, PayoutRequest, PayoutResult } from './payout.provider.ts';
import { payoutBillNo, withdrawalOfBillNo } from './settlement.rules.ts';

/** What finance and the leader read when a transfer ends without money moving. */
const ENDED: Partial<Record<WechatTransferBill['state'], string>> = {
  CANCELLED: 'WeChat Pay closed the transfer: it was not accepted in time, or it was cancelled',
};

/**
 * A transfer bill's state as a payout's outcome: SUCCESS is paid, FAIL and CANCELLED failed (the
 * money goes back to the leader), anything else pending — WAIT_USER_CONFIRM with the parameters
 * the leader's page passes to `requestMerchantTransfer`.
 */
export function payoutResultOf(bill: WechatTransferBill, ids: { mchId: string; appId: string }): PayoutResult {
  const base = { providerRef: bill.transferBillNo || bill.outBillNo, providerState: bill.state };
  if (bill.state === 'SUCCESS') return { status: 'succeeded', ...base };
  if (bill.state === 'FAIL') return { status: 'failed', ...base, reason: `WeChat Pay: ${bill.failReason ?? 'the transfer failed'}` };
  if (bill.state === 'CANCELLED') return { status: 'failed', ...base, reason: ENDED.CANCELLED as string };
  if (bill.state === 'WAIT_USER_CONFIRM' && bill.packageInfo) {
    return { status: 'pending', ...base, confirmation: { mchId: ids.mchId, appId: ids.appId, package: bill.packageInfo } };
  }
  return { status: 'pending', ...base };
}

/**
 * Withdrawals paid into the leader's WeChat balance by WeChat Pay's 商家转账, to the openid the
 * leader bound under the installation's app id. The bill number is the withdrawal's, so a retry —
 * after a crash, a timeout, or the sweep polling a transfer still waiting for the leader — asks
 * about the same bill (query first; create only when WeChat Pay has none, or to get the package of
 * a bill waiting for the payee back, which names the same bill) and never pays twice.
 */
export class WechatTransferPayoutProvider implements PayoutProvider {
  readonly name = 'wechatpay';
  private readonly db: Executor;
  private readonly transfers: WechatPayTransfers;
  private readonly settings: WechatTransferSettings;

  constructor(db: Executor, transfers: WechatPayTransfers, settings: WechatTransferSettings) {
    this.db = db;
    this.transfers = transfers;
    this.settings = settings;
  }

  async payeeRefusal(db: Executor, operatorId: string, leaderId: string): Promise<AppError | null> {
    const openid = await wechatOpenidOf(db, operatorId, this.transfers.appid, 'leader', leaderId);
    if (openid) return null;
    return new AppError('WECHAT_NOT_BOUND', 'withdrawals are paid to the WeChat account the leader logs in with; bind WeChat first');
  }

  async payout(p: PayoutRequest): Promise<PayoutResult> {
    const outBillNo = payoutBillNo(p.withdrawalId);
    const ids = { mchId: this.transfers.mchid, appId: this.transfers.appid };
    const known = await this.transfers.query(outBillNo);
    // Waiting for the payee: the query carries no package_info, so the one linli holds stands; without one
    // (a crash before it was recorded) the same bill asked for again answers it. Accepted bills may be asked again.
    if (known?.state === 'WAIT_USER_CONFIRM' && p.confirmation) return { ...payoutResultOf(known, ids), confirmation: p.confirmation };
    if (known && known.state !== 'WAIT_USER_CONFIRM' && known.state !== 'ACCEPTED') return payoutResultOf(known, ids);
    const openid = await wechatOpenidOf(this.db, p.operatorId, this.transfers.appid, 'leader', p.leaderId);
    if (!openid) return { status: 'failed', providerRef: outBillNo, reason: 'the leader has no WeChat account bound any more' };
    const payeeName =
      p.amountFen >= TRANSFER_NAME_FROM_FEN ? (await leadersByIds(this.db, p.operatorId, [p.leaderId])).get(p.leaderId)?.name : undefined;
    const bill = await this.transfers.create({
      outBillNo,
      openid,
      amountFen: p.amountFen,
      remark: '团长佣金提现',
      sceneId: this.settings.sceneId,
      reportInfos: this.settings.reportInfos,
      perception: this.settings.perception,
      payeeName,
    });
    return payoutResultOf(bill, ids);
  }

  /**
   * A MCHTRANSFER.BILL.FINISHED notification, verified (signature over its exact bytes, freshness,
   * decryption: else PAYMENT_SIGNATURE_INVALID), as the withdrawal it ends, its outcome and the amount WeChat Pay moved.
   */
  notice(received: ReceivedNotification): { withdrawalId: string; result: PayoutResult; amountFen: number | undefined } {
    const bill = this.transfers.verifyNotification(received);
    const withdrawalId = withdrawalOfBillNo(bill.outBillNo);
    if (!withdrawalId) throw new AppError('NOT_FOUND', 'no withdrawal has this bill number');
    return {
      withdrawalId,
      result: payoutResultOf(bill, { mchId: this.transfers.mchid, appId: this.transfers.appid }),
      amountFen: bill.amountFen,
    };
  }
}
