import type { AppContext } from '../../context.ts';
import { DAY } from '../../platform/clock.ts';
import { activeStaffWithRoles, operatorTimeZones } from '../identity/index.ts';
import { claim } from './journal.ts';
import { closeDay, reconcile } from './ledger.reconcile.ts';
import { notify } from '../../platform/notifications.ts';

/**
 * The daily check: once per operator and business day, yesterday is reconciled; a mismatch is
 * logged and told to the operator's finance staff with the documents involved. The day is claimed
 * in the same transaction as the notification, so several server processes check it once. The day
 * is closed first (`closeDay`: balances carried from the previous closing plus the day's postings),
 * so the check reads that day, not the whole journal.
 */
export async function reconcileYesterday(ctx: AppContext): Promise<number> {
  const operators = await operatorTimeZones(ctx.db);
  let checked = 0;
  for (const op of operators) {
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: op.timeZone }).format(new Date(ctx.clock.now().getTime() - DAY));
    const key = `reconciliation:${yesterday}`;
    const done = await ctx.db
      .selectFrom('ledger_event_claims')
      .select('key')
      .where('operator_id', '=', op.id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (done) continue;
    // Events still on their way would show as mismatches: check when the outbox has delivered them.
    const undelivered = await ctx.db
      .selectFrom('outbox')
      .select('id')
      .where('operator_id', '=', op.id)
      .where('delivered_at', 'is', null)
      .where('attempts', '<', 10)
      .limit(1)
      .executeTakeFirst();
    if (undelivered) continue;
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await claim(trx, op.id, key, ctx.clock.now()))) return;
      await closeDay(trx, op.id, yesterday, ctx.clock.now());
      const result = await reconcile(trx, op.id, yesterday);
      checked++;
      if (result.ok) return;
      const mismatches = result.checks.flatMap((c) =>
        c.mismatches.map((m) => `${c.name}: ${m.documentType} ${m.documentId} (${m.expectedFen} ≠ ${m.ledgerFen})`),
      );
      ctx.log.error({ operatorId: op.id, date: yesterday, mismatches }, 'ledger reconciliation found mismatches');
      const finance = await activeStaffWithRoles(trx, op.id, ['finance', 'admin']);
      if (finance.length === 0) return;
      await notify(
        trx,
        ctx.clock.now(),
        op.id,
        finance.map((staffId) => ({
          recipientKind: 'staff' as const,
          recipientId: staffId,
          title: `对账异常 ${yesterday}`,
          body: mismatches.slice(0, 20).join('\n'),
        })),
      );
    });
  }
  return checked;
}
