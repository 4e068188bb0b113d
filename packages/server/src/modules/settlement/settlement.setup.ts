import type { AppContext } from '../../context.ts';
import { createWechatTransfers } from '../payment/index.ts';
import { usePayoutProvider } from './payout.provider.ts';
import { WechatTransferPayoutProvider } from './wechat-transfer.provider.ts';
import { payOutApproved } from './withdrawal.service.ts';

/** Where WeChat Pay posts transfer notifications, on the installation's public address. */
export const WECHATPAY_PAYOUT_NOTIFY_PATH = '/api/v1/payouts/wechatpay/notify';

/**
 * The configured payout provider (WeChat Pay's transfers with LINLI_PAYOUT_PROVIDER=wechatpay),
 * and the payout sweep: approved withdrawals whose payout has no outcome yet (a crash after
 * approval, a provider still processing, a transfer waiting for the leader to accept it) are
 * sent, or asked about, again.
 */
export function setupSettlement(ctx: AppContext): void {
  const settings = ctx.config.payoutProvider === 'wechatpay' ? ctx.config.wechatTransfer : undefined;
  const transfers = settings
    ? createWechatTransfers(ctx.config, `${ctx.config.publicUrl}${WECHATPAY_PAYOUT_NOTIFY_PATH}`, ctx.clock)
    : undefined;
  if (settings && transfers) usePayoutProvider(ctx, new WechatTransferPayoutProvider(ctx.db, transfers, settings));
  ctx.jobs.addSweep({ name: 'withdrawal-payouts', run: () => payOutApproved(ctx) });
}
