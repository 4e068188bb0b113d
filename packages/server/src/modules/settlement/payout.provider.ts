import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { PayeeConfirmation } from '../../platform/db/schema.ledger.ts';
import type { AppError } from '../../platform/errors.ts';

export type { PayeeConfirmation };

export interface PayoutResult {
  status: 'succeeded' | 'failed' | 'pending';
  providerRef: string;
  reason?: string;
  /** The provider's own state of the payout (WeChat Pay's WAIT_USER_CONFIRM, SUCCESS, …), shown to finance. */
  providerState?: string;
  /** Pending until the payee accepts it: what the payee's screen needs to accept. */
  confirmation?: PayeeConfirmation;
}

/** One payout: the withdrawal (the idempotency key), whom to pay and the amount after the fee. */
export interface PayoutRequest {
  withdrawalId: string;
  operatorId: string;
  leaderId: string;
  amountFen: number;
  /** What the payee's screen already holds to accept this payout (asked again while it waits), if anything. */
  confirmation?: PayeeConfirmation | null;
}

/**
 * What linli needs from a payout provider (WeChat Pay transfers and others get adapters behind
 * this). The withdrawal id is the idempotency key: asking again for the same withdrawal must not
 * pay twice, and answers the payout's outcome so far (so the sweep's retries also poll).
 */
export interface PayoutProvider {
  readonly name: string;
  payout(p: PayoutRequest): Promise<PayoutResult>;
  /**
   * Why this leader cannot be paid through this provider (no WeChat account bound, …), or null;
   * asked when the leader requests a withdrawal and again when finance approves it.
   */
  payeeRefusal?(db: Executor, operatorId: string, leaderId: string): Promise<AppError | null>;
}

/**
 * The built-in provider: pays at once, remembering each withdrawal so a retry answers the same.
 * `failNext` makes the next payouts fail, as a bank rejecting an account would (tests, demo).
 */
export class DevPayoutProvider implements PayoutProvider {
  readonly name = 'dev';
  private readonly done = new Map<string, PayoutResult>();
  private failures = 0;

  failNext(count = 1): void {
    this.failures += count;
  }

  async payout(p: PayoutRequest): Promise<PayoutResult> {
    const earlier = this.done.get(p.withdrawalId);
    if (earlier) return earlier;
    const result: PayoutResult =
      this.failures > 0
        ? { status: 'failed', providerRef: `devpo_${p.withdrawalId}`, reason: 'the payee account rejected the transfer' }
        : { status: 'succeeded', providerRef: `devpo_${p.withdrawalId}` };
    if (this.failures > 0) this.failures--;
    this.done.set(p.withdrawalId, result);
    return result;
  }
}

const providers = new WeakMap<AppContext, PayoutProvider>();

/** The installation's payout provider; the built-in `dev` one until another is installed. */
export function payoutProviderOf(ctx: AppContext): PayoutProvider {
  let provider = providers.get(ctx);
  if (!provider) {
    provider = new DevPayoutProvider();
    providers.set(ctx, provider);
  }
  return provider;
}

/** Installs a payout provider (a real adapter) for this installation. */
export function usePayoutProvider(ctx: AppContext, provider: PayoutProvider): void {
  providers.set(ctx, provider);
}
