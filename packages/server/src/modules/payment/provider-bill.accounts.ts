import type { AppContext } from '../../context.ts';
import type { PaymentProvider } from './payment.provider.ts';
import { paymentsOf } from './payment.registry.ts';

/**
 * Whose bill is checked: the installation's merchant (the payments of operators without
 * credentials of their own), or one operator's own merchant. `key` names the account in
 * provider_bill_checks.provider: the provider's name, or `<name>:<operatorId>`.
 */
export interface BillAccount {
  key: string;
  provider: PaymentProvider;
  /** The operator whose own merchant it is; null: the installation's. */
  operatorId: string | null;
}

export function installationAccount(ctx: AppContext): BillAccount {
  return { key: ctx.payments.name, provider: ctx.payments, operatorId: null };
}

/** The account an operator's payments are billed on. */
export async function billAccountOf(ctx: AppContext, operatorId: string): Promise<BillAccount> {
  const provider = await paymentsOf(ctx, operatorId);
  if (provider === ctx.payments) return installationAccount(ctx);
  return { key: `${provider.name}:${operatorId}`, provider, operatorId };
}

/** Every account with a bill to check: the installation's, then each operator's own merchant. */
export async function billAccounts(ctx: AppContext): Promise<BillAccount[]> {
  const accounts = [installationAccount(ctx)];
  if (ctx.payments.name !== 'wechatpay') return accounts;
  const own = await ctx.db.selectFrom('wechatpay_credentials').select('operator_id').orderBy('operator_id').execute();
  for (const { operator_id } of own) accounts.push(await billAccountOf(ctx, operator_id));
  return accounts.filter((a) => a.provider.tradeBill !== undefined);
}
