import type { web } from '@linli/contracts';
import type { AppContext } from '../../context.ts';
import { commissionKept, listAccounts, getPolicy } from '../ledger/index.ts';
import { leaderSalesOnDay } from '../ordering/index.ts';
import { withdrawnOnDay } from '../settlement/index.ts';
import { businessDayOf } from './web.queries.ts';
import { localDate } from '../../platform/calendar.ts';

/**
 * A leader's day: orders paid at their pickup points, their total net of refunds and the residents
 * who paid, the commission on them net of what their refunds clawed back so far (the ledger's
 * commission lines), the commission balances now, and
 * the operator's withdrawal policy with what the leader has asked to withdraw today, so the
 * withdraw screen can check an amount as the withdrawal service will.
 */
export async function leaderSummary(ctx: AppContext, operatorId: string, leaderId: string, date?: string): Promise<web.LeaderSummary> {
  const { day, tz } = await businessDayOf(ctx, operatorId, date);
  const sold = await leaderSalesOnDay(ctx.db, operatorId, leaderId, day, tz);
  const commissionFen = await commissionKept(ctx.db, operatorId, leaderId, { from: day, to: day });
  const accounts = await listAccounts(ctx.db, operatorId, { kind: 'leader', id: leaderId });
  const balance = (code: string) => accounts.find((a) => a.code === code)?.balanceFen ?? 0;
  const [policy, withdrawnTodayFen] = await Promise.all([
    getPolicy(ctx.db, operatorId),
    withdrawnOnDay(ctx.db, operatorId, leaderId, localDate(ctx.clock.now(), tz), tz),
  ]);
  return {
    date: day,
    orders: sold.orders,
    gmvFen: sold.gmvFen,
    members: sold.members,
    commissionAccruedFen: commissionFen,
    commissionAvailableFen: balance('commission_available'),
    commissionHeldFen: balance('commission_pending'),
    commissionWithdrawingFen: balance('commission_withdrawing'),
    withdrawal: {
      minFen: policy.withdrawalMinFen,
      feeBp: policy.withdrawalFeeBp,
      dailyLimitFen: policy.withdrawalDailyLimitFen,
      withdrawnTodayFen,
    },
  };
}
