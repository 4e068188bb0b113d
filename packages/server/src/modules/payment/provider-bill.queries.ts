import type { Executor } from '../../platform/db/database.ts';

/**
 * A check of the provider's bill as an operator's finance staff see it: the bill's totals and the
 * differences that are theirs, or that belong to nobody in linli (money at the provider linli
 * does not know). Installations with one merchant for all operators share the bill.
 */
export async function providerBillCheck(db: Executor, operatorId: string, account: string, date: string) {
  // The account: the provider's name (the installation's merchant), or `<name>:<operatorId>` (an operator's own).
  const provider = account.split(':')[0] as string;
  const check = await db
    .selectFrom('provider_bill_checks')
    .selectAll()
    .where('provider', '=', account)
    .where('bill_date', '=', date)
    .executeTakeFirst();
  if (!check) return null;
  const differences = await db
    .selectFrom('provider_bill_differences')
    .select(['subject', 'ref', 'kind', 'linli_fen', 'provider_fen'])
    .where('check_id', '=', check.id)
    .where((eb) => eb.or([eb('operator_id', '=', operatorId), eb('operator_id', 'is', null)]))
    .orderBy('subject')
    .orderBy('ref')
    .execute();
  return {
    provider,
    date: check.bill_date,
    checkedAt: check.checked_at.toISOString(),
    paymentsCount: check.payments_count,
    paymentsFen: check.payments_fen,
    refundsCount: check.refunds_count,
    refundsFen: check.refunds_fen,
    differences: differences.map((d) => ({
      subject: d.subject,
      ref: d.ref,
      kind: d.kind,
      linliFen: d.linli_fen,
      providerFen: d.provider_fen,
    })),
  };
}
